// The audit log: every staff action, written in the same transaction as the change it records.
import type { Executor } from '../db/database.js';
import { insertAuditEntry } from '../repositories/audit-log.js';

export type AuditActor =
  | { type: 'staff'; id: string; communityId: string }
  | { type: 'system' | 'cli' | 'resident'; communityId: string };

/** A staff member acting: who, in which community. */
export type StaffActor = Extract<AuditActor, { type: 'staff' }>;

export interface AuditSubject {
  type: string;
  id?: string | null;
}

/**
 * Records `action` on `subject` by `actor`. `before`/`after` hold the changed fields (never secrets such as
 * password hashes); pass the transaction that makes the change so the record and the change commit together.
 */
export async function audit(
  tx: Executor,
  actor: AuditActor,
  action: string,
  subject: AuditSubject,
  before: unknown = null,
  after: unknown = null,
): Promise<void> {
  await insertAuditEntry(tx, {
    communityId: actor.communityId,
    actorType: actor.type,
    actorId: actor.type === 'staff' ? actor.id : null,
    action,
    subjectType: subject.type,
    subjectId: subject.id ?? null,
    before: before ?? null,
    after: after ?? null,
  });
}
