// Deliberation meetings and their agendas, scoped by community.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { meetings, meetingTopics, topics } from '../db/schema.js';

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingWithAgenda = MeetingRow & { agenda: { id: string; title: string }[] };

export async function insertMeeting(
  tx: Executor,
  values: Omit<typeof meetings.$inferInsert, 'createdAt' | 'attendance' | 'minutes'>,
  topicIds: string[],
): Promise<MeetingRow> {
  const [row] = await tx.insert(meetings).values(values).returning();
  const meeting = row as MeetingRow;
  await tx
    .insert(meetingTopics)
    .values(topicIds.map((topicId, position) => ({ meetingId: meeting.id, topicId, position })));
  return meeting;
}

/** Replaces a meeting's agenda with these topics, in this order. */
export async function replaceAgenda(tx: Executor, meetingId: string, topicIds: string[]): Promise<void> {
  await tx.delete(meetingTopics).where(eq(meetingTopics.meetingId, meetingId));
  await tx.insert(meetingTopics).values(topicIds.map((topicId, position) => ({ meetingId, topicId, position })));
}

export async function findMeeting(db: Executor, communityId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.communityId, communityId), eq(meetings.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function meetingIdTaken(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, id));
  return row !== undefined;
}

export async function recordMinutes(
  tx: Executor,
  id: string,
  minutes: string,
  attendance: { party: string; count: number }[],
): Promise<MeetingRow> {
  const [row] = await tx.update(meetings).set({ minutes, attendance }).where(eq(meetings.id, id)).returning();
  return row as MeetingRow;
}

export async function listMeetings(db: Executor, communityId: string, limit: number): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetings)
    .where(eq(meetings.communityId, communityId))
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(limit);
}

/** The meetings with their agendas (topic titles in order). */
export async function withAgenda(db: Executor, rows: MeetingRow[]): Promise<MeetingWithAgenda[]> {
  if (rows.length === 0) return [];
  const agenda = await db
    .select({ meetingId: meetingTopics.meetingId, id: topics.id, title: topics.title })
    .from(meetingTopics)
    .innerJoin(topics, eq(topics.id, meetingTopics.topicId))
    .where(
      inArray(
        meetingTopics.meetingId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(meetingTopics.position));
  return rows.map((row) => ({
    ...row,
    agenda: agenda.filter((item) => item.meetingId === row.id).map(({ id, title }) => ({ id, title })),
  }));
}

/** Every meeting with any of these topics on its agenda, oldest first, with which topics. */
export async function meetingsOfTopics(db: Executor, topicIds: string[]) {
  if (topicIds.length === 0) return [];
  const links = await db
    .select({ meetingId: meetingTopics.meetingId, topicId: meetingTopics.topicId })
    .from(meetingTopics)
    .where(inArray(meetingTopics.topicId, topicIds));
  const ids = [...new Set(links.map((link) => link.meetingId))];
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(meetings)
    .where(inArray(meetings.id, ids))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
  const full = await withAgenda(db, rows);
  return full.map((meeting) => ({
    meeting,
    topicIds: links.filter((link) => link.meetingId === meeting.id).map((link) => link.topicId),
  }));
}
