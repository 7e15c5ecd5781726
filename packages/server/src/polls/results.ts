// Results computed from the ballot rows (exact under any load), with art. 278's two dimensions for owners'
// decisions, and who may see them: the visibility rule of the poll.
import type { Executor } from '../db/database.js';
import { pollResultsHidden } from '../errors.js';
import { countBallots, optionTallies, ownersTotals } from '../repositories/poll-ballots.js';
import type { Poll } from '../repositories/polls.js';
import { decideOwners, fromCents, toCents } from './owners-rule.js';

export interface PollResults {
  pollId: string;
  state: Poll['state'];
  ballots: number;
  options: { id: string; label: string; votes: number; area: number | null }[];
  owners: {
    rule: Poll['approvalRule'];
    eligible: { households: number; area: number };
    participating: { households: number; area: number };
    approving: { households: number; area: number };
    quorumMet: boolean;
    passed: boolean;
  } | null;
}

export async function computeResults(db: Executor, poll: Poll): Promise<PollResults> {
  const owners = poll.decision === 'owners';
  const [tallies, ballots] = await Promise.all([optionTallies(db, poll.id), countBallots(db, poll.id)]);
  const byOption = new Map(tallies.map((tally) => [tally.optionId, tally]));
  const options = poll.options.map((option) => {
    const tally = byOption.get(option.id);
    return {
      id: option.id,
      label: option.label,
      votes: tally?.votes ?? 0,
      area: owners ? fromCents(toCents(tally?.area ?? '0')) : null,
    };
  });
  if (!owners) return { pollId: poll.id, state: poll.state, ballots, options, owners: null };

  const totals = await ownersTotals(
    db,
    poll.id,
    poll.options.filter((option) => option.approves).map((option) => option.id),
  );
  const eligible = { households: totals.eligibleHouseholds, areaCents: toCents(totals.eligibleArea) };
  const participating = { households: totals.participatingHouseholds, areaCents: toCents(totals.participatingArea) };
  const approving = { households: totals.approvingHouseholds, areaCents: toCents(totals.approvingArea) };
  const outcome = decideOwners(poll.approvalRule, eligible, participating, approving);
  const show = (d: { households: number; areaCents: number }) => ({
    households: d.households,
    area: fromCents(d.areaCents),
  });
  return {
    pollId: poll.id,
    state: poll.state,
    ballots,
    options,
    owners: {
      rule: poll.approvalRule,
      eligible: show(eligible),
      participating: show(participating),
      approving: show(approving),
      quorumMet: outcome.quorumMet,
      passed: outcome.passed,
    },
  };
}

/** Whether anyone may see results now, without a receipt (also what live tallies may carry). */
export function resultsArePublic(poll: Pick<Poll, 'visibility' | 'state'>): boolean {
  if (poll.visibility === 'always') return true;
  return poll.state === 'closed' && (poll.visibility === 'after-close' || poll.visibility === 'after-voting');
}

/** Throws 403 unless the results are public now or `hasVoted` unlocks them ("after voting"). */
export function assertResultsVisible(poll: Pick<Poll, 'visibility' | 'state'>, hasVoted: boolean) {
  if (resultsArePublic(poll)) return;
  if (poll.visibility === 'after-voting' && hasVoted) return;
  const why = {
    always: '',
    'after-voting': 'Results are shown after you vote; send your receipt.',
    'after-close': 'Results are shown when the poll closes.',
    'staff-only': 'Results of this poll are for staff only.',
  }[poll.visibility];
  throw pollResultsHidden(why);
}
