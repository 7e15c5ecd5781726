// One vote: the choices checked against the poll, the credential (voter token or ballot code) checked and
// redeemed, and the ballot inserted — all in the caller's transaction, under unique constraints, with the
// poll's state read by the database clock in that same transaction.

import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { StatementBatch } from '../db/statement-batch.js';
import {
  ballotCodeUsed,
  notFound,
  pollAlreadyVoted,
  pollClosed,
  pollCredentialRequired,
  pollInvalidChoice,
  pollNotOpen,
} from '../errors.js';
import {
  KEY_COLUMNS,
  type KeyValues,
  keyNotStored,
  type StatementOptions,
  type StatementRow,
  storedBody,
  storeKey,
} from '../idempotency/idempotency.js';
import {
  type BallotValues,
  ballotValues,
  findCodeByHmac,
  insertBallot,
  insertBallotIfOpen,
  insertBallotIfOpenSql,
  type NewBallot,
  redeemCode,
} from '../repositories/poll-ballots.js';
import { findPoll, type Poll } from '../repositories/polls.js';
import { ballotCodeHmac, hmac, newReceipt } from './codes.js';

export interface VoteInput {
  optionIds: string[];
  otherText?: string;
  voterToken?: string;
  ballotCode?: string;
  source: 'online' | 'paper';
}

export interface CastBallot {
  ballotId: string;
  receipt: string;
  votedAt: Date;
  /** The household's label, for a code ballot. */
  label: string | null;
}

export function assertOpen(poll: Poll) {
  if (poll.state === 'scheduled') throw pollNotOpen();
  if (poll.state === 'closed') throw pollClosed();
}

/** Unknown, duplicate or too many option ids, and "other" without text (or text without "other"): 400. */
export function checkChoices(poll: Poll, optionIds: string[], otherText: string | undefined): string | null {
  const ids = optionIds.map((id) => id.toLowerCase());
  if (new Set(ids).size !== ids.length) throw pollInvalidChoice('optionIds lists an option twice.');
  const max = poll.selection === 'single' ? 1 : poll.maxChoices;
  if (ids.length > max) throw pollInvalidChoice(`Choose at most ${max} option${max === 1 ? '' : 's'}.`);
  const known = new Map(poll.options.map((option) => [option.id, option]));
  if (ids.some((id) => !known.has(id))) throw pollInvalidChoice('optionIds names an option this poll does not have.');
  const choosesOther = ids.some((id) => known.get(id)?.isOther);
  const text = otherText?.trim() ?? '';
  if (choosesOther && text === '') throw pollInvalidChoice('The "other" option needs its text.');
  if (!choosesOther && text !== '') throw pollInvalidChoice('otherText is only for the "other" option.');
  return choosesOther ? text : null;
}

/** Thrown for a ballot code that does not belong to this poll: counted against the sender's address. */
export class WrongBallotCode extends Error {}

/**
 * For a device poll `poll` may be a cached definition: the insert checks the poll as it is (schedule,
 * eligibility, options). For a code poll it must have been read in `tx`.
 */
export async function castVote(tx: Executor, secret: string, poll: Poll, input: VoteInput): Promise<CastBallot> {
  if (poll.eligibility !== 'device') assertOpen(poll);
  const otherText = checkChoices(poll, input.optionIds, input.otherText);
  const optionIds = input.optionIds.map((id) => id.toLowerCase());
  const receipt = newReceipt();
  const base = {
    communityId: poll.communityId,
    pollId: poll.id,
    optionIds,
    otherText,
    receiptHash: hmac(secret, 'receipt', receipt),
    source: input.source,
  };

  if (poll.eligibility === 'device') {
    const ballot = await insertBallotIfOpen(tx, deviceBallot(secret, input, base));
    if (!ballot) return explainNoDeviceBallot(tx, poll, input);
    return { ballotId: ballot.id, receipt, votedAt: new Date(ballot.createdAt), label: null };
  }

  if (input.ballotCode === undefined) throw pollCredentialRequired('This poll needs a household ballot code.');
  const code = await findBallotCode(tx, secret, poll, input.ballotCode);
  if (code.usedAt !== null) throw ballotCodeUsed();
  // The row lock taken here makes racing requests with one code wait, then find it used.
  if (!(await redeemCode(tx, code.id))) throw ballotCodeUsed();
  const ballot = await insertBallot(tx, { ...base, voterHash: null, ballotCodeId: code.id });
  if (!ballot) throw ballotCodeUsed();
  return { ballotId: ballot.id, receipt, votedAt: new Date(ballot.createdAt), label: code.label };
}

/** A device poll's ballot row, once the credential is the right kind. */
function deviceBallot(
  secret: string,
  input: VoteInput,
  base: Omit<NewBallot, 'voterHash' | 'ballotCodeId'>,
): NewBallot {
  if (input.ballotCode !== undefined) throw pollCredentialRequired('This poll takes a voterToken, not a ballot code.');
  if (input.voterToken === undefined) throw pollCredentialRequired('This poll needs the device voterToken.');
  // `poll` may come from the definition cache: the insert itself checks the poll as it is now.
  return { ...base, voterHash: hmac(secret, 'voter', input.voterToken), ballotCodeId: null };
}

/**
 * No ballot was inserted for a device vote. Said from the poll as it is now, not as the caller's (perhaps
 * cached) copy had it: not open, no longer a device poll, an option it no longer has, or this device voted.
 */
async function explainNoDeviceBallot(db: Executor, poll: Poll, input: VoteInput): Promise<never> {
  const current = await findPoll(db, poll.communityId, poll.id);
  if (!current) throw notFound('The poll');
  // In castVote's order, so either path refuses one vote alike.
  assertOpen(current);
  checkChoices(current, input.optionIds, input.otherText);
  if (current.eligibility !== 'device') throw pollCredentialRequired('This poll needs a household ballot code.');
  throw pollAlreadyVoted();
}

/**
 * A device vote as one statement with its Idempotency-Key's row (withIdempotentStatement): the busiest
 * write of a poll. Answers `{ pollId, receipt, votedAt }`, as castVote's caller does. `poll` may be a cached
 * definition: nothing is inserted when the poll as it is now is not open by the database clock, takes no
 * device votes or lacks a chosen option, or this device has voted; `nothingWritten` says which.
 */
export function deviceVote(
  secret: string,
  db: Executor,
  poll: Poll,
  input: VoteInput,
): Omit<StatementOptions<DeviceVoteValue>, 'statusCode'> {
  const optionIds = input.optionIds.map((id) => id.toLowerCase());
  const receipt = newReceipt();
  const ballot = deviceBallot(secret, input, {
    communityId: poll.communityId,
    pollId: poll.id,
    optionIds,
    otherText: checkChoices(poll, input.optionIds, input.otherText),
    receiptHash: hmac(secret, 'receipt', receipt),
    source: input.source,
  });
  return {
    statement: deviceVoteStatement,
    values: { ...ballotValues(ballot), receipt },
    nothingWritten: () => explainNoDeviceBallot(db, poll, input),
  };
}

export type DeviceVoteValue = ReturnType<typeof ballotValues> & { receipt: string };

const ballotColumns = (
  ['communityId', 'pollId', 'optionIds', 'otherText', 'voterHash', 'ballotCodeId', 'receiptHash', 'source'] as const
).map((column) => [column, sql`fresh.${sql.identifier(column)}`]);

/** Device ballots and their Idempotency-Keys' rows, one statement for many votes. */
export const deviceVoteStatement = new StatementBatch<DeviceVoteValue & KeyValues, StatementRow>(
  (rows) => sql`with input as (
      select * from json_to_recordset(${rows}::json) as input(n integer, "communityId" uuid, "pollId" uuid,
        "optionIds" uuid[], "otherText" text, "voterHash" text, "ballotCodeId" uuid, "receiptHash" text, source text,
        receipt text, ${KEY_COLUMNS})
    ),
    fresh as (select * from input where ${keyNotStored(sql`input`)}),
    written as (${insertBallotIfOpenSql(Object.fromEntries(ballotColumns) as BallotValues, sql`fresh`)}),
    stored as (${storeKey(
      sql`jsonb_build_object('pollId', fresh."pollId"::text, 'receipt', fresh.receipt,
        'votedAt', to_char(written."createdAt" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
      sql`written join fresh on fresh."receiptHash" = written."receiptHash"`,
      sql`fresh`,
    )})
    select input.n, ${storedBody} from input`,
);

/** The live code of this poll, or WrongBallotCode (mistyped, another poll's, revoked). */
export async function findBallotCode(db: Executor, secret: string, poll: Poll, input: string) {
  const codeHmac = ballotCodeHmac(secret, input);
  const code = codeHmac === null ? undefined : await findCodeByHmac(db, poll.communityId, codeHmac);
  if (!code || code.pollId !== poll.id || code.revokedAt !== null) throw new WrongBallotCode();
  return code;
}
