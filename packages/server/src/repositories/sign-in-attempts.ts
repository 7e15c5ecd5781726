// The per-account sign-in lock, kept in the database so it holds on every instance and every connection.
// Each attempt is counted *before* its password is checked (a reservation), in one statement per step, so
// parallel attempts cannot all slip past the lock while their slow password checks run:
//   reserve  → failed_logins + 1, refused while locked; an attempt arriving when `maxFailures` attempts are
//              already counted (failed, or still being checked) engages the lock and is refused;
//   fail     → the count stays; at `maxFailures` the lock engages;
//   release  → the attempt is uncounted (a right password of a deactivated account, or another account of the
//              same email that the password did open);
//   succeed  → in the transaction that creates the session: only while not locked, the count starts again.
// All times use the database's clock.
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { staffUsers } from '../db/schema.js';

export interface LockPolicy {
  /** Attempts counted (failed or in progress) before the lock engages. */
  maxFailures: number;
  lockMs: number;
}

const lockedForSeconds = sql<number>`greatest(0, ceil(extract(epoch from (coalesce(${staffUsers.lockedUntil}, now()) - now()))))::int`;
const notLocked = or(isNull(staffUsers.lockedUntil), lte(staffUsers.lockedUntil, sql`now()`));

/**
 * Counts an attempt on each account. Answers, per account id, the seconds it stays locked: 0 means the attempt
 * is counted and its password may be checked; more means it is refused (locked before, or by this attempt).
 */
export async function reserveSignInAttempts(
  db: Executor,
  ids: string[],
  { maxFailures, lockMs }: LockPolicy,
): Promise<Map<string, number>> {
  const full = sql`${staffUsers.failedLogins} >= ${maxFailures}`;
  const counted = await db
    .update(staffUsers)
    .set({
      failedLogins: sql`case when ${full} then 0 else ${staffUsers.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${full} then now() + make_interval(secs => ${lockMs / 1000}) else ${staffUsers.lockedUntil} end`,
    })
    .where(and(inArray(staffUsers.id, ids), notLocked))
    .returning({ id: staffUsers.id, lockedForSeconds });
  const waits = new Map(counted.map((row) => [row.id, Number(row.lockedForSeconds)]));
  const missing = ids.filter((id) => !waits.has(id));
  if (missing.length > 0) {
    // Locked already: how long for.
    const locked = await db
      .select({ id: staffUsers.id, lockedForSeconds })
      .from(staffUsers)
      .where(inArray(staffUsers.id, missing));
    for (const row of locked) waits.set(row.id, Math.max(1, Number(row.lockedForSeconds)));
  }
  return waits;
}

/** A counted attempt failed: the lock engages when the count has reached `maxFailures`. Answers the lock's seconds. */
export async function failSignInAttempt(
  tx: Executor,
  id: string,
  { maxFailures, lockMs }: LockPolicy,
): Promise<number> {
  const full = sql`${staffUsers.failedLogins} >= ${maxFailures}`;
  const [row] = await tx
    .update(staffUsers)
    .set({
      failedLogins: sql`case when ${full} then 0 else ${staffUsers.failedLogins} end`,
      lockedUntil: sql`case when ${full} then now() + make_interval(secs => ${lockMs / 1000}) else ${staffUsers.lockedUntil} end`,
    })
    .where(and(eq(staffUsers.id, id), notLocked))
    .returning({ lockedForSeconds });
  if (row) return Number(row.lockedForSeconds);
  // Another attempt engaged the lock meanwhile.
  const [locked] = await tx.select({ lockedForSeconds }).from(staffUsers).where(eq(staffUsers.id, id));
  return Number(locked?.lockedForSeconds ?? 0);
}

/** Uncounts attempts that turned out not to be guesses (a lock engaged meanwhile has already reset the count). */
export async function releaseSignInAttempts(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(staffUsers)
    .set({ failedLogins: sql`greatest(${staffUsers.failedLogins} - 1, 0)` })
    .where(and(inArray(staffUsers.id, ids), notLocked));
}

/**
 * The right password of an active account: checked again here, inside the transaction that creates the
 * session, so an attempt whose lock engaged while its password was being checked gets no session. Answers
 * false when the account is locked (or was deactivated) by now.
 */
export async function succeedSignInAttempt(tx: Executor, id: string): Promise<boolean> {
  const signedIn = await tx
    .update(staffUsers)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(and(eq(staffUsers.id, id), eq(staffUsers.active, true), notLocked))
    .returning({ id: staffUsers.id });
  return signedIn.length === 1;
}

/** Seconds the account stays locked (0 when it is not). */
export async function lockedFor(db: Executor, id: string): Promise<number> {
  const [row] = await db.select({ lockedForSeconds }).from(staffUsers).where(eq(staffUsers.id, id));
  return Number(row?.lockedForSeconds ?? 0);
}
