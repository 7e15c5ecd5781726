// Idempotency keys only need to outlive a client's retries (the widgets' outbox gives up long before
// 48 hours); older keys are purged so the table stays small.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../db/database.js';
import { deleteIdempotencyKeysBefore } from '../repositories/idempotency-keys.js';
import { every, JobLocks, runOnce } from './run-once.js';

export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;

/** Deletes keys older than `retentionMs`; returns how many. */
export function purgeIdempotencyKeys(db: Executor, retentionMs = IDEMPOTENCY_RETENTION_MS): Promise<number> {
  return deleteIdempotencyKeysBefore(db, new Date(Date.now() - retentionMs));
}

/**
 * Purges every `COURTYARD_PURGE_EVERY_MS` (hourly) while the app runs, one instance per round (the others
 * would only find nothing to delete).
 */
export default fp(
  async function idempotencyPurge(app: FastifyInstance) {
    every(app, 'idempotency-purge', app.config.jobs.purgeEveryMs, async () => {
      const run = await runOnce(app.db, JobLocks.idempotencyPurge, (tx) => purgeIdempotencyKeys(tx));
      if (run.ran && run.result > 0) app.log.info({ count: run.result }, 'purged old idempotency keys');
    });
  },
  { name: 'courtyard-idempotency-retention', dependencies: ['courtyard-database'] },
);
