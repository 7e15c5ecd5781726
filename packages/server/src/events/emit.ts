// emit() records a live update in the same transaction as the change it reports. The NOTIFY it issues is
// delivered by PostgreSQL (and PGlite) only when that transaction commits, so a rolled-back change is
// never announced, and every instance's hub hears it. The busiest one-statement writes use emitCtes and
// announce after commit instead (see there).
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { events } from '../db/schema.js';
import type { LiveEvent } from '../repositories/events.js';
import type { Topic } from './topics.js';

export const EVENTS_CHANNEL = 'courtyard_events';

/** What goes through NOTIFY: just enough to find the row (payloads stay in the table, under 8 kB limits). */
export interface EventNotice {
  id: number;
  communityId: string;
  topic: string;
}

/**
 * Records `type` on `topic` with a payload of PUBLIC data only (it is sent to anyone on the community's
 * pages): tallies, statuses, staff replies meant for residents; never phone numbers, contacts or rooms.
 */
export async function emit(tx: Executor, topic: Topic, type: string, payload: unknown): Promise<LiveEvent> {
  const rows =
    await tx.execute(sql`with ${emitCtes(sql`(select 1) as one`, topic, type, sql`${JSON.stringify(payload)}::jsonb`)},
    notified as (select pg_notify(${EVENTS_CHANNEL}, notice) from emitted_notice)
    select emitted.id, emitted.community_id as "communityId", emitted.topic, emitted.type, emitted.payload,
      emitted.created_at as "createdAt", (select count(*) from notified) as noticed
    from emitted`);
  const row = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as LiveEvent & { noticed?: unknown };
  const { noticed: _, ...event } = row;
  return { ...event, id: Number(event.id), createdAt: new Date(event.createdAt) };
}

/**
 * emit() as two CTEs for a one-statement write: `emitted` records the event once per row of `from`, and
 * `emitted_notice` has each event's `topic` and NOTIFY payload (`notice`). The statement answers them as a
 * `notices` column (`json_agg(notice)` of each input row's topic) and they are announced once it has
 * committed, batched with other writes' (EventHub.announce): a NOTIFY inside the write would take
 * PostgreSQL's database-wide notify lock at commit and make every busy write commit one at a time.
 * `payload` is a jsonb expression and may use `from`'s columns.
 */
export function emitCtes(
  from: SQL,
  topic: Topic | { communityId: unknown; name: unknown },
  type: unknown,
  payload: SQL,
): SQL {
  return sql`emitted as (
      insert into ${events} (community_id, topic, type, payload)
      select ${topic.communityId}::uuid, ${topic.name}::text, ${type}::text, ${payload} from ${from}
      returning id, community_id, topic, type, payload, created_at
    ),
    emitted_notice as (
      select topic, json_build_object('id', id, 'communityId', community_id, 'topic', topic)::text as notice
      from emitted
    )`;
}
