// Staff accounts. An email is unique within a community, not across them: a person serving two communities
// has two accounts. Every read a route makes is scoped by community; the sign-in lookup is by email (in every
// community, or the one the person chose) and is the only one that returns password hashes.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { communities, type LocalizedText, staffUsers } from '../db/schema.js';

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
  community: { slug: string; names: LocalizedText };
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

/** The most accounts one sign-in looks at: a person serving more communities names the one they want. */
export const MAX_SIGN_IN_ACCOUNTS = 20;

/** Every account with this email, or only the one in the community with this slug; by community slug. */
export async function findStaffForSignIn(
  db: Executor,
  email: string,
  communitySlug?: string,
): Promise<StaffForSignIn[]> {
  const byEmail = eq(staffUsers.email, normalizeEmail(email));
  const rows = await db
    .select({
      ...accountColumns,
      passwordHash: staffUsers.passwordHash,
      communitySlug: communities.slug,
      communityNames: communities.names,
    })
    .from(staffUsers)
    .innerJoin(communities, eq(communities.id, staffUsers.communityId))
    .where(communitySlug === undefined ? byEmail : and(byEmail, eq(communities.slug, communitySlug)))
    .orderBy(asc(communities.slug))
    .limit(MAX_SIGN_IN_ACCOUNTS);
  return rows.map(({ communitySlug: slug, communityNames: names, ...account }) => ({
    ...account,
    community: { slug, names },
  }));
}

/** Every account with this email (the CLI names one by email, and by community when there are several). */
export async function findStaffByEmail(
  db: Executor,
  email: string,
): Promise<(StaffAccount & { communitySlug: string })[]> {
  return db
    .select({ ...accountColumns, communitySlug: communities.slug })
    .from(staffUsers)
    .innerJoin(communities, eq(communities.id, staffUsers.communityId))
    .where(eq(staffUsers.email, normalizeEmail(email)))
    .orderBy(asc(communities.slug));
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

/** Creates an account; undefined when the email already has one in this community. */
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
