// The repair staff API (/admin/api/repairs…) as the Repairs screen uses it.
import type * as Schemas from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import { adminRequest } from './request.js';

export type RepairStatus = Static<typeof Schemas.RepairStatus>;
export type RepairSummary = Static<typeof Schemas.StaffRepairSummary>;
export type RepairDetail = Static<typeof Schemas.StaffRepairDetail>;
export type RepairPage = Static<typeof Schemas.StaffRepairList>;
export type RepairChoices = Static<typeof Schemas.RepairChoices>;
export type RevealedContact = Static<typeof Schemas.RevealedContact>;
export type TimelineEntry = RepairDetail['timeline'][number];

export interface RepairFilters {
  category?: string;
  building?: string;
  assignee?: string;
}

/** One page of repairs, newest first (200 fill a board; `cursor` fetches the next page). */
export function listRepairs(filters: RepairFilters, cursor?: string): Promise<RepairPage> {
  const query = new URLSearchParams({ limit: '200' });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  return adminRequest('GET', `repairs?${query}`);
}

export const repairChoices = () => adminRequest<RepairChoices>('GET', 'repairs/choices');

export const getRepair = (id: string) => adminRequest<RepairDetail>('GET', `repairs/${encodeURIComponent(id)}`);

/** The full contact details; the server writes an audit row for every call. */
export const revealContact = (id: string) =>
  adminRequest<RevealedContact>('POST', `repairs/${encodeURIComponent(id)}/reveal-contact`);

export const assignRepair = (id: string, assigneeId: string | null) =>
  adminRequest<RepairDetail>('POST', `repairs/${encodeURIComponent(id)}/assignment`, { assigneeId });

/** `updateId` is made once per attempt so that a retry after a lost answer is not posted twice. */
export const postRepairUpdate = (
  id: string,
  update: { id: string; status?: RepairStatus; note?: string; public: boolean },
) => adminRequest<RepairDetail>('POST', `repairs/${encodeURIComponent(id)}/updates`, update);

export const setPhotoPublic = (id: string, photoId: string, isPublic: boolean) =>
  adminRequest<RepairDetail>('POST', `repairs/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`, {
    public: isPublic,
  });

export const photoUrl = (id: string, photoId: string) =>
  `/admin/api/repairs/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`;
