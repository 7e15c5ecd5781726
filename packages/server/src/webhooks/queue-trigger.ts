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

/**
 * Whether an event concerns an endpoint's place (its building, or its unit): a notice or poll for the whole
 * community, or for that building (all of it, its floors, or that unit); a repair reported there. Events about
 * no place (suggestions) reach every endpoint that asked for them.
 */
const EVENT_CONCERNS_FUNCTION = `create or replace function courtyard_event_concerns(
    community uuid, topic text, building uuid, unit uuid) returns boolean language sql stable as $$
  select case split_part(topic, ':', 1)
    when 'notice' then exists (select 1 from notices n
      where n.community_id = community and n.id::text = split_part(topic, ':', 2)
        and (n.scope = 'community' or (n.building_id = building and (unit is null or n.unit_id is null or n.unit_id = unit))))
    when 'poll' then exists (select 1 from polls p
      where p.community_id = community and p.id::text = split_part(topic, ':', 2)
        and (p.scope = 'community' or (p.building_id = building and (unit is null or p.unit_id is null or p.unit_id = unit))))
    when 'topic' then exists (select 1 from topics t
      where t.community_id = community and t.id::text = split_part(topic, ':', 2)
        and (t.scope = 'community' or (t.building_id = building and (unit is null or t.unit_id is null or t.unit_id = unit))))
    when 'rota' then exists (select 1 from rotas r
      where r.community_id = community and r.id::text = split_part(topic, ':', 2)
        and r.building_id = building and (unit is null or r.unit_id is null or r.unit_id = unit))
    when 'repair' then exists (select 1 from repair_requests r
      where r.community_id = community and r.tracking_code = split_part(topic, ':', 2)
        and r.building_id = building and (unit is null or r.unit_id is null or r.unit_id = unit))
    else true
  end
$$`;

export async function installQueueTrigger(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INSTALL_LOCK})`);
    await tx.execute(sql.raw(EVENT_CONCERNS_FUNCTION));
    await tx.execute(
      sql.raw(`create or replace function courtyard_queue_webhooks() returns trigger language plpgsql as $$
      begin
        insert into webhook_deliveries (community_id, endpoint_id, event_id, event_type)
        select new.community_id, endpoint.id, new.id, new.type
        from webhook_endpoints endpoint
        where endpoint.community_id = new.community_id and endpoint.enabled and new.type = any(endpoint.events)
          and (endpoint.scope_building_id is null
            or courtyard_event_concerns(new.community_id, new.topic, endpoint.scope_building_id, endpoint.scope_unit_id))
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
