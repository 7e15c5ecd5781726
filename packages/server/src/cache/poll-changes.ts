// Tells every instance's poll caches that a poll changed (its rules, options or schedule), so a cached copy is
// dropped everywhere as soon as the change commits rather than when the cache's entry runs out. The NOTIFY
// goes in the change's own transaction: PostgreSQL (and PGlite) deliver it only on commit, to every instance
// listening. A notice lost with a dropped connection only leaves the copy until its entry expires; what a vote
// writes is checked against the poll inside the write itself (polls/cast-vote.ts), cached copy or not.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../db/database.js';
import { notify } from '../repositories/notify.js';

export const POLL_CHANGES_CHANNEL = 'courtyard_poll_changes';

/** Announces, once `tx` commits, that the poll changed. */
export async function announcePollChange(tx: Executor, communityId: string, pollId: string): Promise<void> {
  await notify(tx, POLL_CHANGES_CHANNEL, `${communityId} ${pollId}`);
}

export class PollChanges {
  readonly #listeners = new Set<(communityId: string, pollId: string) => void>();

  /** Calls `listener` for every poll that changes, on any instance; returns the unsubscribe function. */
  subscribe(listener: (communityId: string, pollId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A notice from the channel. */
  notice(payload: string): void {
    const [communityId, pollId] = payload.split(' ');
    if (!communityId || !pollId) return;
    for (const listener of this.#listeners) listener(communityId, pollId);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Poll cache invalidation from every instance (see cache/poll-changes.ts). */
    pollChanges: PollChanges;
  }
}

export default fp(
  async function pollChanges(app: FastifyInstance) {
    const changes = new PollChanges();
    const unlisten = await app.database.listen(POLL_CHANGES_CHANNEL, (payload) => changes.notice(payload));
    app.decorate('pollChanges', changes);
    app.addHook('onClose', async () => {
      await unlisten().catch(() => {});
    });
  },
  { name: 'courtyard-poll-changes', dependencies: ['courtyard-database'] },
);
