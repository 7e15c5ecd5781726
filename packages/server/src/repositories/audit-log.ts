// Reading the audit log: one community's entries, newest first, filtered, in keyset pages by id (ids grow
// with every insert, so a page boundary never skips or repeats an entry while new ones arrive).
import { and, desc, eq, gte, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { auditLog, staffUsers } from '../db/schema.js';

export interface AuditFilter {
  actorId?: string;
  /** An action (`staff.invited`) or a prefix of whole segments (`staff` matches `staff.*`). */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  /** Entries with an id below this one (the previous page's last id). */
  beforeId?: number;
}

export interface AuditRow {
  id: number;
  createdAt: Date;
  actorType: 'staff' | 'system' | 'cli' | 'resident';
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
}

export async function searchAudit(
  db: Executor,
  communityId: string,
  filter: AuditFilter,
  limit: number,
): Promise<AuditRow[]> {
  const conditions: SQL[] = [eq(auditLog.communityId, communityId)];
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) {
    // The action's pattern (letters, "_" and ".") has no LIKE wildcards of its own.
    conditions.push(or(eq(auditLog.action, filter.action), like(auditLog.action, `${filter.action}.%`)) as SQL);
  }
  if (filter.subjectType) conditions.push(eq(auditLog.subjectType, filter.subjectType));
  if (filter.subjectId) conditions.push(eq(auditLog.subjectId, filter.subjectId));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lte(auditLog.createdAt, filter.to));
  if (filter.beforeId !== undefined) conditions.push(lt(auditLog.id, filter.beforeId));
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      // Only a colleague of the same community is named.
      actorName: staffUsers.displayName,
      actorEmail: staffUsers.email,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(staffUsers.id, auditLog.actorId), eq(staffUsers.communityId, communityId)))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** Writes one audit entry (audit/audit.ts says what goes in it). */
export async function insertAuditEntry(tx: Executor, entry: typeof auditLog.$inferInsert): Promise<void> {
  await tx.insert(auditLog).values(entry);
}
