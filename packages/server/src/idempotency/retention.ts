// Idempotency keys only need to outlive a client's retries (the widgets' outbox gives up long before
// 48 hours); older keys are purged so the table stays small.
import { lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Executor } from '../db/database.js';
import { idempotencyKeys } from '../db/schema.js';

export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Deletes keys older than `retentionMs`; returns how many. Safe to run from every instance at once. */
export async function purgeIdempotencyKeys(db: Executor, retentionMs = IDEMPOTENCY_RETENTION_MS): Promise<number> {
  const cutoff = new Date(Date.now() - retentionMs);
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}

/** Purges hourly while the app runs; the timer never keeps the process alive and stops on close. */
export default fp(
  async function idempotencyRetention(app: FastifyInstance) {
    const timer = setInterval(() => {
      purgeIdempotencyKeys(app.db).then(
        (count) => count > 0 && app.log.info({ count }, 'purged old idempotency keys'),
        (error) => app.log.warn({ err: error }, 'could not purge old idempotency keys'),
      );
    }, PURGE_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'courtyard-idempotency-retention', dependencies: ['courtyard-database'] },
);
