// The inbox feed (/admin/api/inbox): what is new across suggestions and repairs, newest first.
import type { InboxItem, InboxPage, InboxQuery } from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { InboxItem, InboxPage };

/** `new`: what is new; `review`: what the server set aside as spam, for staff to check. */
export type InboxSection = NonNullable<InboxQuery['section']>;

export function fetchInbox(cursor?: string | null, section: InboxSection = 'new'): Promise<InboxPage> {
  const query = new URLSearchParams();
  if (cursor) query.set('cursor', cursor);
  if (section !== 'new') query.set('section', section);
  const search = query.toString();
  return adminRequest<InboxPage>('GET', `inbox${search ? `?${search}` : ''}`);
}
