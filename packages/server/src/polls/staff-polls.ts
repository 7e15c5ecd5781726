// Checks on what staff ask for when creating or changing a poll, and the poll as the console sees it.

import type { CreatePollRequest } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import { audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { topic } from '../events/topics.js';
import { buildingExists, unitBuilding } from '../repositories/poll-ballots.js';
import { findPoll, insertPoll, listCostShares, type Poll } from '../repositories/polls.js';
import { pollPageUrl } from './poll-links.js';
import { presentPoll } from './present.js';

type CreatePoll = Static<typeof CreatePollRequest>;

export async function checkNewPoll(db: Executor, communityId: string, input: CreatePoll): Promise<CreatePoll> {
  const owners = input.decision === 'owners';
  const eligibility = input.eligibility ?? (owners ? 'ballot-code' : 'device');
  if (owners && eligibility !== 'ballot-code') throw validation("Owners' decisions need ballot-code eligibility.");
  if (owners && (input.selection ?? 'single') !== 'single') throw validation("Owners' decisions are single choice.");
  if (owners && !input.options.some((option) => option.approves)) {
    throw validation("Owners' decisions need an option with approves: true (同意).");
  }
  if (input.options.filter((option) => option.isOther).length > 1) throw validation('At most one "other" option.');
  if (input.selection === 'multiple' && (input.maxChoices ?? 1) > input.options.length) {
    throw validation('maxChoices is more than the number of options.');
  }
  checkSchedule(input.opensAt ? new Date(input.opensAt) : new Date(), input.closesAt);
  await checkScope(db, communityId, input.scope);
  for (const row of input.costShares?.rows ?? []) {
    const ok = input.costShares?.basis === 'floor' ? row.floor !== undefined && !row.householdId : !!row.householdId;
    if (!ok) throw validation('costShares rows must name a floor (basis floor) or a householdId (basis household).');
  }
  return { ...input, eligibility };
}

export function checkSchedule(opensAt: Date, closesAt: string | Date | null | undefined) {
  if (closesAt && new Date(closesAt) <= opensAt) throw validation('closesAt must be after opensAt.');
}

/** A scope's building or unit must exist in this community; returns the unit's building. */
export async function checkScope(
  db: Executor,
  communityId: string,
  scope: { type: 'community' | 'building' | 'unit'; buildingId?: string; unitId?: string } | undefined,
): Promise<{ buildingId: string | null; unitId: string | null }> {
  if (!scope || scope.type === 'community') {
    if (scope?.buildingId || scope?.unitId) throw validation('A community scope names no building or unit.');
    return { buildingId: null, unitId: null };
  }
  if (scope.type === 'building') {
    if (!scope.buildingId || scope.unitId) throw validation('A building scope names buildingId only.');
    if (!(await buildingExists(db, communityId, scope.buildingId))) throw validation('No such building.');
    return { buildingId: scope.buildingId, unitId: null };
  }
  if (!scope.unitId) throw validation('A unit scope names unitId.');
  const buildingId = await unitBuilding(db, communityId, scope.unitId);
  if (!buildingId || (scope.buildingId && scope.buildingId !== buildingId)) throw validation('No such unit.');
  scope.buildingId = buildingId;
  return { buildingId, unitId: scope.unitId };
}

export async function presentStaffPoll(db: Executor, publicUrl: URL, poll: Poll) {
  const rows = poll.costShareBasis ? await listCostShares(db, poll.id) : [];
  return {
    ...presentPoll(poll),
    options: poll.options,
    scope: { type: poll.scope, buildingId: poll.buildingId, unitId: poll.unitId },
    pageUrl: poll.pageUrl,
    ballotUrl: await pollPageUrl(db, publicUrl, poll),
    costShares: poll.costShareBasis ? { basis: poll.costShareBasis, rows } : null,
    createdAt: poll.createdAt.toISOString(),
  };
}

/** Creates a poll (checked, audited, announced when open now); the console's route and a topic's poll use it. */
export async function createPoll(
  tx: Executor,
  actor: { type: 'staff'; id: string; communityId: string },
  publicUrl: URL,
  body: CreatePoll,
) {
  const input = await checkNewPoll(tx, actor.communityId, body);
  const id = await insertPoll(tx, actor.communityId, actor.id, input);
  const created = await findPoll(tx, actor.communityId, id);
  if (!created) throw notFound('The poll');
  const presented = await presentStaffPoll(tx, publicUrl, created);
  await audit(tx, actor, 'poll.created', { type: 'poll', id }, null, presented);
  // For staff notifications (webhooks); a poll scheduled for later is not announced when it opens.
  if (created.state === 'open') await emit(tx, topic(actor.communityId, 'poll', id), 'poll.opened', { id });
  return presented;
}
