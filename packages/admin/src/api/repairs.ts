// The repair staff API (/admin/api/repairs…) as the Repairs screen uses it.
import type {
  IncidentMerge,
  NewRepairUpdate,
  RepairAssignment,
  RepairChoices,
  RepairListQuery,
  RepairPhotoVisibility,
  RevealedContact,
  StaffRepairDetail,
  StaffRepairList,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type {
  RepairChoices,
  RevealedContact,
  StaffRepairDetail as RepairDetail,
  StaffRepairSummary as RepairSummary,
  StaffTimelineEntry as TimelineEntry,
} from '@courtyard/protocol/schemas';
export type RepairStatus = StaffRepairDetail['status'];
/** The board's filters; the page size and cursor are added here. */
export type RepairFilters = Pick<RepairListQuery, 'category' | 'building' | 'assignee'>;

/** One page of repairs, newest first (200 fill a board; `cursor` fetches the next page). */
export function listRepairs(filters: RepairFilters, cursor?: string): Promise<StaffRepairList> {
  const query = new URLSearchParams({ limit: '200' });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  return adminRequest('GET', `repairs?${query}`);
}

export const repairChoices = () => adminRequest<RepairChoices>('GET', 'repairs/choices');

export const getRepair = (id: string) => adminRequest<StaffRepairDetail>('GET', `repairs/${encodeURIComponent(id)}`);

/** The full contact details; the server writes an audit row for every call. */
export const revealContact = (id: string) =>
  adminRequest<RevealedContact>('POST', `repairs/${encodeURIComponent(id)}/reveal-contact`);

export const assignRepair = (id: string, assigneeId: string | null) =>
  adminRequest<StaffRepairDetail>('POST', `repairs/${encodeURIComponent(id)}/assignment`, {
    assigneeId,
  } satisfies RepairAssignment);

/** `update.id` is made once per attempt so that a retry after a lost answer is not posted twice. */
export const postRepairUpdate = (id: string, update: NewRepairUpdate) =>
  adminRequest<StaffRepairDetail>('POST', `repairs/${encodeURIComponent(id)}/updates`, update);

export const setPhotoPublic = (id: string, photoId: string, isPublic: boolean) =>
  adminRequest<StaffRepairDetail>('POST', `repairs/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`, {
    public: isPublic,
  } satisfies RepairPhotoVisibility);

export const photoUrl = (id: string, photoId: string) =>
  `/admin/api/repairs/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`;

/** Merges the reports into the incident led by `leadId` (all or nothing). */
export const mergeIntoIncident = (leadId: string, repairIds: string[]) =>
  adminRequest('POST', 'incidents', { leadId, repairIds } satisfies IncidentMerge);

/** Takes a report out of its incident. */
export const unmergeFromIncident = (leadId: string, repairId: string) =>
  adminRequest('DELETE', `incidents/${encodeURIComponent(leadId)}/reports/${encodeURIComponent(repairId)}`);
