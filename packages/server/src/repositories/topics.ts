// Topics (议题), their status history and the suggestions they grew from. Every read and write is scoped by
// community; the public list filters by the page's place (building or unit) in SQL.
import { and, desc, eq, inArray, isNull, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { suggestions, topicStatusChanges, topicSuggestions, topicSupports, topics } from '../db/schema.js';

export type TopicRow = typeof topics.$inferSelect;
export type NewTopicRow = Omit<typeof topics.$inferInsert, 'createdAt' | 'updatedAt' | 'status'>;
export type TopicStatusValue = TopicRow['status'];

const CLOSED: TopicStatusValue[] = ['done', 'dropped'];

export interface TopicFilter {
  buildingId?: string;
  unitId?: string;
  state?: 'open' | 'closed';
  status?: TopicStatusValue;
  before?: { createdAt: Date; id: string };
  limit: number;
}

export async function insertTopic(tx: Executor, values: NewTopicRow): Promise<TopicRow> {
  const [row] = await tx.insert(topics).values(values).returning();
  return row as TopicRow;
}

export async function findTopic(db: Executor, communityId: string, id: string): Promise<TopicRow | undefined> {
  const [row] = await db
    .select()
    .from(topics)
    .where(and(eq(topics.communityId, communityId), eq(topics.id, id)));
  return row;
}

/** Any community's topic with this id: a client-made id taken elsewhere is a conflict, not a replay. */
export async function topicIdTaken(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: topics.id }).from(topics).where(eq(topics.id, id));
  return row !== undefined;
}

/** Locks the topic for a change, so two status changes (or a change and a support) never interleave. */
export async function lockTopic(tx: Executor, communityId: string, id: string): Promise<TopicRow | undefined> {
  const [row] = await tx
    .select()
    .from(topics)
    .where(and(eq(topics.communityId, communityId), eq(topics.id, id)))
    .for('update');
  return row;
}

export async function lockTopics(tx: Executor, communityId: string, ids: string[]): Promise<TopicRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(topics)
    .where(and(eq(topics.communityId, communityId), inArray(topics.id, ids)))
    .orderBy(topics.id)
    .for('update');
}

export async function updateTopic(
  tx: Executor,
  id: string,
  changes: Partial<Pick<TopicRow, 'status' | 'pollId' | 'pollOutcome'>>,
): Promise<TopicRow> {
  const [row] = await tx
    .update(topics)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(topics.id, id))
    .returning();
  return row as TopicRow;
}

export async function insertStatusChange(
  tx: Executor,
  values: {
    communityId: string;
    topicId: string;
    fromStatus: TopicStatusValue | null;
    toStatus: TopicStatusValue;
    reason: string;
    staffId: string | null;
  },
) {
  // Each change later than the last, so a clock stepping back never reorders the public history.
  await tx.insert(topicStatusChanges).values({
    ...values,
    createdAt: sql`greatest(now(), (select max(${topicStatusChanges.createdAt}) + interval '1 millisecond' from ${topicStatusChanges} where ${topicStatusChanges.topicId} = ${values.topicId}))`,
  });
}

/** The community's suggestions with these ids (not spam), with when each arrived. */
export async function suggestionsOf(db: Executor, communityId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: suggestions.id, createdAt: suggestions.createdAt })
    .from(suggestions)
    .where(
      and(
        eq(suggestions.communityId, communityId),
        inArray(suggestions.id, ids),
        notInArray(suggestions.moderation, ['spam']),
      ),
    );
}

export async function linkSuggestions(tx: Executor, topicId: string, suggestionIds: string[]) {
  if (suggestionIds.length === 0) return;
  await tx.insert(topicSuggestions).values(suggestionIds.map((suggestionId) => ({ topicId, suggestionId })));
}

/** The topics a suggestion became part of (its follower's page says so), oldest first. */
/** The topics (id and public title) of each of these suggestions, oldest first; none for one without. */
export async function topicsBySuggestion(db: Executor, communityId: string, suggestionIds: string[]) {
  const found = new Map<string, { id: string; title: string }[]>(suggestionIds.map((id) => [id, []]));
  if (suggestionIds.length === 0) return found;
  const rows = await db
    .select({ suggestionId: topicSuggestions.suggestionId, id: topics.id, title: topics.title })
    .from(topicSuggestions)
    .innerJoin(topics, eq(topics.id, topicSuggestions.topicId))
    .where(and(eq(topics.communityId, communityId), inArray(topicSuggestions.suggestionId, suggestionIds)))
    .orderBy(topics.createdAt, topics.id);
  for (const { suggestionId, ...topic } of rows) found.get(suggestionId)?.push(topic);
  return found;
}

/**
 * What a suggestion's follower is told it became: its own topics and, once merged, those of the suggestion it
 * was merged into (which carries its supports), each once, oldest first.
 */
export async function topicsOfSuggestion(
  db: Executor,
  communityId: string,
  suggestion: { id: string; mergedIntoId?: string | null },
) {
  const ids = [suggestion.id, ...(suggestion.mergedIntoId ? [suggestion.mergedIntoId] : [])];
  const rows = await db
    .selectDistinct({ id: topics.id, title: topics.title, createdAt: topics.createdAt })
    .from(topicSuggestions)
    .innerJoin(topics, eq(topics.id, topicSuggestions.topicId))
    .where(and(eq(topics.communityId, communityId), inArray(topicSuggestions.suggestionId, ids)))
    .orderBy(topics.createdAt, topics.id);
  return rows.map(({ id, title }) => ({ id, title }));
}

/** The suggestions merged into this one: their followers hear of its topics too. */
export async function mergedInto(db: Executor, communityId: string, suggestionId: string) {
  const rows = await db
    .select({ id: suggestions.id })
    .from(suggestions)
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.mergedIntoId, suggestionId)));
  return rows.map((row) => row.id);
}

/** The linked topic of a poll, locked for writing its outcome back. */
export async function lockTopicOfPoll(tx: Executor, communityId: string, pollId: string) {
  const [row] = await tx
    .select()
    .from(topics)
    .where(and(eq(topics.communityId, communityId), eq(topics.pollId, pollId)))
    .for('update');
  return row;
}

/** What concerns a place: community-wide topics, and those of its building not limited to another unit. */
function concerning(filter: TopicFilter): SQL | undefined {
  if (filter.unitId && filter.buildingId) {
    return or(
      eq(topics.scope, 'community'),
      and(eq(topics.buildingId, filter.buildingId), or(isNull(topics.unitId), eq(topics.unitId, filter.unitId))),
    );
  }
  if (filter.buildingId) return or(eq(topics.scope, 'community'), eq(topics.buildingId, filter.buildingId));
  return undefined;
}

export async function listTopics(db: Executor, communityId: string, filter: TopicFilter): Promise<TopicRow[]> {
  const conditions = [
    eq(topics.communityId, communityId),
    concerning(filter),
    filter.state === 'open' ? notInArray(topics.status, CLOSED) : undefined,
    filter.state === 'closed' ? inArray(topics.status, CLOSED) : undefined,
    filter.status ? eq(topics.status, filter.status) : undefined,
    filter.before
      ? or(
          lt(topics.createdAt, filter.before.createdAt),
          and(eq(topics.createdAt, filter.before.createdAt), lt(topics.id, filter.before.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(topics)
    .where(and(...conditions))
    .orderBy(desc(topics.createdAt), desc(topics.id))
    .limit(filter.limit);
}

/** Adds or withdraws this device's support once; the new count and whether anything changed. */
export async function setTopicSupport(tx: Executor, topicId: string, voterHash: string, supported: boolean) {
  const rows = supported
    ? await tx
        .insert(topicSupports)
        .values({ topicId, voterHash })
        .onConflictDoNothing()
        .returning({ id: topicSupports.topicId })
    : await tx
        .delete(topicSupports)
        .where(and(eq(topicSupports.topicId, topicId), eq(topicSupports.voterHash, voterHash)))
        .returning({ id: topicSupports.topicId });
  const delta = rows.length * (supported ? 1 : -1);
  const [row] = await tx
    .update(topics)
    .set({ supportCount: sql`${topics.supportCount} + ${delta}` })
    .where(eq(topics.id, topicId))
    .returning({ supportCount: topics.supportCount });
  return { changed: delta !== 0, supportCount: row!.supportCount };
}
