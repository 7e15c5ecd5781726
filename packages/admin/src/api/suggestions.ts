// The staff suggestion API (/admin/api/suggestions…): the queue, moderation, answers, notes, merging, trust.
import type { StaffSuggestion, SuggestionModeration, SuggestionStatus } from '@courtyard/protocol';
import { adminRequest } from './request.js';

export type { StaffSuggestion, SuggestionModeration, SuggestionStatus };
export type ModerationAction = 'publish' | 'reject' | 'spam';

export interface SuggestionFilter {
  moderation?: SuggestionModeration;
  status?: SuggestionStatus;
  limit?: number;
}

export interface SuggestionPage {
  items: StaffSuggestion[];
  nextCursor: string | null;
}

const path = (id: string, rest = '') => `suggestions/${encodeURIComponent(id)}${rest}`;

export function listSuggestions(filter: SuggestionFilter, cursor?: string | null): Promise<SuggestionPage> {
  const query = new URLSearchParams();
  if (filter.moderation) query.set('moderation', filter.moderation);
  if (filter.status) query.set('status', filter.status);
  if (filter.limit) query.set('limit', String(filter.limit));
  if (cursor) query.set('cursor', cursor);
  const search = query.toString();
  return adminRequest<SuggestionPage>('GET', `suggestions${search ? `?${search}` : ''}`);
}

export const getSuggestion = (id: string) => adminRequest<StaffSuggestion>('GET', path(id));

export const moderateSuggestion = (id: string, moderation: ModerationAction) =>
  adminRequest<StaffSuggestion>('PATCH', path(id), { moderation });

export const updateSuggestion = (
  id: string,
  changes: { status?: SuggestionStatus; response?: string | null; note?: string | null },
) => adminRequest<StaffSuggestion>('PATCH', path(id), changes);

export const approveAndTrust = (id: string) => adminRequest<StaffSuggestion>('POST', path(id, '/approve-and-trust'));

export const untrustAuthor = (id: string) => adminRequest<StaffSuggestion>('DELETE', path(id, '/trust'));

export const mergeSuggestion = (id: string, into: string) =>
  adminRequest<StaffSuggestion>('POST', path(id, '/merge'), { into });

export const revealPhone = (id: string) => adminRequest<{ phone: string | null }>('POST', path(id, '/phone'));

export const photoUrl = (id: string, photoId: string) =>
  `/admin/api/${path(id, `/photos/${encodeURIComponent(photoId)}`)}`;
