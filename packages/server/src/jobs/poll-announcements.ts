// Polls open and close by the database clock (opens_at / closes_at) with nobody pressing a button, so this
// job announces those moments: a `poll.opened` or `poll.closed` event, the same ones staff actions emit, so
// webhooks, the staff inbox and residents' pages hear of it. One instance per round (runOnce), and the
// check for an earlier announcement runs under the same lock and transaction, so each is announced once.
// A poll opened from a topic has its outcome written back to the topic in the same transaction as its close.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import { emit } from '../events/emit.js';
import { topic } from '../events/topics.js';
import { findDuePollAnnouncements, lockStillUnannounced } from '../repositories/poll-announcements.js';
import { findPoll } from '../repositories/polls.js';
import { writeBackPollOutcome } from '../topics/poll-outcome.js';
import { every, JobLocks, runOnce } from './run-once.js';

/** Bounded so one round never holds a long transaction; the next round takes the rest. */
export const POLL_ANNOUNCE_BATCH = 200;

export interface PollAnnouncementRun {
  /** False when another instance held the lock, so this one did nothing. */
  ran: boolean;
  opened: number;
  closed: number;
}

export async function announceDuePolls(db: Db): Promise<PollAnnouncementRun> {
  const run = await runOnce(db, JobLocks.pollAnnouncements, async (tx) => {
    const counts = { ran: true, opened: 0, closed: 0 };
    for (const due of await findDuePollAnnouncements(tx, POLL_ANNOUNCE_BATCH)) {
      if (!(await lockStillUnannounced(tx, due))) continue;
      const pollTopic = topic(due.communityId, 'poll', due.pollId);
      // The payloads staff actions use (routes/admin/polls.ts), so every reader sees one shape.
      if (due.type === 'poll.opened') {
        await emit(tx, pollTopic, 'poll.opened', { id: due.pollId });
        counts.opened++;
      } else {
        await emit(tx, pollTopic, 'poll.closed', { id: due.pollId, state: 'closed' });
        const poll = await findPoll(tx, due.communityId, due.pollId);
        if (poll?.state === 'closed') {
          await writeBackPollOutcome(tx, { type: 'system', communityId: due.communityId }, poll);
        }
        counts.closed++;
      }
    }
    return counts;
  });
  return run.ran ? run.result : { ran: false, opened: 0, closed: 0 };
}

export default fp(
  async function pollAnnouncements(app: FastifyInstance) {
    every(app, 'poll-announcements', app.config.jobs.pollAnnouncementsEveryMs, async () => {
      const run = await announceDuePolls(app.db);
      if (run.opened + run.closed > 0) app.log.info({ opened: run.opened, closed: run.closed }, 'announced polls');
    });
  },
  { name: 'courtyard-poll-announcements', dependencies: ['courtyard-database'] },
);
