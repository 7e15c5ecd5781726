// The inbox feed (/admin/api/inbox): what is new across suggestions and repairs, newest first.
import type { InboxItem, InboxPage } from '@courtyard/protocol';
import { adminRequest } from './request.js';

export type { InboxItem, InboxPage };

export function fetchInbox(cursor?: string | null): Promise<InboxPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return adminRequest<InboxPage>('GET', `inbox${query}`);
}
