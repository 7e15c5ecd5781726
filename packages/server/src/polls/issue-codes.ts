// Issuing ballot codes for a scope of the poll: one per household of the households table (with its floor
// area), one per household staff list, or a count of anonymous codes. The codes are returned this once;
// only their HMACs are stored.

import type { BallotCodesRequest } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import type { Executor } from '../db/database.js';
import { conflict, validation } from '../errors.js';
import {
  type BallotCode,
  countLiveCodes,
  householdsWithoutCode,
  insertCodes,
  type NewCode,
} from '../repositories/poll-ballots.js';
import type { Poll } from '../repositories/polls.js';
import { hmac, newBallotCode, normalizeBallotCode } from './codes.js';
import { ballotLink, pollPageUrl } from './poll-links.js';
import { checkScope } from './staff-polls.js';

export interface IssuedCode {
  id: string;
  label: string;
  code: string;
  floorArea: number | null;
  url: string;
}

type Request = Static<typeof BallotCodesRequest>;

/** The scope asked for must lie inside the poll's own scope. */
function assertWithinPoll(poll: Poll, scope: { buildingId: string | null; unitId: string | null }) {
  if (poll.scope === 'building' && scope.buildingId !== poll.buildingId) {
    throw validation("The scope is outside the poll's building.");
  }
  if (poll.scope === 'unit' && scope.unitId !== poll.unitId) throw validation("The scope is outside the poll's unit.");
}

export async function issueCodes(
  tx: Executor,
  secret: string,
  publicUrl: URL,
  poll: Poll,
  request: Request,
): Promise<IssuedCode[]> {
  if (poll.eligibility !== 'ballot-code') throw conflict('This poll takes device votes; it has no ballot codes.');
  if (poll.state === 'closed') throw conflict('This poll is closed.');
  if (request.count !== undefined && request.households !== undefined) {
    throw validation('Send count or households, not both.');
  }
  const place = await checkScope(tx, poll.communityId, request.scope);
  assertWithinPoll(poll, place);
  const owners = poll.decision === 'owners';
  const base = { scope: request.scope.type, buildingId: place.buildingId, unitId: place.unitId, householdId: null };

  let codes: Omit<NewCode, 'codeHmac'>[];
  if (request.households) {
    if (owners && request.households.some((household) => household.area === undefined)) {
      throw validation("Owners' decisions need each household's floor area.");
    }
    codes = request.households.map((household) => ({
      ...base,
      label: household.label,
      floor: household.floor ?? null,
      floorArea: household.area === undefined ? null : household.area.toFixed(2),
    }));
  } else if (request.count !== undefined) {
    if (owners) throw validation("Owners' decisions need households with floor areas, not a count.");
    const first = (await countLiveCodes(tx, poll.id)) + 1;
    codes = Array.from({ length: request.count }, (_, index) => ({
      ...base,
      label: `#${first + index}`,
      floor: null,
      floorArea: null,
    }));
  } else {
    const rows = await householdsWithoutCode(tx, poll.communityId, poll.id, {
      buildingId: place.buildingId ?? undefined,
      unitId: place.unitId ?? undefined,
    });
    if (rows.length === 0) throw conflict('Every household in this scope already has a code.');
    const missingArea = rows.filter((row) => row.floorArea === null).length;
    if (owners && missingArea > 0) {
      throw validation(`${missingArea} household(s) in this scope have no floor area on record.`);
    }
    codes = rows.map((row) => ({ ...base, ...row }));
  }
  return withSecrets(tx, secret, publicUrl, poll, codes);
}

/** Stores the codes' HMACs and returns the codes themselves, with their ballot links. */
export async function withSecrets(
  tx: Executor,
  secret: string,
  publicUrl: URL,
  poll: Poll,
  codes: Omit<NewCode, 'codeHmac'>[],
): Promise<IssuedCode[]> {
  const plain = codes.map(() => newBallotCode());
  let rows: BallotCode[];
  try {
    rows = await insertCodes(
      tx,
      poll.communityId,
      poll.id,
      codes.map((code, index) => ({ ...code, codeHmac: hmac(secret, 'ballot', normalizeBallotCode(plain[index]!)!) })),
    );
  } catch (error) {
    if (
      (error as { code?: string; cause?: { code?: string } }).cause?.code === '23505' ||
      (error as { code?: string }).code === '23505'
    ) {
      throw conflict('A household or label in this list already has a live code for this poll.');
    }
    throw error;
  }
  const page = await pollPageUrl(tx, publicUrl, poll);
  return rows.map((row, index) => ({
    id: row.id,
    label: row.label,
    code: plain[index]!,
    floorArea: row.floorArea === null ? null : Number(row.floorArea),
    url: ballotLink(page, plain[index]!),
  }));
}
