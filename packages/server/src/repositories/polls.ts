// Polls, their options and cost shares, always read within one community. A poll's state (scheduled, open,
// closed) is computed by the database clock in the same query, never by the app server's or a device's.
// Every change to a poll is announced to the instances' caches when it commits (cache/poll-changes.ts).
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { announcePollChange } from '../cache/poll-changes.js';
import type { Executor } from '../db/database.js';
import { communities, pollBallotCodes, pollCostShares, pollOptions, polls } from '../db/schema.js';

export type PollState = 'scheduled' | 'open' | 'closed';

export interface PollOption {
  id: string;
  label: string;
  isOther: boolean;
  approves: boolean;
}

export interface Poll {
  id: string;
  communityId: string;
  title: string;
  description: string;
  selection: 'single' | 'multiple';
  maxChoices: number;
  visibility: 'always' | 'after-voting' | 'after-close' | 'staff-only';
  eligibility: 'device' | 'ballot-code';
  decision: 'none' | 'owners';
  approvalRule: 'majority' | 'three-quarters';
  scope: 'community' | 'building' | 'unit';
  buildingId: string | null;
  unitId: string | null;
  pageUrl: string | null;
  costShareBasis: 'floor' | 'household' | null;
  opensAt: Date;
  /** When it closes or closed: staff's early close, else the schedule. */
  closesAt: Date | null;
  createdAt: Date;
  state: PollState;
  serverTime: string;
  timeZone: string;
  options: PollOption[];
}

const utcIso = (expression: ReturnType<typeof sql>) =>
  sql<string>`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const pollStateSql = sql<PollState>`case
  when ${polls.closedAt} is not null or (${polls.closesAt} is not null and ${polls.closesAt} <= now()) then 'closed'
  when ${polls.opensAt} > now() then 'scheduled' else 'open' end`;

const pollColumns = {
  id: polls.id,
  communityId: polls.communityId,
  title: polls.title,
  description: polls.description,
  selection: polls.selection,
  maxChoices: polls.maxChoices,
  visibility: polls.visibility,
  eligibility: polls.eligibility,
  decision: polls.decision,
  approvalRule: polls.approvalRule,
  scope: polls.scope,
  buildingId: polls.buildingId,
  unitId: polls.unitId,
  pageUrl: polls.pageUrl,
  costShareBasis: polls.costShareBasis,
  opensAt: polls.opensAt,
  closesAt: sql<
    Date | string | null
  >`coalesce(least(${polls.closedAt}, ${polls.closesAt}), ${polls.closedAt}, ${polls.closesAt})`,
  createdAt: polls.createdAt,
  state: pollStateSql,
  serverTime: utcIso(sql`now()`),
  timeZone: communities.timeZone,
};

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/** The poll with its options, or undefined when it does not exist in this community. */
export async function findPoll(db: Executor, communityId: string, pollId: string): Promise<Poll | undefined> {
  const [row] = await db
    .select(pollColumns)
    .from(polls)
    .innerJoin(communities, eq(communities.id, polls.communityId))
    .where(and(eq(polls.id, pollId), eq(polls.communityId, communityId)));
  if (!row) return undefined;
  const options = await db
    .select({
      id: pollOptions.id,
      label: pollOptions.label,
      isOther: pollOptions.isOther,
      approves: pollOptions.approves,
    })
    .from(pollOptions)
    .where(eq(pollOptions.pollId, pollId))
    .orderBy(asc(pollOptions.sortOrder));
  return {
    ...row,
    opensAt: new Date(row.opensAt),
    closesAt: asDate(row.closesAt),
    createdAt: new Date(row.createdAt),
    options,
  } as Poll;
}

export async function listPolls(db: Executor, communityId: string, limit: number) {
  return db
    .select({ id: polls.id })
    .from(polls)
    .where(eq(polls.communityId, communityId))
    .orderBy(desc(polls.createdAt))
    .limit(limit);
}

export interface NewPoll {
  title: string;
  description?: string;
  selection?: 'single' | 'multiple';
  maxChoices?: number;
  visibility?: Poll['visibility'];
  eligibility?: Poll['eligibility'];
  decision?: Poll['decision'];
  approvalRule?: Poll['approvalRule'];
  scope?: { type: Poll['scope']; buildingId?: string; unitId?: string };
  pageUrl?: string | null;
  opensAt?: string;
  closesAt?: string | null;
  options: { label: string; isOther?: boolean; approves?: boolean }[];
  costShares?: { basis: 'floor' | 'household'; rows: { floor?: number; householdId?: string; percent: number }[] };
}

export async function insertPoll(tx: Executor, communityId: string, createdBy: string | null, input: NewPoll) {
  const [row] = await tx
    .insert(polls)
    .values({
      communityId,
      title: input.title,
      description: input.description ?? '',
      selection: input.selection ?? 'single',
      maxChoices: input.selection === 'multiple' ? (input.maxChoices ?? input.options.length) : 1,
      visibility: input.visibility ?? 'always',
      eligibility: input.eligibility ?? (input.decision === 'owners' ? 'ballot-code' : 'device'),
      decision: input.decision ?? 'none',
      approvalRule: input.approvalRule ?? 'majority',
      scope: input.scope?.type ?? 'community',
      buildingId: input.scope?.buildingId ?? null,
      unitId: input.scope?.unitId ?? null,
      pageUrl: input.pageUrl ?? null,
      costShareBasis: input.costShares?.basis ?? null,
      ...(input.opensAt ? { opensAt: new Date(input.opensAt) } : {}),
      closesAt: input.closesAt ? new Date(input.closesAt) : null,
      createdBy,
    })
    .returning({ id: polls.id });
  const pollId = row!.id;
  await insertOptions(tx, pollId, input.options);
  await insertCostShares(tx, pollId, input.costShares?.rows ?? []);
  return pollId;
}

async function insertOptions(tx: Executor, pollId: string, options: NewPoll['options']) {
  await tx.insert(pollOptions).values(
    options.map((option, index) => ({
      pollId,
      label: option.label,
      sortOrder: index,
      isOther: option.isOther ?? false,
      approves: option.approves ?? false,
    })),
  );
}

async function insertCostShares(tx: Executor, pollId: string, rows: NonNullable<NewPoll['costShares']>['rows']) {
  if (rows.length === 0) return;
  await tx.insert(pollCostShares).values(
    rows.map((share) => ({
      pollId,
      floor: share.floor ?? null,
      householdId: share.householdId ?? null,
      percent: String(share.percent),
    })),
  );
}

/** Replaces the options (only before anyone voted: ballots name option ids). */
export async function replaceOptions(tx: Executor, communityId: string, pollId: string, options: NewPoll['options']) {
  await tx.delete(pollOptions).where(eq(pollOptions.pollId, pollId));
  await insertOptions(tx, pollId, options);
  await announcePollChange(tx, communityId, pollId);
}

export async function replaceCostShares(
  tx: Executor,
  pollId: string,
  rows: NonNullable<NewPoll['costShares']>['rows'],
) {
  await tx.delete(pollCostShares).where(eq(pollCostShares.pollId, pollId));
  await insertCostShares(tx, pollId, rows);
}

/** Locks the poll's row for the rest of the transaction (a change of rules against a concurrent one). */
export async function lockPoll(tx: Executor, communityId: string, pollId: string) {
  await tx
    .select({ id: polls.id })
    .from(polls)
    .where(and(eq(polls.id, pollId), eq(polls.communityId, communityId)))
    .for('update');
}

export async function updatePoll(
  tx: Executor,
  communityId: string,
  pollId: string,
  changes: Partial<{
    title: string;
    description: string;
    visibility: Poll['visibility'];
    pageUrl: string | null;
    opensAt: Date;
    closesAt: Date | null;
    selection: Poll['selection'];
    maxChoices: number;
    eligibility: Poll['eligibility'];
    decision: Poll['decision'];
    approvalRule: Poll['approvalRule'];
    scope: Poll['scope'];
    buildingId: string | null;
    unitId: string | null;
    costShareBasis: Poll['costShareBasis'];
  }>,
) {
  await tx
    .update(polls)
    .set(changes)
    .where(and(eq(polls.id, pollId), eq(polls.communityId, communityId)));
  await announcePollChange(tx, communityId, pollId);
}

/**
 * Closes the poll now (database clock); false when it was already closed, by hand or by its closing time
 * (that closing was announced already: closing it again would announce it twice).
 */
export async function closePoll(tx: Executor, communityId: string, pollId: string): Promise<boolean> {
  const rows = await tx
    .update(polls)
    .set({ closedAt: sql`now()` })
    .where(
      and(
        eq(polls.id, pollId),
        eq(polls.communityId, communityId),
        sql`${polls.closedAt} is null and (${polls.closesAt} is null or ${polls.closesAt} > now())`,
      ),
    )
    .returning({ id: polls.id });
  if (rows.length > 0) await announcePollChange(tx, communityId, pollId);
  return rows.length > 0;
}

export async function listCostShares(db: Executor, pollId: string) {
  const rows = await db
    .select({ floor: pollCostShares.floor, householdId: pollCostShares.householdId, percent: pollCostShares.percent })
    .from(pollCostShares)
    .where(eq(pollCostShares.pollId, pollId))
    .orderBy(asc(pollCostShares.floor));
  return rows.map((row) => ({
    ...(row.floor === null ? {} : { floor: row.floor }),
    ...(row.householdId === null ? {} : { householdId: row.householdId }),
    percent: Number(row.percent),
  }));
}

/**
 * Each floor's share with the households that divide it: the poll's live ballot codes on that floor (one per
 * household; a reissue revokes the old code), since those are the households the decision binds.
 */
export async function floorShares(db: Executor, pollId: string) {
  const shares = await db
    .select({ floor: pollCostShares.floor, percent: pollCostShares.percent })
    .from(pollCostShares)
    .where(and(eq(pollCostShares.pollId, pollId), isNotNull(pollCostShares.floor)))
    .orderBy(asc(pollCostShares.floor));
  if (shares.length === 0) return [];
  const counts = await db
    .select({ floor: pollBallotCodes.floor, households: sql<number>`count(*)::int` })
    .from(pollBallotCodes)
    .where(and(eq(pollBallotCodes.pollId, pollId), isNull(pollBallotCodes.revokedAt)))
    .groupBy(pollBallotCodes.floor);
  return shares.map((share) => ({
    floor: share.floor as number,
    percent: Number(share.percent),
    households: Number(counts.find((count) => count.floor === share.floor)?.households ?? 0),
  }));
}

/**
 * The share (in %) one household carries: its own row, else its floor's share divided equally among the
 * floor's households (a floor's share is what the whole landing pays, not each flat on it).
 */
export async function costSharePercent(
  db: Executor,
  pollId: string,
  household: { householdId: string | null; floor: number | null },
  floors: { floor: number; percent: number; households: number }[],
): Promise<number | null> {
  if (household.householdId) {
    const [own] = await db
      .select({ percent: pollCostShares.percent })
      .from(pollCostShares)
      .where(and(eq(pollCostShares.pollId, pollId), eq(pollCostShares.householdId, household.householdId)));
    if (own) return Number(own.percent);
  }
  const floor = floors.find((row) => row.floor === household.floor);
  if (!floor) return null;
  return Math.round((floor.percent / Math.max(1, floor.households)) * 10_000) / 10_000;
}

/** Open polls of the community, newest first (the widget without a `poll` attribute shows the first). */
export async function listOpenPollIds(db: Executor, communityId: string, limit: number) {
  return db
    .select({ id: polls.id })
    .from(polls)
    .where(and(eq(polls.communityId, communityId), sql`${pollStateSql} = 'open'`))
    .orderBy(desc(polls.opensAt), desc(polls.createdAt))
    .limit(limit);
}
