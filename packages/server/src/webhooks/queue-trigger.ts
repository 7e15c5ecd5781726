// Deliveries are queued by a trigger on the events table: every event row of a webhook type — written by
// emit() or by a one-statement write that inserts events itself — gets one delivery per enabled endpoint
// that asked for it, in the same transaction. Nothing is lost on a crash, nothing is queued for a rollback,
// and there is no second event system. Installed at start (idempotent, serialised between instances) rather
// than in a generated migration, so regenerating migrations from the schema cannot drop it.
import { WEBHOOK_EVENTS } from '@courtyard/protocol';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

/** Any constant: instances starting together take turns installing. */
const INSTALL_LOCK = 7_360_211_845;

const eventNames = WEBHOOK_EVENTS.map((name) => `'${name}'`).join(', ');

export async function installQueueTrigger(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INSTALL_LOCK})`);
    await tx.execute(
      sql.raw(`create or replace function courtyard_queue_webhooks() returns trigger language plpgsql as $$
      begin
        insert into webhook_deliveries (community_id, endpoint_id, event_id, event_type)
        select new.community_id, endpoint.id, new.id, new.type
        from webhook_endpoints endpoint
        where endpoint.community_id = new.community_id and endpoint.enabled and new.type = any(endpoint.events)
        on conflict do nothing;
        return null;
      end $$`),
    );
    await tx.execute(sql.raw('drop trigger if exists events_queue_webhooks on events'));
    // Only webhook event types reach the function: live-only events (poll tallies) cost nothing.
    await tx.execute(
      sql.raw(`create trigger events_queue_webhooks after insert on events for each row
        when (new.type in (${eventNames})) execute function courtyard_queue_webhooks()`),
    );
  });
}
