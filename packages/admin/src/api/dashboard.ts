// The dashboard's figures (GET /admin/api/dashboard).
import type { Dashboard } from '@courtyard/protocol/schemas';
import { listPolls } from './polls.js';
import { adminRequest } from './request.js';

export type { Dashboard };

export function fetchDashboard(weeks: number): Promise<Dashboard> {
  return adminRequest<Dashboard>('GET', `dashboard?weeks=${weeks}`);
}

/** The community's polls, newest first, to pick one whose results to export. */
export async function fetchPollChoices(): Promise<{ id: string; title: string }[]> {
  const page = await listPolls();
  return page.items.map(({ id, title }) => ({ id, title }));
}
