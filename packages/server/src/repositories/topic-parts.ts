// A topic with everything a reader is shown: place names, status history, suggestions, meetings, decisions,
// its poll, opinions and the representatives of its place. One query per part for a whole list.
import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { polls, topicStatusChanges, topicSuggestions } from '../db/schema.js';
import { type MeetingWithAgenda, meetingsOfTopics } from './meetings.js';
import { placeNamesOf } from './places.js';
import { listRepresentatives, type RepresentativeRow } from './representatives.js';
import { type DecisionWithPhotos, decisionsOf, opinionsOf, type TopicOpinionRow } from './topic-residents.js';
import type { TopicRow } from './topics.js';

export type StatusChangeRow = typeof topicStatusChanges.$inferSelect;

export interface TopicWithParts extends TopicRow {
  buildingName: string | null;
  unitName: string | null;
  history: StatusChangeRow[];
  suggestionIds: string[];
  meetings: MeetingWithAgenda[];
  decisions: DecisionWithPhotos[];
  pollTitle: string | null;
  opinions: TopicOpinionRow[];
  representatives: RepresentativeRow[];
}

export async function withParts(
  db: Executor,
  rows: TopicRow[],
  opinions: 'published' | 'all',
): Promise<TopicWithParts[]> {
  const first = rows[0];
  if (!first) return [];
  const ids = rows.map((row) => row.id);
  const pollIds = [...new Set(rows.flatMap((row) => (row.pollId ? [row.pollId] : [])))];
  const history = await db
    .select()
    .from(topicStatusChanges)
    .where(inArray(topicStatusChanges.topicId, ids))
    .orderBy(asc(topicStatusChanges.createdAt), asc(topicStatusChanges.id));
  const links = await db.select().from(topicSuggestions).where(inArray(topicSuggestions.topicId, ids));
  const meetingRows = await meetingsOfTopics(db, ids);
  const decisionRows = await decisionsOf(db, ids);
  const opinionRows = await opinionsOf(db, ids, opinions);
  const representativeRows = await listRepresentatives(db, first.communityId);
  const placeNames = await placeNamesOf(db, rows);
  const pollRows = pollIds.length
    ? await db.select({ id: polls.id, title: polls.title }).from(polls).where(inArray(polls.id, pollIds))
    : [];
  return rows.map((row) => ({
    ...row,
    ...placeNames(row),
    history: history.filter((change) => change.topicId === row.id),
    suggestionIds: links.filter((link) => link.topicId === row.id).map((link) => link.suggestionId),
    meetings: meetingRows.filter((entry) => entry.topicIds.includes(row.id)).map((entry) => entry.meeting),
    decisions: decisionRows.filter((decision) => decision.topicId === row.id),
    pollTitle: pollRows.find((poll) => poll.id === row.pollId)?.title ?? null,
    opinions: opinionRows.filter((opinion) => opinion.topicId === row.id),
    representatives: representativeRows.filter(
      (person) =>
        row.scope === 'community' ||
        (person.buildingId === row.buildingId && (!row.unitId || !person.unitId || person.unitId === row.unitId)),
    ),
  }));
}
