// Notices for staff (/admin/api/notices…): publish, read, post progress with photos, close, moderate offers.
import type {
  CloseNoticeBody,
  ModerateNoticeOfferBody,
  NewNoticeBody,
  NewNoticeUpdateBody,
  StaffNoticeBody,
  StaffNoticeListBody,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { NewNoticeBody as NewNotice, StaffNoticeBody as StaffNotice } from '@courtyard/protocol/schemas';
export type NoticeState = 'open' | 'closed';
export type NoticeOfferAction = ModerateNoticeOfferBody['action'];

const path = (id: string) => `notices/${encodeURIComponent(id)}`;

/** One page of notices, newest first; `state` keeps open or closed ones only. */
export function listNotices(state?: NoticeState, cursor?: string): Promise<StaffNoticeListBody> {
  const query = new URLSearchParams({ limit: '100' });
  if (state) query.set('state', state);
  if (cursor) query.set('cursor', cursor);
  return adminRequest('GET', `notices?${query}`);
}

export const getNotice = (id: string) => adminRequest<StaffNoticeBody>('GET', path(id));

/** `notice.id` is made once per attempt, so a retry after a lost answer publishes it once. */
export const publishNotice = (notice: NewNoticeBody) => adminRequest<StaffNoticeBody>('POST', 'notices', notice);

/** Progress with up to three photos, sent as multipart when there are photos (JSON otherwise). */
export function postNoticeUpdate(id: string, update: Required<NewNoticeUpdateBody>, photos: File[]) {
  if (!photos.length) return adminRequest<StaffNoticeBody>('POST', `${path(id)}/updates`, update);
  const form = new FormData();
  form.set('id', update.id);
  form.set('text', update.text);
  for (const photo of photos) form.append('photos', photo, photo.name);
  return adminRequest<StaffNoticeBody>('POST', `${path(id)}/updates`, form);
}

export const closeNotice = (id: string, closingText: string) =>
  adminRequest<StaffNoticeBody>('POST', `${path(id)}/close`, { closingText } satisfies CloseNoticeBody);

export const moderateOffer = (id: string, offerId: string, action: NoticeOfferAction) =>
  adminRequest<StaffNoticeBody>('POST', `${path(id)}/offers/${encodeURIComponent(offerId)}/moderation`, {
    action,
  } satisfies ModerateNoticeOfferBody);

/**
 * Where an update's photo is shown: photos of notices are public, served under the site of the notice's public
 * page (`/p/<siteKey>/notices/<id>`); without a public page there is no address for them.
 */
export function noticePhotoUrl(notice: StaffNoticeBody, photoId: string): string | null {
  const siteKey = notice.publicUrl ? /\/p\/([^/]+)\/notices\//.exec(new URL(notice.publicUrl).pathname)?.[1] : null;
  return siteKey ? `/api/v1/sites/${siteKey}/photos/${encodeURIComponent(photoId)}` : null;
}
