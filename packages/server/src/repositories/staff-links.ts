// One-time invitation and password-reset links. The token lives only in the link the admin copies; the
// table holds its SHA-256, so a leaked table cannot be turned into links. Times use the database's clock.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { communities, staffLinks, staffUsers } from '../db/schema.js';

export type StaffLinkPurpose = 'invite' | 'reset';

/** How long a link stays usable. */
export const LINK_HOURS: Record<StaffLinkPurpose, number> = { invite: 72, reset: 24 };

/** Creates a link and retires any earlier unused link of the same purpose for that person. */
export async function createStaffLink(
  tx: Executor,
  input: { communityId: string; staffId: string; purpose: StaffLinkPurpose; tokenHash: string; createdBy: string },
): Promise<{ expiresAt: Date }> {
  await revokeStaffLinks(tx, input.staffId, input.purpose);
  const [row] = await tx
    .insert(staffLinks)
    .values({ ...input, expiresAt: sql`now() + make_interval(hours => ${LINK_HOURS[input.purpose]})` })
    .returning({ expiresAt: staffLinks.expiresAt });
  return row as { expiresAt: Date };
}

/** Retires unused links of one person (all purposes when none is given): they stop working at once. */
export async function revokeStaffLinks(tx: Executor, staffId: string, purpose?: StaffLinkPurpose): Promise<void> {
  const unused = and(eq(staffLinks.staffId, staffId), isNull(staffLinks.usedAt));
  await tx
    .update(staffLinks)
    .set({ expiresAt: sql`least(${staffLinks.expiresAt}, now())` })
    .where(purpose ? and(unused, eq(staffLinks.purpose, purpose)) : unused);
}

export interface UsableLink {
  id: string;
  purpose: StaffLinkPurpose;
  staffId: string;
  communityId: string;
  email: string;
  displayName: string;
  active: boolean;
  communityNames: { 'zh-CN'?: string; en?: string };
  expiresAt: Date;
}

const usable = (tokenHash: string) =>
  and(eq(staffLinks.tokenHash, tokenHash), isNull(staffLinks.usedAt), gt(staffLinks.expiresAt, sql`now()`));

/** The link with this token hash if it is unused and unexpired. */
export async function findUsableLink(db: Executor, tokenHash: string): Promise<UsableLink | undefined> {
  const [row] = await db
    .select({
      id: staffLinks.id,
      purpose: staffLinks.purpose,
      staffId: staffLinks.staffId,
      communityId: staffLinks.communityId,
      email: staffUsers.email,
      displayName: staffUsers.displayName,
      active: staffUsers.active,
      communityNames: communities.names,
      expiresAt: staffLinks.expiresAt,
    })
    .from(staffLinks)
    .innerJoin(staffUsers, eq(staffUsers.id, staffLinks.staffId))
    .innerJoin(communities, eq(communities.id, staffLinks.communityId))
    .where(usable(tokenHash))
    .limit(1);
  return row;
}

/**
 * Marks the link used in one statement, so of two concurrent uses exactly one succeeds; answers whether
 * this call was the one.
 */
export async function consumeLink(tx: Executor, id: string, tokenHash: string): Promise<boolean> {
  const used = await tx
    .update(staffLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(staffLinks.id, id), usable(tokenHash)))
    .returning({ id: staffLinks.id });
  return used.length === 1;
}

/**
 * SQL for "this staff member was invited and has not accepted yet" (accounts made by the CLI never were).
 * Written out by hand: drizzle drops table names from a single-table select, which would bind "id" to the
 * subquery's own table.
 */
export const invitationPending = sql<boolean>`(exists (select 1 from staff_links l where l.staff_id = "staff_users"."id" and l.purpose = 'invite') and not exists (select 1 from staff_links l where l.staff_id = "staff_users"."id" and l.purpose = 'invite' and l.used_at is not null))`;

/** Whether these staff members have an invitation still waiting, by id. */
export async function pendingInvitations(db: Executor, staffIds: string[]): Promise<Set<string>> {
  if (staffIds.length === 0) return new Set();
  const rows = await db
    .select({ id: staffUsers.id, pending: invitationPending })
    .from(staffUsers)
    .where(inArray(staffUsers.id, staffIds));
  return new Set(rows.filter((row) => row.pending === true || String(row.pending) === 'true').map((row) => row.id));
}
