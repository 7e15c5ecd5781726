// Events: the rows behind live updates (SSE) and, later, webhooks. Always read scoped by community.
import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { events } from '../db/schema.js';

export interface LiveEvent {
  /**
   * The event's number: one sequence for every community, increasing with every event. Streams send it only
   * encrypted with its community (events/stream-ids.ts), so no client learns another community's volume.
   */
  id: number;
  communityId: string;
  topic: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

const columns = {
  id: events.id,
  communityId: events.communityId,
  topic: events.topic,
  type: events.type,
  payload: events.payload,
  createdAt: events.createdAt,
};

export async function findEvent(db: Executor, id: number): Promise<LiveEvent | undefined> {
  const [row] = await db.select(columns).from(events).where(eq(events.id, id));
  return row;
}

/** Events of these topics (or all of the community's) after `afterId`, oldest first, at most `limit`. */
export async function eventsAfter(
  db: Executor,
  communityId: string,
  topics: string[] | 'all',
  afterId: number,
  limit: number,
): Promise<LiveEvent[]> {
  if (topics.length === 0) return [];
  const ofTopics = topics === 'all' ? undefined : inArray(events.topic, topics);
  return db
    .select(columns)
    .from(events)
    .where(and(eq(events.communityId, communityId), ofTopics, gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit);
}

/** The newest event number of the community (0 before its first): where a fresh stream starts. */
export async function latestEventId(db: Executor, communityId: string): Promise<number> {
  const [row] = await db
    .select({ id: max(events.id) })
    .from(events)
    .where(eq(events.communityId, communityId));
  return Number(row?.id ?? 0);
}
