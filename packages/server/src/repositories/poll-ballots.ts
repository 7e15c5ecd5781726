// Ballots and ballot codes. A vote is one row in poll_ballots; a code is redeemed (used_at set) and its
// ballot inserted in the caller's transaction, both under unique constraints, so one code or one voter
// token yields one ballot however many requests race. Tallies are computed from the rows.
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, households, pollBallotCodes, pollBallots, units } from '../db/schema.js';

export interface BallotCode {
  id: string;
  pollId: string;
  householdId: string | null;
  label: string;
  floor: number | null;
  floorArea: string | null;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const codeColumns = {
  id: pollBallotCodes.id,
  pollId: pollBallotCodes.pollId,
  householdId: pollBallotCodes.householdId,
  label: pollBallotCodes.label,
  floor: pollBallotCodes.floor,
  floorArea: pollBallotCodes.floorArea,
  usedAt: pollBallotCodes.usedAt,
  revokedAt: pollBallotCodes.revokedAt,
  createdAt: pollBallotCodes.createdAt,
};

export async function findCodeByHmac(db: Executor, communityId: string, codeHmac: string) {
  const [row] = await db
    .select(codeColumns)
    .from(pollBallotCodes)
    .where(and(eq(pollBallotCodes.codeHmac, codeHmac), eq(pollBallotCodes.communityId, communityId)));
  return row as BallotCode | undefined;
}

export async function findCode(db: Executor, pollId: string, codeId: string) {
  const [row] = await db
    .select(codeColumns)
    .from(pollBallotCodes)
    .where(and(eq(pollBallotCodes.id, codeId), eq(pollBallotCodes.pollId, pollId)));
  return row as BallotCode | undefined;
}

export async function listCodes(db: Executor, pollId: string) {
  return (await db
    .select(codeColumns)
    .from(pollBallotCodes)
    .where(eq(pollBallotCodes.pollId, pollId))
    .orderBy(asc(pollBallotCodes.createdAt), asc(pollBallotCodes.label))) as BallotCode[];
}

/** Marks the code used; false when it was used (or revoked) first by someone else. Row-locks the code. */
export async function redeemCode(tx: Executor, codeId: string): Promise<boolean> {
  const rows = await tx
    .update(pollBallotCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(pollBallotCodes.id, codeId), isNull(pollBallotCodes.usedAt), isNull(pollBallotCodes.revokedAt)))
    .returning({ id: pollBallotCodes.id });
  return rows.length > 0;
}

export async function revokeCode(tx: Executor, codeId: string): Promise<boolean> {
  const rows = await tx
    .update(pollBallotCodes)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(pollBallotCodes.id, codeId), isNull(pollBallotCodes.usedAt), isNull(pollBallotCodes.revokedAt)))
    .returning({ id: pollBallotCodes.id });
  return rows.length > 0;
}

export interface NewCode {
  codeHmac: string;
  scope: 'community' | 'building' | 'unit';
  buildingId: string | null;
  unitId: string | null;
  householdId: string | null;
  label: string;
  floor: number | null;
  floorArea: string | null;
}

export async function insertCodes(tx: Executor, communityId: string, pollId: string, codes: NewCode[]) {
  if (codes.length === 0) return [];
  return (await tx
    .insert(pollBallotCodes)
    .values(codes.map((code) => ({ ...code, communityId, pollId })))
    .returning(codeColumns)) as BallotCode[];
}

export async function countLiveCodes(db: Executor, pollId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(pollBallotCodes)
    .where(eq(pollBallotCodes.pollId, pollId));
  return row?.count ?? 0;
}

/** Households of a scope without a live code for this poll, labelled "1号楼 2单元 501". */
export async function householdsWithoutCode(
  db: Executor,
  communityId: string,
  pollId: string,
  scope: { buildingId?: string; unitId?: string },
) {
  return db
    .select({
      householdId: households.id,
      buildingId: buildings.id,
      unitId: units.id,
      label: sql<string>`${buildings.name} || ' ' || ${units.name} || ' ' || ${households.room}`,
      floor: households.floor,
      floorArea: households.floorArea,
    })
    .from(households)
    .innerJoin(units, eq(units.id, households.unitId))
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .where(
      and(
        eq(households.communityId, communityId),
        scope.buildingId ? eq(buildings.id, scope.buildingId) : undefined,
        scope.unitId ? eq(units.id, scope.unitId) : undefined,
        sql`not exists (select 1 from ${pollBallotCodes} c where c.poll_id = ${pollId}
          and c.household_id = ${households.id} and c.revoked_at is null)`,
      ),
    )
    .orderBy(
      asc(buildings.sortOrder),
      asc(buildings.name),
      asc(units.sortOrder),
      asc(units.name),
      asc(households.room),
    );
}

/** The unit's building, when the unit exists in this community. */
export async function unitBuilding(db: Executor, communityId: string, unitId: string) {
  const [row] = await db
    .select({ buildingId: units.buildingId })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.communityId, communityId)));
  return row?.buildingId;
}

export async function buildingExists(db: Executor, communityId: string, buildingId: string) {
  const [row] = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.id, buildingId), eq(buildings.communityId, communityId)));
  return row !== undefined;
}

export interface NewBallot {
  communityId: string;
  pollId: string;
  optionIds: string[];
  otherText: string | null;
  voterHash: string | null;
  ballotCodeId: string | null;
  receiptHash: string;
  source: 'online' | 'paper';
}

/** Inserts the ballot; undefined when this voter or code already has one (the unique constraints). */
export async function insertBallot(tx: Executor, ballot: NewBallot) {
  const [row] = await tx
    .insert(pollBallots)
    .values(ballot)
    .onConflictDoNothing()
    .returning({ id: pollBallots.id, createdAt: pollBallots.createdAt });
  return row;
}

export async function findBallotByReceipt(db: Executor, pollId: string, receiptHash: string) {
  const [row] = await db
    .select({ id: pollBallots.id })
    .from(pollBallots)
    .where(and(eq(pollBallots.pollId, pollId), eq(pollBallots.receiptHash, receiptHash)));
  return row;
}

/** Per option: ballots choosing it and, for code ballots, the floor area behind them (numeric text). */
export async function optionTallies(db: Executor, pollId: string) {
  const rows = await db.execute(sql`
    select o.option_id::text as "optionId", count(*)::int as votes, coalesce(sum(c.floor_area), 0)::text as area
    from ${pollBallots} b
    cross join lateral unnest(b.option_ids) as o(option_id)
    left join ${pollBallotCodes} c on c.id = b.ballot_code_id
    where b.poll_id = ${pollId}
    group by o.option_id`);
  return rowsOf<{ optionId: string; votes: number; area: string }>(rows);
}

/** Ballot count, and (owners' mode) eligible / participating / approving households and area. */
export async function ownersTotals(db: Executor, pollId: string, approvingOptionIds: string[]) {
  const approving = approvingOptionIds.length > 0 ? approvingOptionIds : ['00000000-0000-0000-0000-000000000000'];
  const rows = await db.execute(sql`
    select
      (select count(*)::int from ${pollBallotCodes} where poll_id = ${pollId} and revoked_at is null) as "eligibleHouseholds",
      (select coalesce(sum(floor_area), 0)::text from ${pollBallotCodes} where poll_id = ${pollId} and revoked_at is null) as "eligibleArea",
      count(b.id)::int as "participatingHouseholds",
      coalesce(sum(c.floor_area), 0)::text as "participatingArea",
      (count(b.id) filter (where b.option_ids && ${sql.raw(`'{${approving.join(',')}}'::uuid[]`)}))::int as "approvingHouseholds",
      coalesce(sum(c.floor_area) filter (where b.option_ids && ${sql.raw(`'{${approving.join(',')}}'::uuid[]`)}), 0)::text as "approvingArea"
    from ${pollBallots} b
    join ${pollBallotCodes} c on c.id = b.ballot_code_id
    where b.poll_id = ${pollId}`);
  return rowsOf<{
    eligibleHouseholds: number;
    eligibleArea: string;
    participatingHouseholds: number;
    participatingArea: string;
    approvingHouseholds: number;
    approvingArea: string;
  }>(rows)[0]!;
}

export async function countBallots(db: Executor, pollId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(pollBallots)
    .where(eq(pollBallots.pollId, pollId));
  return row?.count ?? 0;
}

export async function otherTexts(db: Executor, pollId: string, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ text: pollBallots.otherText })
    .from(pollBallots)
    .where(and(eq(pollBallots.pollId, pollId), sql`${pollBallots.otherText} is not null`))
    .orderBy(asc(pollBallots.createdAt))
    .limit(limit);
  return rows.map((row) => row.text as string);
}

/** postgres.js returns rows as an array, PGlite as `{ rows }`. */
function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Row[];
}

/**
 * The hot path of a device vote: one statement inserts the ballot only while the poll is open by the
 * database clock, takes device votes and has the options chosen. Undefined when nothing was inserted (not
 * open, not a device poll, an option it no longer has, or this voter already voted): the caller then reads
 * the poll to say which.
 */
export async function insertBallotIfOpen(tx: Executor, ballot: NewBallot) {
  const rows = await tx.execute(insertBallotIfOpenSql(ballotValues(ballot)));
  return rowsOf<{ id: string; createdAt: Date | string }>(rows)[0];
}

/** A ballot's columns as insertBallotIfOpenSql takes them: values, or the batch statement's column references. */
export type BallotValues = { [Column in keyof NewBallot]: unknown };

/** optionIds as one uuid[] literal, so the statement has the same shape for any number of choices. */
export function ballotValues(ballot: NewBallot): BallotValues {
  return { ...ballot, optionIds: `{${ballot.optionIds.join(',')}}` };
}

/**
 * The insert of insertBallotIfOpen, also a CTE of the one-statement device vote (polls/cast-vote.ts), where
 * `ballot` names the columns of `from` (the batch's rows). The poll is checked in the statement itself, not
 * only by the caller's copy of it, which may be cached from before staff changed the poll: open now, device
 * eligibility, no more choices than it allows, and every option id one of its current options (ballots hold
 * distinct ids; the caller refuses duplicates). The check is a scalar subquery, probed by the poll's primary
 * key for each row even in a generic plan (an `exists` may become a hash of every poll), and the options by
 * theirs.
 */
export function insertBallotIfOpenSql(ballot: BallotValues, from?: SQL): SQL {
  const optionIds = sql`${ballot.optionIds}::uuid[]`;
  return sql`
    insert into ${pollBallots} (community_id, poll_id, option_ids, other_text, voter_hash, ballot_code_id, receipt_hash, source)
    select ${ballot.communityId}::uuid, ${ballot.pollId}::uuid, ${optionIds}, ${ballot.otherText}::text,
      ${ballot.voterHash}::text, ${ballot.ballotCodeId}::uuid, ${ballot.receiptHash}::text, ${ballot.source}::text
    ${from ? sql`from ${from}` : sql``}
    where (select true from polls p where p.id = ${ballot.pollId}::uuid and p.community_id = ${ballot.communityId}::uuid
      and p.eligibility = 'device'
      and p.closed_at is null and p.opens_at <= now() and (p.closes_at is null or p.closes_at > now())
      and cardinality(${optionIds}) between 1 and p.max_choices
      and (select count(*) from poll_options o where o.poll_id = p.id and o.id = any(${optionIds}))
        = cardinality(${optionIds}))
    on conflict do nothing
    returning id, created_at as "createdAt", receipt_hash as "receiptHash"`;
}
