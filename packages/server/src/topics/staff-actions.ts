// What staff do to topics, with its rules: create one (from residents' suggestions, whose supporters are
// told live, or from scratch), move it along its statuses with a public reason, moderate opinions, record a
// decision (with photos) and open its poll. Each runs inside the caller's transaction, is audited, and is
// announced on `topic:<id>` (public data only). Routes (routes/admin/topics.ts) check the request and present.
import { SUGGESTION_TOPIC_EVENT, TOPIC_EVENTS, TOPIC_TRANSITIONS } from '@courtyard/protocol';
import type {
  ChangeTopicStatus,
  CreatePollRequest,
  ModerateTopicOpinion,
  NewDecision,
  NewTopic,
} from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import type { StaffActor } from '../audit/audit.js';
import { audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, invalidStatusTransition, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { topic as liveTopic } from '../events/topics.js';
import { moderate } from '../moderation/moderate.js';
import { trimmed } from '../notices/topic.js';
import type { ProcessedPhoto } from '../photos/process-photo.js';
import { checkScope, createPoll } from '../polls/staff-polls.js';
import { findMeeting } from '../repositories/meetings.js';
import { storePhoto } from '../repositories/photos.js';
import { withParts } from '../repositories/topic-parts.js';
import {
  DECISION_PHOTO_OWNER,
  findDecision,
  insertDecision,
  lockOpinion,
  moderateOpinion,
} from '../repositories/topic-residents.js';
import {
  findTopic,
  insertStatusChange,
  insertTopic,
  linkSuggestions,
  lockTopic,
  mergedInto,
  suggestionsOf,
  type TopicRow,
  topicIdTaken,
  topicsOfSuggestion,
  updateTopic,
} from '../repositories/topics.js';
import { presentDecision, presentTopic } from './present.js';
import { topicLiveTopic } from './topic.js';

export type { StaffActor };

/** A decision is recorded once the topic was deliberated, and until it is done or dropped. */
const DECIDABLE: TopicRow['status'][] = ['deliberated', 'decided', 'in-progress'];

/** Finds and locks a topic for a change; 404 when it is not this community's. */
export async function lockedTopic(tx: Executor, communityId: string, id: string): Promise<TopicRow> {
  const topic = await lockTopic(tx, communityId, id);
  if (!topic) throw notFound('The topic');
  return topic;
}

/** Creates a topic; its id, or false when a retry's client-made id already names this community's topic. */
export async function createTopic(
  tx: Executor,
  actor: StaffActor,
  body: Static<typeof NewTopic>,
): Promise<string | false> {
  const id = body.id?.toLowerCase();
  if (id && (await findTopic(tx, actor.communityId, id))) return false;
  if (id && (await topicIdTaken(tx, id))) throw conflict('This topic id is taken.');
  const place = await checkScope(tx, actor.communityId, {
    type: body.scope.type,
    buildingId: body.scope.buildingId?.toLowerCase(),
    unitId: body.scope.unitId?.toLowerCase(),
  });
  const suggestionIds = [...new Set((body.suggestionIds ?? []).map((value) => value.toLowerCase()))];
  const found = await suggestionsOf(tx, actor.communityId, suggestionIds);
  if (found.length !== suggestionIds.length)
    throw validation('body.suggestionIds names a suggestion this community does not have.');
  const oldest = found.reduce<Date | null>((min, row) => (!min || row.createdAt < min ? row.createdAt : min), null);
  const topic = await insertTopic(tx, {
    ...(id ? { id } : {}),
    communityId: actor.communityId,
    scope: body.scope.type,
    buildingId: place.buildingId,
    unitId: place.unitId,
    title: trimmed('body.title', body.title, validation),
    summary: body.summary?.trim() ?? '',
    ...(oldest ? { firstOpinionAt: oldest } : {}),
    createdBy: actor.id,
  });
  await linkSuggestions(tx, topic.id, suggestionIds);
  await insertStatusChange(tx, {
    communityId: actor.communityId,
    topicId: topic.id,
    fromStatus: null,
    toStatus: 'proposed',
    reason: '',
    staffId: actor.id,
  });
  const [full] = await withParts(tx, [topic], 'all');
  const presented = presentTopic(full as NonNullable<typeof full>);
  await audit(tx, actor, 'topic.created', { type: 'topic', id: topic.id }, null, { ...presented, suggestionIds });
  await emit(tx, topicLiveTopic(actor.communityId, topic.id), TOPIC_EVENTS.changed, {
    id: topic.id,
    status: topic.status,
  });
  // The pages of each suggestion it grew from hear it at once: their supporters see their opinion became a topic,
  // and so do the followers of suggestions merged into one of them (their supports count there).
  // `topics` is the follow view's whole new list, so a page takes it as it takes any changed field.
  for (const grewFrom of suggestionIds) {
    for (const id of [grewFrom, ...(await mergedInto(tx, actor.communityId, grewFrom))]) {
      const mergedIntoId = id === grewFrom ? null : grewFrom;
      await emit(tx, liveTopic(actor.communityId, 'suggestion', id), SUGGESTION_TOPIC_EVENT, {
        id,
        topic: { id: topic.id, title: topic.title, status: topic.status },
        topics: await topicsOfSuggestion(tx, actor.communityId, { id, mergedIntoId }),
      });
    }
  }
  return topic.id;
}

/** Moves a topic to its next status with a public reason; a step TOPIC_TRANSITIONS does not allow is a 409. */
export async function changeTopicStatus(
  tx: Executor,
  actor: StaffActor,
  topicId: string,
  body: Static<typeof ChangeTopicStatus>,
) {
  const topic = await lockedTopic(tx, actor.communityId, topicId);
  const reason = trimmed('body.reason', body.reason, validation);
  if (!TOPIC_TRANSITIONS[topic.status].includes(body.status)) {
    throw invalidStatusTransition(topic.status, body.status, 'A topic');
  }
  await updateTopic(tx, topic.id, { status: body.status });
  await insertStatusChange(tx, {
    communityId: actor.communityId,
    topicId: topic.id,
    fromStatus: topic.status,
    toStatus: body.status,
    reason,
    staffId: actor.id,
  });
  const change = { from: topic.status, to: body.status, reason, at: new Date().toISOString() };
  await audit(
    tx,
    actor,
    'topic.status_changed',
    { type: 'topic', id: topic.id },
    { status: topic.status },
    { status: body.status, reason },
  );
  await emit(tx, topicLiveTopic(actor.communityId, topic.id), TOPIC_EVENTS.changed, {
    id: topic.id,
    status: body.status,
    change,
  });
}

/** Publishes, rejects or marks as spam an opinion (moderation/moderate.ts). */
export async function moderateTopicOpinion(
  tx: Executor,
  actor: StaffActor,
  topicId: string,
  opinionId: string,
  body: Static<typeof ModerateTopicOpinion>,
) {
  await moderate(tx, actor, body.action, await lockOpinion(tx, actor.communityId, topicId, opinionId), {
    what: 'The opinion',
    auditAction: 'topic.opinion_moderated',
    subjectType: 'topic_opinion',
    write: (opinion, moderation) => moderateOpinion(tx, opinion.id, moderation, actor.id),
    tellPages: async (after, shown) => {
      const [full] = await withParts(tx, [(await findTopic(tx, actor.communityId, topicId)) as TopicRow], 'published');
      const published = presentTopic(full as NonNullable<typeof full>).opinions;
      await emit(tx, topicLiveTopic(actor.communityId, topicId), TOPIC_EVENTS.opinion, {
        id: topicId,
        opinion: shown ? published.find((entry) => entry.id === after.id) : { id: after.id },
        shown,
      });
    },
  });
}

/**
 * Records a decision on a deliberated topic with its photos (already re-encoded); false when a retry's
 * client-made id already names a decision of this topic.
 */
export async function recordDecision(
  tx: Executor,
  actor: StaffActor,
  topicId: string,
  body: Static<typeof NewDecision>,
  photos: ProcessedPhoto[],
): Promise<boolean> {
  const decisionId = body.id?.toLowerCase();
  const topic = await lockedTopic(tx, actor.communityId, topicId);
  const earlier = decisionId ? await findDecision(tx, decisionId) : undefined;
  if (earlier && earlier.topicId !== topic.id) throw conflict('This decision id belongs to another topic.');
  if (earlier) return false;
  if (!DECIDABLE.includes(topic.status)) {
    throw conflict(`A decision is recorded once the topic was deliberated (it is ${topic.status}).`);
  }
  const meetingId = body.meetingId?.toLowerCase() ?? null;
  if (meetingId && !(await findMeeting(tx, actor.communityId, meetingId))) {
    throw validation('body.meetingId is not a meeting of this community.');
  }
  const decision = await insertDecision(tx, {
    ...(decisionId ? { id: decisionId } : {}),
    communityId: actor.communityId,
    topicId: topic.id,
    meetingId,
    text: trimmed('body.text', body.text, validation),
    responsibleParty: trimmed('body.responsibleParty', body.responsibleParty, validation),
    deadline: body.deadline ?? null,
    cost: body.cost === undefined ? null : body.cost.toFixed(2),
    costSharing: body.costSharing?.trim() || null,
    staffId: actor.id,
  });
  const stored = [];
  for (const photo of photos) {
    const owner = { kind: DECISION_PHOTO_OWNER, id: decision.id };
    const row = await storePhoto(tx, { communityId: actor.communityId, owner, public: true, photo });
    stored.push({ id: row.id, width: row.width, height: row.height });
  }
  const presented = presentDecision({ ...decision, photos: stored });
  await audit(tx, actor, 'topic.decision_recorded', { type: 'topic', id: topic.id }, null, presented);
  await emit(tx, topicLiveTopic(actor.communityId, topic.id), TOPIC_EVENTS.decision, {
    id: topic.id,
    decision: presented,
  });
  return true;
}

/** Opens the topic's poll (ballot codes, art. 278 rules as any poll); a topic has at most one. */
export async function openTopicPoll(
  tx: Executor,
  actor: StaffActor,
  publicUrl: URL,
  topicId: string,
  body: Static<typeof CreatePollRequest>,
) {
  const topic = await lockedTopic(tx, actor.communityId, topicId);
  if (topic.pollId) throw conflict('This topic already has a poll.');
  if (topic.status === 'done' || topic.status === 'dropped') throw conflict(`This topic is ${topic.status}.`);
  const poll = await createPoll(tx, actor, publicUrl, body);
  await updateTopic(tx, topic.id, { pollId: poll.id });
  await audit(tx, actor, 'topic.poll_opened', { type: 'topic', id: topic.id }, { pollId: null }, { pollId: poll.id });
  await emit(tx, topicLiveTopic(actor.communityId, topic.id), TOPIC_EVENTS.changed, {
    id: topic.id,
    status: topic.status,
    poll: { id: poll.id, title: poll.title, outcome: null },
  });
  return poll;
}
