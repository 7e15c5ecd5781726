// Changing a poll's rules (options, selection, eligibility, decision, scope, cost shares) after it was
// created: allowed only while nobody can have voted under them — no ballot, no ballot code issued (issuing
// takes the same row lock), and a device poll not yet open — because ballots name option ids and printed
// codes were issued under the old rules.
import type { PatchPollRequest } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import type { Executor } from '../db/database.js';
import { conflict } from '../errors.js';
import { countBallots, countLiveCodes } from '../repositories/poll-ballots.js';
import { type Poll, replaceCostShares, replaceOptions } from '../repositories/polls.js';
import { checkNewPoll, presentStaffPoll } from './staff-polls.js';

type Patch = Static<typeof PatchPollRequest>;
const ruleFields = [
  'selection',
  'maxChoices',
  'eligibility',
  'decision',
  'approvalRule',
  'scope',
  'options',
  'costShares',
] as const;

/** Applies the rule fields of a PATCH (options and cost shares now; answers the poll's column changes). */
export async function changeRules(db: Executor, communityId: string, publicUrl: URL, poll: Poll, body: Patch) {
  if (!ruleFields.some((field) => body[field] !== undefined)) return undefined;
  // Votes on an open device poll need no code, so one may arrive at any moment under the old options.
  if (poll.eligibility === 'device' && poll.state !== 'scheduled') {
    throw conflict('This poll is open to device votes: its options and rules can no longer change.');
  }
  if ((await countBallots(db, poll.id)) > 0) {
    throw conflict('People have voted: the options and rules of this poll can no longer change.');
  }
  if ((await countLiveCodes(db, poll.id)) > 0) {
    throw conflict('Ballot codes were issued under these rules: they can no longer change.');
  }
  const current = await presentStaffPoll(db, publicUrl, poll);
  const selection = body.selection ?? poll.selection;
  const merged = await checkNewPoll(db, communityId, {
    title: poll.title,
    selection,
    maxChoices: body.maxChoices ?? (body.selection === undefined ? poll.maxChoices : undefined),
    eligibility: body.eligibility ?? (body.decision === 'owners' ? undefined : poll.eligibility),
    decision: body.decision ?? poll.decision,
    approvalRule: body.approvalRule ?? poll.approvalRule,
    scope: body.scope ?? {
      type: poll.scope,
      ...(poll.buildingId ? { buildingId: poll.buildingId } : {}),
      ...(poll.unitId ? { unitId: poll.unitId } : {}),
    },
    options: body.options ?? poll.options.map(({ label, isOther, approves }) => ({ label, isOther, approves })),
    ...(body.costShares ? { costShares: body.costShares } : {}),
    // The schedule is checked with the rest of the PATCH.
    opensAt: undefined,
    closesAt: undefined,
  });
  if (body.options) await replaceOptions(db, communityId, poll.id, body.options);
  if (body.costShares !== undefined) await replaceCostShares(db, poll.id, body.costShares?.rows ?? []);
  const columns = {
    selection: merged.selection ?? 'single',
    maxChoices: merged.selection === 'multiple' ? (merged.maxChoices ?? merged.options.length) : 1,
    eligibility: merged.eligibility ?? 'device',
    decision: merged.decision ?? 'none',
    approvalRule: merged.approvalRule ?? 'majority',
    scope: merged.scope?.type ?? 'community',
    buildingId: merged.scope?.buildingId ?? null,
    unitId: merged.scope?.unitId ?? null,
    ...(body.costShares === undefined ? {} : { costShareBasis: body.costShares?.basis ?? null }),
  };
  const before = {
    selection: current.selection,
    maxChoices: current.maxChoices,
    eligibility: current.eligibility,
    decision: current.decision,
    approvalRule: current.approvalRule,
    scope: current.scope,
    ...(body.options
      ? { options: current.options.map(({ label, isOther, approves }) => ({ label, isOther, approves })) }
      : {}),
    ...(body.costShares === undefined ? {} : { costShares: current.costShares }),
  };
  const after = {
    ...columns,
    scope: { type: columns.scope, buildingId: columns.buildingId, unitId: columns.unitId },
    ...(body.options ? { options: body.options } : {}),
    ...(body.costShares === undefined ? {} : { costShares: body.costShares }),
  };
  return { columns, before, after };
}
