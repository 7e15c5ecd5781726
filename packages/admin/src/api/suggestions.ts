// The staff suggestion API (/admin/api/suggestions…): the queue, moderation, answers, notes, merging, trust.
import type {
  MergeSuggestion,
  RevealedPhone,
  StaffSuggestion,
  StaffSuggestionList,
  StaffSuggestionQuery,
  UpdateSuggestion,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { SuggestionModeration, SuggestionStatus } from '@courtyard/protocol';
export type { StaffSuggestion };
export type ModerationAction = NonNullable<UpdateSuggestion['moderation']>;
export type SuggestionFilter = Omit<StaffSuggestionQuery, 'cursor'>;

const path = (id: string, rest = '') => `suggestions/${encodeURIComponent(id)}${rest}`;

export function listSuggestions(filter: SuggestionFilter, cursor?: string | null): Promise<StaffSuggestionList> {
  const query = new URLSearchParams();
  if (filter.moderation) query.set('moderation', filter.moderation);
  if (filter.status) query.set('status', filter.status);
  if (filter.limit) query.set('limit', String(filter.limit));
  if (cursor) query.set('cursor', cursor);
  const search = query.toString();
  return adminRequest<StaffSuggestionList>('GET', `suggestions${search ? `?${search}` : ''}`);
}

export const getSuggestion = (id: string) => adminRequest<StaffSuggestion>('GET', path(id));

export const moderateSuggestion = (id: string, moderation: ModerationAction) =>
  adminRequest<StaffSuggestion>('PATCH', path(id), { moderation } satisfies UpdateSuggestion);

export const updateSuggestion = (id: string, changes: Omit<UpdateSuggestion, 'moderation'>) =>
  adminRequest<StaffSuggestion>('PATCH', path(id), changes);

export const approveAndTrust = (id: string) => adminRequest<StaffSuggestion>('POST', path(id, '/approve-and-trust'));

export const untrustAuthor = (id: string) => adminRequest<StaffSuggestion>('DELETE', path(id, '/trust'));

export const mergeSuggestion = (id: string, into: string) =>
  adminRequest<StaffSuggestion>('POST', path(id, '/merge'), { into } satisfies MergeSuggestion);

export const revealPhone = (id: string) => adminRequest<RevealedPhone>('POST', path(id, '/phone'));

export const photoUrl = (id: string, photoId: string) =>
  `/admin/api/${path(id, `/photos/${encodeURIComponent(photoId)}`)}`;
