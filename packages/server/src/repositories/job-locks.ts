// The advisory lock a scheduled job takes for one round (jobs/run-once.ts).
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';

/** Takes the transaction-scoped advisory lock `key`; false when another transaction holds it. */
export async function tryTransactionLock(tx: Tx, key: bigint): Promise<boolean> {
  const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${key}::bigint) as locked`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { locked: boolean }[];
  return rows[0]?.locked === true;
}
