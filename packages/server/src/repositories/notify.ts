// NOTIFY on a channel, delivered to every instance listening once the transaction commits.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';

export async function notify(tx: Executor, channel: string, payload: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${channel}, ${payload})`);
}
