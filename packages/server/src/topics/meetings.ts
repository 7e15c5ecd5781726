// Deliberation meetings: staff schedule one for a set of topics (its notice goes out through the notices,
// kind "meeting", which also reaches the chat-group bots of the place), and afterwards record the minutes
// and how many of each party came. Until then its agenda can change, and the notice then says so. Audited,
// and announced on each agenda topic's `topic:<id>`.
import { TOPIC_EVENTS } from '@courtyard/protocol';
import type { MeetingAgenda, MeetingMinutes, NewMeeting } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import type { StaffActor } from '../audit/audit.js';
import { audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { postNoticeUpdate, publishNotice } from '../notices/staff-actions.js';
import { findCommunityById } from '../repositories/communities.js';
import {
  findMeeting,
  insertMeeting,
  meetingIdTaken,
  recordMinutes,
  replaceAgenda,
  withAgenda,
} from '../repositories/meetings.js';
import { findNotice } from '../repositories/notices.js';
import { lockTopics } from '../repositories/topics.js';
import { presentMeeting } from './present.js';
import { topicLiveTopic } from './topic.js';

const numbered = (titles: string[]) => titles.map((title, index) => `${index + 1}. ${title}`);

/** The meeting notice's text: where, how to join, and the agenda in order (the residents' own titles). */
function noticeBody(body: Static<typeof NewMeeting>, titles: string[]): string {
  return [body.place, body.online, '', ...numbered(titles)]
    .filter((line, index) => line !== undefined && (line !== '' || index > 1))
    .join('\n')
    .trim();
}

/** The topics' titles in the order of `ids`. */
const inOrder = (ids: string[], rows: { id: string; title: string }[]) =>
  ids.map((id) => rows.find((row) => row.id === id)?.title ?? '');

const closed = (topic: { status: string }) => topic.status === 'done' || topic.status === 'dropped';

/** What the meeting notice posts when its agenda changes, in the community's language. */
const AGENDA_CHANGED = { 'zh-CN': '议程已调整：', en: 'The agenda has changed:' } as const;

/** Schedules a meeting; its id, or false when a retry's client-made id already names this community's meeting. */
export async function scheduleMeeting(
  tx: Executor,
  actor: StaffActor,
  body: Static<typeof NewMeeting>,
): Promise<string | false> {
  const id = body.id?.toLowerCase();
  if (id && (await findMeeting(tx, actor.communityId, id))) return false;
  if (id && (await meetingIdTaken(tx, id))) throw conflict('This meeting id is taken.');
  if (!body.place && !body.online) throw validation('A meeting has a place, or a way to join online, or both.');
  const topicIds = body.topicIds.map((value) => value.toLowerCase());
  const locked = await lockTopics(tx, actor.communityId, topicIds);
  if (locked.length !== topicIds.length) throw validation('body.topicIds names a topic this community does not have.');
  if (locked.some(closed)) {
    throw conflict('A topic on the agenda is done or dropped.');
  }
  const titles = inOrder(topicIds, locked);
  const noticeId = await publishNotice(tx, actor, {
    kind: 'meeting',
    scope: body.scope,
    title: body.title,
    body: noticeBody(body, titles),
    startsAt: body.startsAt,
  });
  const meeting = await insertMeeting(
    tx,
    {
      ...(id ? { id } : {}),
      communityId: actor.communityId,
      title: body.title.trim(),
      startsAt: new Date(body.startsAt),
      place: body.place?.trim() ?? null,
      online: body.online?.trim() ?? null,
      parties: body.parties,
      noticeId: noticeId || null,
      createdBy: actor.id,
    },
    topicIds,
  );
  const [full] = await withAgenda(tx, [meeting]);
  const presented = presentMeeting(full as NonNullable<typeof full>);
  await audit(tx, actor, 'meeting.scheduled', { type: 'meeting', id: meeting.id }, null, presented);
  for (const topicId of topicIds) {
    await emit(tx, topicLiveTopic(actor.communityId, topicId), TOPIC_EVENTS.meeting, {
      id: topicId,
      meeting: presented,
    });
  }
  return meeting.id;
}

/** Records (or corrects) a meeting's minutes and attendance counts per party. */
export async function recordMeetingMinutes(
  tx: Executor,
  actor: StaffActor,
  meetingId: string,
  body: Static<typeof MeetingMinutes>,
) {
  const meeting = await findMeeting(tx, actor.communityId, meetingId, true);
  if (!meeting) throw notFound('The meeting');
  const parties = body.attendance.map((entry) => entry.party);
  if (new Set(parties).size !== parties.length) throw validation('body.attendance names a party twice.');
  const minutes = body.minutes.trim();
  if (!minutes) throw validation('body.minutes is empty.');
  const after = await recordMinutes(tx, meeting.id, minutes, body.attendance);
  await audit(
    tx,
    actor,
    'meeting.minutes_recorded',
    { type: 'meeting', id: meeting.id },
    { minutes: meeting.minutes, attendance: meeting.attendance },
    { minutes, attendance: body.attendance },
  );
  const [full] = await withAgenda(tx, [after]);
  const presented = presentMeeting(full as NonNullable<typeof full>);
  for (const item of presented.agenda) {
    await emit(tx, topicLiveTopic(actor.communityId, item.id), TOPIC_EVENTS.minutes, {
      id: item.id,
      meeting: presented,
    });
  }
}

/**
 * Sets a meeting's agenda (add, remove, reorder) until it is held (409 after its minutes). Unknown topics are a
 * 400, a done or dropped topic added a 409; the same agenda again changes nothing. The notice, while open,
 * posts the new agenda as an update (so its chat groups hear it too), and every topic it concerns hears it.
 */
export async function changeMeetingAgenda(
  tx: Executor,
  actor: StaffActor,
  meetingId: string,
  body: Static<typeof MeetingAgenda>,
) {
  const meeting = await findMeeting(tx, actor.communityId, meetingId, true);
  if (!meeting) throw notFound('The meeting');
  if (meeting.minutes !== null) throw conflict('This meeting was held: its agenda stays as it was deliberated.');
  const topicIds = body.topicIds.map((value) => value.toLowerCase());
  const locked = await lockTopics(tx, actor.communityId, topicIds);
  if (locked.length !== topicIds.length) throw validation('body.topicIds names a topic this community does not have.');
  const [before] = await withAgenda(tx, [meeting]);
  const was = (before?.agenda ?? []).map((item) => item.id);
  if (was.join() === topicIds.join()) return;
  if (locked.some((topic) => closed(topic) && !was.includes(topic.id))) {
    throw conflict('A topic added to the agenda is done or dropped.');
  }
  await replaceAgenda(tx, meeting.id, topicIds);
  const [full] = await withAgenda(tx, [meeting]);
  const presented = presentMeeting(full as NonNullable<typeof full>);
  await audit(
    tx,
    actor,
    'meeting.agenda_changed',
    { type: 'meeting', id: meeting.id },
    { agenda: before?.agenda ?? [] },
    { agenda: presented.agenda },
  );
  const notice = meeting.noticeId ? await findNotice(tx, actor.communityId, meeting.noticeId) : undefined;
  if (notice && !notice.closedAt) {
    const language = (await findCommunityById(tx, actor.communityId))?.defaultLanguage ?? 'zh-CN';
    const text = [AGENDA_CHANGED[language], ...numbered(inOrder(topicIds, locked))].join('\n');
    await postNoticeUpdate(tx, actor, notice.id, { text }, []);
  }
  // Topics taken off hear it too: their pages no longer show this meeting as their next.
  for (const topicId of new Set([...was, ...topicIds])) {
    await emit(tx, topicLiveTopic(actor.communityId, topicId), TOPIC_EVENTS.agenda, {
      id: topicId,
      meeting: presented,
    });
  }
}
