// Staff sessions live in the database, so every instance serves them and signing out takes effect
// everywhere at once. Expiry slides: a session ends after IDLE_HOURS without a request, and in any case
// ABSOLUTE_DAYS after sign-in (a stolen cookie does not live forever). All times use the database's clock.
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { staffSessions, staffUsers } from '../db/schema.js';
import type { StaffRole } from './staff.js';

export const IDLE_HOURS = 12;
export const ABSOLUTE_DAYS = 30;
/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionStaff {
  id: string;
  communityId: string;
  role: StaffRole;
  email: string;
  displayName: string;
}

const idleCutoff = sql`now() - make_interval(hours => ${IDLE_HOURS})`;

export async function createSession(tx: Executor, staffId: string, tokenHash: string): Promise<void> {
  // Sweep this member's dead sessions so the table does not grow without bound.
  await tx
    .delete(staffSessions)
    .where(
      and(
        eq(staffSessions.staffId, staffId),
        sql`(${staffSessions.expiresAt} <= now() or ${staffSessions.lastSeenAt} <= ${idleCutoff})`,
      ),
    );
  await tx.insert(staffSessions).values({
    tokenHash,
    staffId,
    expiresAt: sql`now() + make_interval(days => ${ABSOLUTE_DAYS})`,
  });
}

/** A session that is unexpired, not idle too long, and whose staff member is still active. */
const liveSession = (tokenHash: string) =>
  and(
    eq(staffSessions.tokenHash, tokenHash),
    gt(staffSessions.expiresAt, sql`now()`),
    gt(staffSessions.lastSeenAt, idleCutoff),
    eq(staffUsers.active, true),
  );

const touchCutoff = sql`now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})`;

/**
 * The active staff member a live session belongs to; refreshes its idle timer when it is due, so most staff
 * requests (a console screen makes several a minute) cost one statement, not a read and an update.
 */
export async function findSessionStaff(db: Executor, tokenHash: string): Promise<SessionStaff | undefined> {
  const [row] = await db
    .select({
      id: staffUsers.id,
      communityId: staffUsers.communityId,
      role: staffUsers.role,
      email: staffUsers.email,
      displayName: staffUsers.displayName,
      touchDue: sql<boolean>`${staffSessions.lastSeenAt} < ${touchCutoff}`,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(liveSession(tokenHash))
    .limit(1);
  if (!row) return undefined;
  const { touchDue, ...staff } = row;
  if (touchDue) {
    await db
      .update(staffSessions)
      .set({ lastSeenAt: sql`now()` })
      .where(and(eq(staffSessions.tokenHash, tokenHash), lt(staffSessions.lastSeenAt, touchCutoff)));
  }
  return staff;
}

export async function deleteSession(tx: Executor, tokenHash: string): Promise<void> {
  await tx.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
}

/** Ends every session of one staff member; returns how many there were. */
export async function deleteSessionsOfStaff(tx: Executor, staffId: string): Promise<number> {
  const deleted = await tx
    .delete(staffSessions)
    .where(eq(staffSessions.staffId, staffId))
    .returning({ tokenHash: staffSessions.tokenHash });
  return deleted.length;
}

/** Whether a session is still live, without refreshing its idle timer (an open live stream is not activity). */
export async function isSessionLive(db: Executor, tokenHash: string): Promise<boolean> {
  const rows = await db
    .select({ tokenHash: staffSessions.tokenHash })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(liveSession(tokenHash))
    .limit(1);
  return rows.length === 1;
}
