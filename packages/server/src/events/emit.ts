// emit() records a live update in the same transaction as the change it reports. The NOTIFY it issues is
// delivered by PostgreSQL (and PGlite) only when that transaction commits, so a rolled-back change is
// never announced, and every instance's hub hears it.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { insertEvent, type LiveEvent } from '../repositories/events.js';
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
  const event = await insertEvent(tx, { communityId: topic.communityId, topic: topic.name, type, payload });
  const notice: EventNotice = { id: event.id, communityId: event.communityId, topic: event.topic };
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(notice)})`);
  return event;
}
