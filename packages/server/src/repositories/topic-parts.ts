// A topic with everything a reader is shown: place names, status history, suggestions, meetings, decisions,
// its poll, opinions and the representatives of its place. One query per part for a whole list.
import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, polls, topicStatusChanges, topicSuggestions, units } from '../db/schema.js';
import { type MeetingWithAgenda, meetingsOfTopics } from './meetings.js';
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
  const buildingIds = [...new Set(rows.flatMap((row) => (row.buildingId ? [row.buildingId] : [])))];
  const unitIds = [...new Set(rows.flatMap((row) => (row.unitId ? [row.unitId] : [])))];
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
  const buildingRows = buildingIds.length
    ? await db
        .select({ id: buildings.id, name: buildings.name })
        .from(buildings)
        .where(inArray(buildings.id, buildingIds))
    : [];
  const unitRows = unitIds.length
    ? await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))
    : [];
  const pollRows = pollIds.length
    ? await db.select({ id: polls.id, title: polls.title }).from(polls).where(inArray(polls.id, pollIds))
    : [];
  const nameOf = (list: { id: string; name: string }[], id: string | null) =>
    id ? (list.find((entry) => entry.id === id)?.name ?? null) : null;
  return rows.map((row) => ({
    ...row,
    buildingName: nameOf(buildingRows, row.buildingId),
    unitName: nameOf(unitRows, row.unitId),
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
