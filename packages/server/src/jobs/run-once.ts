// Scheduled jobs run inside every instance; the ones that change data take a transaction-scoped advisory
// lock first, so of any number of instances one does the round and the others skip it (docs/operations.md).
// The lock ends with the transaction: a crashed instance never leaves it held.
import type { FastifyInstance } from 'fastify';
import type { Db, Tx } from '../db/database.js';
import { tryTransactionLock } from '../repositories/job-locks.js';

/** One advisory lock key per job, in one place so no two jobs share a key by accident. */
export const JobLocks = {
  /** 'courtyard retention' folded into a bigint (kept from the first version of the retention job). */
  retention: 7_020_913_420_011n,
  idempotencyPurge: 7_020_913_420_012n,
  webhookDeliveryPurge: 7_020_913_420_013n,
  pollAnnouncements: 7_020_913_420_014n,
  proofOfWorkPurge: 7_020_913_420_015n,
  rotaGaps: 7_020_913_420_016n,
  rotaReminders: 7_020_913_420_017n,
} as const;

export type JobLock = (typeof JobLocks)[keyof typeof JobLocks];

export type RunOnceResult<T> = { ran: false } | { ran: true; result: T };

/**
 * Runs `work` in one transaction holding the job's advisory lock, or not at all when another instance
 * holds it (that instance is doing this round). Work that commits is done; work that throws rolls back.
 */
export async function runOnce<T>(db: Db, lock: JobLock, work: (tx: Tx) => Promise<T>): Promise<RunOnceResult<T>> {
  return db.transaction(async (tx) => {
    if (!(await tryTransactionLock(tx, lock))) return { ran: false } as const;
    return { ran: true, result: await work(tx) } as const;
  });
}

/**
 * Calls `round` every `everyMs` while the app runs. The timer never keeps the process alive, a round that
 * fails is logged and the next one tries again, and no round starts after the app begins to close.
 */
export function every(app: FastifyInstance, name: string, everyMs: number, round: () => Promise<unknown>): void {
  let closing = false;
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    // A slow round (a large backlog) is not overlapped by the next tick of the same instance.
    if (closing || running) return;
    running = round()
      .catch((error) => app.log.warn({ err: error, job: name }, `scheduled job ${name} failed`))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  app.addHook('preClose', async () => {
    closing = true;
    clearInterval(timer);
    await running;
  });
}
