// What the audit log holds, for tests that check an action was audited (or was not).
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../packages/server/src/db/database.js';
import { auditLog } from '../../packages/server/src/db/schema.js';

/** The actions audited on a subject, oldest first; only the community's when `communityId` is given. */
export async function auditActions(db: Executor, subjectId: string, communityId?: string): Promise<string[]> {
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(
      communityId === undefined
        ? eq(auditLog.subjectId, subjectId)
        : and(eq(auditLog.communityId, communityId), eq(auditLog.subjectId, subjectId)),
    )
    .orderBy(asc(auditLog.id));
  return rows.map((row) => row.action);
}
