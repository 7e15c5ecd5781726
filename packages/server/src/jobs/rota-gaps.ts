// Tells staff of tomorrow's gaps in their duty rotas: each covered day that still needs households is
// recorded once, the first round it is tomorrow in its community's time zone, and announced as `rota.gap` on
// the rota's topic — which queues it for the chat-group bots that asked for it and puts it in the inbox.
import { ROTA_EVENTS } from '@courtyard/protocol';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import { emit } from '../events/emit.js';
import { recordTomorrowGaps } from '../repositories/rota-gaps.js';
import { rotaTopic } from '../rota/topic.js';
import { every, JobLocks, runOnce } from './run-once.js';

/** Bounded so one round never holds a long transaction; the next round takes the rest. */
export const ROTA_GAP_BATCH = 200;

export async function announceTomorrowGaps(db: Db): Promise<{ ran: boolean; gaps: number }> {
  const run = await runOnce(db, JobLocks.rotaGaps, async (tx) => {
    const gaps = await recordTomorrowGaps(tx, ROTA_GAP_BATCH);
    for (const gap of gaps) {
      await emit(tx, rotaTopic(gap.communityId, gap.rotaId), ROTA_EVENTS.gap, {
        id: gap.rotaId,
        date: gap.day,
        open: gap.open,
      });
    }
    return gaps.length;
  });
  return run.ran ? { ran: true, gaps: run.result } : { ran: false, gaps: 0 };
}

export default fp(
  async function rotaGaps(app: FastifyInstance) {
    every(app, 'rota-gaps', app.config.jobs.rotaGapsEveryMs, async () => {
      const run = await announceTomorrowGaps(app.db);
      if (run.gaps > 0) app.log.info({ gaps: run.gaps }, 'announced tomorrow’s rota gaps');
    });
  },
  { name: 'courtyard-rota-gaps', dependencies: ['courtyard-database'] },
);
