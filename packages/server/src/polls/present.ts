// A poll as residents' widgets see it: never who voted, never codes.
import type { Poll } from '../repositories/polls.js';

export function presentPoll(poll: Poll) {
  return {
    id: poll.id,
    title: poll.title,
    description: poll.description,
    selection: poll.selection,
    maxChoices: poll.selection === 'single' ? 1 : poll.maxChoices,
    visibility: poll.visibility,
    eligibility: poll.eligibility,
    decision: poll.decision,
    approvalRule: poll.approvalRule,
    state: poll.state,
    opensAt: poll.opensAt.toISOString(),
    closesAt: poll.closesAt ? poll.closesAt.toISOString() : null,
    serverTime: poll.serverTime,
    timeZone: poll.timeZone,
    options: poll.options.map((option) => ({ id: option.id, label: option.label, isOther: option.isOther })),
  };
}
