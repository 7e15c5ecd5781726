// Sites and their allowed origins (/admin/api/sites), and the published script-tag manifest for snippets.
import type {
  AddOriginRequest,
  AdminSite,
  AdminSiteList,
  CreateSiteRequest,
  ProofOfWorkSetting,
} from '@courtyard/protocol/schemas';
import { AdminApiError, adminRequest } from './request.js';

export type { AdminSite };

export async function listSites(): Promise<AdminSite[]> {
  return (await adminRequest<AdminSiteList>('GET', 'sites')).items;
}

export function createSite(input: CreateSiteRequest): Promise<AdminSite> {
  return adminRequest<AdminSite>('POST', 'sites', input);
}

export function addOrigin(siteId: string, origin: string): Promise<AdminSite> {
  return adminRequest<AdminSite>('POST', `sites/${encodeURIComponent(siteId)}/origins`, {
    origin,
  } satisfies AddOriginRequest);
}

export function removeOrigin(siteId: string, origin: string): Promise<AdminSite> {
  return adminRequest<AdminSite>(
    'DELETE',
    `sites/${encodeURIComponent(siteId)}/origins?origin=${encodeURIComponent(origin)}`,
  );
}

/** Every write from the site proves work (`always`), or only while it or the sender is busy. */
export function setProofOfWork(siteId: string, always: boolean): Promise<AdminSite> {
  return adminRequest<AdminSite>('PUT', `sites/${encodeURIComponent(siteId)}/proof-of-work`, {
    always,
  } satisfies ProofOfWorkSetting);
}

/**
 * The part of /embed/v1/manifest.json a snippet needs. That file is the build's output, not the staff API, so
 * its schema lives beside the server's embed route rather than in @courtyard/protocol.
 */
export interface EmbedManifest {
  version: string;
  src: string;
  integrity: string;
}

/** The newest script-tag build and its SRI hash, as /embed/v1/manifest.json publishes them. */
export async function embedManifest(): Promise<EmbedManifest> {
  let response: Response;
  try {
    response = await fetch('/embed/v1/manifest.json', { credentials: 'omit' });
  } catch {
    throw new AdminApiError('network', 0);
  }
  if (!response.ok) throw new AdminApiError('unexpected', response.status);
  return (await response.json()) as EmbedManifest;
}
