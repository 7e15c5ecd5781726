// Live tallies: after a vote commits, the poll's tally is recomputed from the ballots and emitted on
// `poll:<id>` — at once for the first vote, then at most once a second per poll and instance while votes
// keep coming (the hub also coalesces `tally` to one push a second). Computing after commit, from the rows,
// keeps every pushed tally exact; a vote's transaction never touches a shared counter row.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { emit } from '../events/emit.js';
import { topic } from '../events/topics.js';
import { findPoll } from '../repositories/polls.js';
import { computeResults, resultsArePublic } from './results.js';

export const TALLY_EVENT = 'tally';
export const TALLY_INTERVAL_MS = 1000;

declare module 'fastify' {
  interface FastifyInstance {
    pollTallies: LiveTallies;
  }
}

export class LiveTallies {
  private readonly windows = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
  private closed = false;

  constructor(private readonly app: FastifyInstance) {}

  /** A ballot (or a state change) of this poll committed: publish a fresh tally soon. */
  touch(communityId: string, pollId: string): void {
    if (this.closed) return;
    const window = this.windows.get(pollId);
    if (window) {
      window.dirty = true;
      return;
    }
    this.open(communityId, pollId);
    void this.publish(communityId, pollId);
  }

  /** Publishes now; used by close, where the final state must go out at once. */
  async publish(communityId: string, pollId: string): Promise<void> {
    try {
      await this.app.db.transaction(async (tx) => {
        const poll = await findPoll(tx, communityId, pollId);
        if (!poll) return;
        const visible = resultsArePublic(poll);
        const results = visible ? await computeResults(tx, poll) : null;
        const ballots = results?.ballots ?? null;
        // Hidden results still say that the count moved, so a voter's widget may refetch with its receipt.
        await emit(tx, topic(communityId, 'poll', pollId), TALLY_EVENT, {
          pollId,
          state: poll.state,
          ballots,
          results,
        });
      });
    } catch (error) {
      if (!this.closed) this.app.log.warn({ err: error, pollId }, 'live tally not published');
    }
  }

  private open(communityId: string, pollId: string) {
    const timer = setTimeout(() => {
      const window = this.windows.get(pollId);
      this.windows.delete(pollId);
      if (window?.dirty) this.touch(communityId, pollId);
    }, TALLY_INTERVAL_MS);
    timer.unref();
    this.windows.set(pollId, { timer, dirty: false });
  }

  close(): void {
    this.closed = true;
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }
}

export default fp(
  async function liveTallies(app: FastifyInstance) {
    app.events.coalesce(TALLY_EVENT, TALLY_INTERVAL_MS);
    const tallies = new LiveTallies(app);
    app.decorate('pollTallies', tallies);
    app.addHook('preClose', async () => tallies.close());
  },
  { name: 'courtyard-poll-tallies', dependencies: ['courtyard-events', 'courtyard-database'] },
);
