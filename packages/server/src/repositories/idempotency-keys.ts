// Stored Idempotency-Keys (idempotency/idempotency.ts): their purge.
import { lt } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { idempotencyKeys } from '../db/schema.js';

/** Deletes keys stored before `cutoff`; returns how many. */
export async function deleteIdempotencyKeysBefore(db: Executor, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
