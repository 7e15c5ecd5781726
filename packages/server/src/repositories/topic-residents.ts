// Residents' opinions on a topic before its meeting, moderated like suggestions; and decisions with their
// photos. Scoped by the topic, which callers have found within the community first.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { photos, topicDecisions, topicOpinions } from '../db/schema.js';

export type TopicOpinionRow = typeof topicOpinions.$inferSelect;
export type TopicDecisionRow = typeof topicDecisions.$inferSelect;
export type DecisionWithPhotos = TopicDecisionRow & { photos: { id: string; width: number; height: number }[] };

/** Photos of a decision are stored public, owned by the decision. */
export const DECISION_PHOTO_OWNER = 'topic_decision';

export async function insertOpinion(
  tx: Executor,
  values: {
    communityId: string;
    topicId: string;
    text: string;
    deviceHash: string | null;
    moderation: 'pending' | 'spam';
  },
): Promise<TopicOpinionRow> {
  const [row] = await tx.insert(topicOpinions).values(values).returning();
  return row as TopicOpinionRow;
}

export async function lockOpinion(db: Executor, communityId: string, topicId: string, id: string) {
  const [row] = await db
    .select()
    .from(topicOpinions)
    .where(
      and(eq(topicOpinions.communityId, communityId), eq(topicOpinions.topicId, topicId), eq(topicOpinions.id, id)),
    )
    .for('update');
  return row;
}

export async function moderateOpinion(
  tx: Executor,
  id: string,
  moderation: TopicOpinionRow['moderation'],
  staffId: string,
): Promise<TopicOpinionRow> {
  const [row] = await tx
    .update(topicOpinions)
    .set({ moderation, moderatedBy: staffId })
    .where(eq(topicOpinions.id, id))
    .returning();
  return row as TopicOpinionRow;
}

export async function opinionsOf(db: Executor, topicIds: string[], which: 'published' | 'all') {
  if (topicIds.length === 0) return [];
  return db
    .select()
    .from(topicOpinions)
    .where(
      and(
        inArray(topicOpinions.topicId, topicIds),
        which === 'published' ? eq(topicOpinions.moderation, 'published') : undefined,
      ),
    )
    .orderBy(asc(topicOpinions.createdAt), asc(topicOpinions.id));
}

export async function insertDecision(
  tx: Executor,
  values: Omit<typeof topicDecisions.$inferInsert, 'createdAt'>,
): Promise<TopicDecisionRow> {
  const [row] = await tx.insert(topicDecisions).values(values).returning();
  return row as TopicDecisionRow;
}

export async function findDecision(db: Executor, id: string) {
  const [row] = await db.select().from(topicDecisions).where(eq(topicDecisions.id, id));
  return row;
}

export async function decisionsOf(db: Executor, topicIds: string[]): Promise<DecisionWithPhotos[]> {
  if (topicIds.length === 0) return [];
  const rows = await db
    .select()
    .from(topicDecisions)
    .where(inArray(topicDecisions.topicId, topicIds))
    .orderBy(asc(topicDecisions.createdAt), asc(topicDecisions.id));
  const ids = rows.map((row) => row.id);
  const photoRows = ids.length
    ? await db
        .select({ id: photos.id, ownerId: photos.ownerId, width: photos.width, height: photos.height })
        .from(photos)
        .where(and(eq(photos.ownerKind, DECISION_PHOTO_OWNER), inArray(photos.ownerId, ids), eq(photos.public, true)))
        .orderBy(asc(photos.createdAt), asc(photos.id))
    : [];
  return rows.map((row) => ({
    ...row,
    photos: photoRows
      .filter((photo) => photo.ownerId === row.id)
      .map(({ id, width, height }) => ({ id, width, height })),
  }));
}
