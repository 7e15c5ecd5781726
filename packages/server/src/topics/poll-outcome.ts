// A poll opened from a topic writes its outcome back to the topic once it has closed: the ballots, each
// option's votes and, for owners' decisions, whether the art. 278 quorum was met and the motion passed.
import { TOPIC_EVENTS } from '@courtyard/protocol';
import { type AuditActor, audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict } from '../errors.js';
import { emit } from '../events/emit.js';
import { computeResults } from '../polls/results.js';
import type { Poll } from '../repositories/polls.js';
import { lockTopicOfPoll, updateTopic } from '../repositories/topics.js';
import { topicLiveTopic } from './topic.js';

/** Writes the closed poll's outcome to its topic, if one links it; a poll still open is a 409. */
export async function writeBackPollOutcome(tx: Executor, actor: AuditActor, poll: Poll): Promise<boolean> {
  const topic = await lockTopicOfPoll(tx, actor.communityId, poll.id);
  if (!topic) return false;
  if (poll.state !== 'closed') throw conflict('The poll has not closed yet.');
  const results = await computeResults(tx, poll);
  const outcome = {
    ballots: results.ballots,
    options: results.options.map((option) => ({ label: option.label, votes: option.votes })),
    owners: results.owners ? { quorumMet: results.owners.quorumMet, passed: results.owners.passed } : null,
    recordedAt: new Date().toISOString(),
  };
  await updateTopic(tx, topic.id, { pollOutcome: outcome });
  await audit(
    tx,
    actor,
    'topic.poll_outcome',
    { type: 'topic', id: topic.id },
    { pollOutcome: topic.pollOutcome },
    {
      pollOutcome: outcome,
    },
  );
  await emit(tx, topicLiveTopic(actor.communityId, topic.id), TOPIC_EVENTS.changed, {
    id: topic.id,
    status: topic.status,
    poll: { id: poll.id, title: poll.title, outcome },
  });
  return true;
}
