// Staff accounts. Every read a route makes is scoped by community; the sign-in lookup is by email alone
// (emails are unique across communities) and is the only one that returns the password hash.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { staffUsers } from '../db/schema.js';

export type StaffRole = 'admin' | 'staff';

export interface StaffAccount {
  id: string;
  communityId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface StaffForSignIn extends StaffAccount {
  passwordHash: string;
  /** Seconds until the lockout ends (0 when not locked), computed by the database's clock. */
  lockedForSeconds: number;
}

const accountColumns = {
  id: staffUsers.id,
  communityId: staffUsers.communityId,
  email: staffUsers.email,
  displayName: staffUsers.displayName,
  role: staffUsers.role,
  active: staffUsers.active,
  lastLoginAt: staffUsers.lastLoginAt,
  createdAt: staffUsers.createdAt,
};

/** Emails are stored and compared lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createStaff(
  tx: Executor,
  input: { communityId: string; email: string; displayName: string; role: StaffRole; passwordHash: string },
): Promise<StaffAccount> {
  const [row] = await tx
    .insert(staffUsers)
    .values({ ...input, email: normalizeEmail(input.email) })
    .returning(accountColumns);
  return row as StaffAccount;
}

export async function findStaffForSignIn(db: Executor, email: string): Promise<StaffForSignIn | undefined> {
  const [row] = await db
    .select({
      ...accountColumns,
      passwordHash: staffUsers.passwordHash,
      lockedForSeconds: sql<number>`greatest(0, ceil(extract(epoch from (coalesce(${staffUsers.lockedUntil}, now()) - now()))))::int`,
    })
    .from(staffUsers)
    .where(eq(staffUsers.email, normalizeEmail(email)))
    .limit(1);
  return row ? { ...row, lockedForSeconds: Number(row.lockedForSeconds) } : undefined;
}

export async function findStaffByEmail(db: Executor, email: string): Promise<StaffAccount | undefined> {
  const [row] = await db
    .select(accountColumns)
    .from(staffUsers)
    .where(eq(staffUsers.email, normalizeEmail(email)))
    .limit(1);
  return row;
}

export async function findStaffInCommunity(
  db: Executor,
  communityId: string,
  id: string,
): Promise<StaffAccount | undefined> {
  const [row] = await db
    .select(accountColumns)
    .from(staffUsers)
    .where(and(eq(staffUsers.communityId, communityId), eq(staffUsers.id, id)))
    .limit(1);
  return row;
}

/** One page of a community's staff, ordered by email; `after` is the last email of the previous page. */
export async function listStaff(
  db: Executor,
  communityId: string,
  options: { limit: number; after?: string },
): Promise<StaffAccount[]> {
  const inCommunity = eq(staffUsers.communityId, communityId);
  return db
    .select(accountColumns)
    .from(staffUsers)
    .where(options.after === undefined ? inCommunity : and(inCommunity, gt(staffUsers.email, options.after)))
    .orderBy(asc(staffUsers.email))
    .limit(options.limit);
}

/**
 * Counts a failed sign-in in one statement (concurrent attempts cannot lose a count). The failure that
 * reaches `maxFailures` locks the account for `lockMs` and starts the count again.
 */
export async function recordFailedSignIn(
  tx: Executor,
  id: string,
  maxFailures: number,
  lockMs: number,
): Promise<{ lockedForSeconds: number }> {
  const reachesLimit = sql`${staffUsers.failedLogins} + 1 >= ${maxFailures}`;
  const [row] = await tx
    .update(staffUsers)
    .set({
      failedLogins: sql`case when ${reachesLimit} then 0 else ${staffUsers.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${reachesLimit} then now() + make_interval(secs => ${lockMs / 1000}) else ${staffUsers.lockedUntil} end`,
    })
    .where(eq(staffUsers.id, id))
    .returning({
      lockedForSeconds: sql<number>`greatest(0, ceil(extract(epoch from (coalesce(${staffUsers.lockedUntil}, now()) - now()))))::int`,
    });
  return { lockedForSeconds: Number(row?.lockedForSeconds ?? 0) };
}

export async function recordSuccessfulSignIn(tx: Executor, id: string): Promise<void> {
  await tx
    .update(staffUsers)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(staffUsers.id, id));
}

/** Replaces the password hash and lifts any lockout. */
export async function setPasswordHash(tx: Executor, id: string, passwordHash: string): Promise<void> {
  await tx.update(staffUsers).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(staffUsers.id, id));
}

export async function setStaffActive(tx: Executor, id: string, active: boolean): Promise<void> {
  await tx.update(staffUsers).set({ active }).where(eq(staffUsers.id, id));
}

export async function setStaffRole(tx: Executor, id: string, role: StaffRole): Promise<void> {
  await tx.update(staffUsers).set({ role }).where(eq(staffUsers.id, id));
}

/** Locks one staff row of the community for a change (role, deactivation) and answers it. */
export async function findStaffInCommunityForUpdate(
  tx: Executor,
  communityId: string,
  id: string,
): Promise<StaffAccount | undefined> {
  const [row] = await tx
    .select(accountColumns)
    .from(staffUsers)
    .where(and(eq(staffUsers.communityId, communityId), eq(staffUsers.id, id)))
    .for('update')
    .limit(1);
  return row;
}

/** Creates an account; undefined when the email is taken (emails are unique across communities). */
export async function insertStaffUnlessTaken(
  tx: Executor,
  input: {
    communityId: string;
    email: string;
    displayName: string;
    role: StaffRole;
    passwordHash: string;
    active: boolean;
  },
): Promise<StaffAccount | undefined> {
  const [row] = await tx
    .insert(staffUsers)
    .values({ ...input, email: normalizeEmail(input.email) })
    .onConflictDoNothing()
    .returning(accountColumns);
  return row;
}
