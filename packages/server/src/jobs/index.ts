// Every scheduled job, registered together. Each runs on an interval in every instance (`every`); the ones
// that change data take their advisory lock per round (`runOnce`), so one instance does each round.
// docs/operations.md lists them with their intervals. To add one: a file here exporting an fp() plugin
// that calls `every(...)`, a key in JobLocks, and a line below.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import idempotencyPurge from './idempotency-purge.js';
import pollAnnouncements from './poll-announcements.js';
import proofOfWorkPurge from './proof-of-work-purge.js';
import retention from './retention.js';
import rotaGaps from './rota-gaps.js';
import rotaReminders from './rota-reminders.js';
import webhookDeliveryPurge from './webhook-delivery-purge.js';

export default fp(
  async function scheduledJobs(app: FastifyInstance) {
    await app.register(idempotencyPurge);
    await app.register(proofOfWorkPurge);
    await app.register(webhookDeliveryPurge);
    await app.register(retention);
    await app.register(pollAnnouncements);
    await app.register(rotaGaps);
    await app.register(rotaReminders);
  },
  { name: 'courtyard-scheduled-jobs', dependencies: ['courtyard-database'] },
);
