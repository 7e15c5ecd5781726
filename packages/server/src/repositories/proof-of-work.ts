// Proof-of-work solutions already accepted, so each is accepted once (proof-of-work/spent-solutions.ts).
import { lt } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { proofOfWorkSpent } from '../db/schema.js';

/** Records a solution's challenge as spent; false when it already was (a replay). */
export async function spendSolution(
  db: Executor,
  siteId: string,
  challengeSignature: string,
  expiresAt: Date,
): Promise<boolean> {
  const added = await db
    .insert(proofOfWorkSpent)
    .values({ siteId, challengeSignature, expiresAt })
    .onConflictDoNothing()
    .returning({ siteId: proofOfWorkSpent.siteId });
  return added.length > 0;
}

/** Forgets solutions whose challenges have expired (they could not be used again anyway); returns how many. */
export async function purgeSpentSolutions(db: Executor, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(proofOfWorkSpent)
    .where(lt(proofOfWorkSpent.expiresAt, now))
    .returning({ siteId: proofOfWorkSpent.siteId });
  return deleted.length;
}
