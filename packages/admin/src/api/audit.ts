// The community's audit log for admins (/admin/api/audit), filtered, newest first, a page at a time.
import type { AuditEntry, AuditPage, AuditQuery } from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { AuditEntry };
/** What the filter form sets; the page size and cursor are added here. */
export type AuditFilter = Omit<AuditQuery, 'cursor' | 'limit'>;

export function searchAudit(filter: AuditFilter, cursor?: string) {
  const params = new URLSearchParams({ limit: '50' });
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
  if (cursor) params.set('cursor', cursor);
  return adminRequest<AuditPage>('GET', `audit?${params}`);
}
