// The delivery log answers "did the bot get it?" for a month; finished deliveries older than that go.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { purgeDeliveries } from '../repositories/webhook-deliveries.js';
import { every, JobLocks, runOnce } from './run-once.js';

/** How long finished deliveries stay in the log (pending ones stay until they finish). */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Purges every `COURTYARD_PURGE_EVERY_MS` (hourly), one instance per round. */
export default fp(
  async function webhookDeliveryPurge(app: FastifyInstance) {
    every(app, 'webhook-delivery-purge', app.config.jobs.purgeEveryMs, () =>
      runOnce(app.db, JobLocks.webhookDeliveryPurge, (tx) => purgeDeliveries(tx, DELIVERY_RETENTION_MS)),
    );
  },
  { name: 'courtyard-webhook-delivery-purge', dependencies: ['courtyard-database'] },
);
