// Spent proof-of-work solutions are kept until their challenge expires (proof-of-work/spent-solutions.ts);
// after that a replay is refused as expired anyway, so the rows go.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { purgeSpentSolutions } from '../repositories/proof-of-work.js';
import { every, JobLocks, runOnce } from './run-once.js';

/** Forgets expired solutions every `COURTYARD_PURGE_EVERY_MS`, one instance per round. */
export default fp(
  async function proofOfWorkPurge(app: FastifyInstance) {
    every(app, 'proof-of-work-purge', app.config.jobs.purgeEveryMs, async () => {
      const run = await runOnce(app.db, JobLocks.proofOfWorkPurge, (tx) => purgeSpentSolutions(tx));
      if (run.ran && run.result > 0) app.log.info({ count: run.result }, 'purged expired proof-of-work solutions');
    });
  },
  { name: 'courtyard-proof-of-work-purge', dependencies: ['courtyard-database'] },
);
