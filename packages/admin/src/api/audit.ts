// The community's audit log for admins (/admin/api/audit), filtered, newest first, a page at a time.
import type { AuditEntry } from '@courtyard/protocol';
import { adminRequest } from './request.js';

export type { AuditEntry };

export interface AuditFilter {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
}

export function searchAudit(filter: AuditFilter, cursor?: string) {
  const params = new URLSearchParams({ limit: '50' });
  for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
  if (cursor) params.set('cursor', cursor);
  return adminRequest<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `audit?${params}`);
}
