// What a queued delivery says, worked out from its event row when it is first sent (usually within a
// second of the event): the community and the item, with public and staff-facing fields only. Returns
// undefined when there is nothing to announce (an item marked spam, or deleted).
import type { Executor } from '../db/database.js';
import { findEvent, type LiveEvent } from '../repositories/events.js';
import { noticeSubject } from '../repositories/notices.js';
import { rotaGapSubject } from '../repositories/rota-gaps.js';
import { findFirstSiteKey } from '../repositories/sites.js';
import { findTopic } from '../repositories/topics.js';
import { communityRef, pollSubject, repairSubject, suggestionSubject } from '../repositories/webhook-subjects.js';
import { clip, type DeliveryData, type Subject, TEXT_LIMIT } from './event-data.js';

export async function describeEvent(tx: Executor, eventId: number | null): Promise<DeliveryData | undefined> {
  const event = eventId === null ? undefined : await findEvent(tx, eventId);
  if (!event) return undefined;
  const [community, subject] = await Promise.all([communityRef(tx, event.communityId), subjectOf(tx, event)]);
  return community && subject ? { community, subject } : undefined;
}

async function subjectOf(tx: Executor, event: LiveEvent): Promise<Subject | undefined> {
  const [kind, key] = event.topic.split(':') as [string, string];
  const subject =
    kind === 'suggestion'
      ? await suggestionSubject(tx, event.communityId, key)
      : kind === 'repair'
        ? await repairSubject(tx, event.communityId, key, publicNote(event.payload))
        : kind === 'poll'
          ? await pollSubject(tx, event.communityId, key)
          : kind === 'notice'
            ? await noticeSubject(tx, event.communityId, key, updateText(event.payload))
            : kind === 'topic'
              ? await topicSubject(tx, event.communityId, key, event.payload)
              : kind === 'rota'
                ? await rotaGapSubject(tx, event.communityId, key, event.payload)
                : undefined;
  return subject && clipTexts(subject);
}

/** A topic, and the news of its event: a status change's reason, the meeting's title and place, the decision. */
async function topicSubject(
  tx: Executor,
  communityId: string,
  id: string,
  payload: unknown,
): Promise<Subject | undefined> {
  const topic = await findTopic(tx, communityId, id);
  if (!topic) return undefined;
  const news = payload as {
    change?: { reason?: string };
    meeting?: { title?: string; place?: string | null; online?: string | null };
    decision?: { text?: string };
  } | null;
  const meeting =
    news?.meeting && [news.meeting.title, news.meeting.place ?? news.meeting.online].filter(Boolean).join(' · ');
  const detail = news?.decision?.text ?? meeting ?? news?.change?.reason ?? null;
  const siteKey = (await findFirstSiteKey(tx, communityId)) ?? null;
  return { kind: 'topic', id: topic.id, title: topic.title, status: topic.status, detail: detail || null, siteKey };
}

/** A notice update's text (the live payload of `notice.updated`). */
function updateText(payload: unknown): string | null {
  const text = (payload as { update?: { text?: unknown } } | null)?.update?.text;
  return typeof text === 'string' ? text : null;
}

/** A repair update's public note (the live payload carries only public timeline entries). */
function publicNote(payload: unknown): string | null {
  const note = (payload as { entry?: { note?: unknown } } | null)?.entry?.note;
  return typeof note === 'string' && note.trim() ? note : null;
}

function clipTexts(subject: Subject): Subject {
  switch (subject.kind) {
    case 'suggestion':
      return {
        ...subject,
        text: clip(subject.text, TEXT_LIMIT),
        response: subject.response && clip(subject.response, TEXT_LIMIT),
      };
    case 'repair':
      return {
        ...subject,
        description: clip(subject.description, TEXT_LIMIT),
        note: subject.note && clip(subject.note, TEXT_LIMIT),
      };
    case 'poll':
      return { ...subject, title: clip(subject.title, TEXT_LIMIT) };
    case 'notice':
      return {
        ...subject,
        title: clip(subject.title, TEXT_LIMIT),
        body: clip(subject.body, TEXT_LIMIT),
        update: subject.update && clip(subject.update, TEXT_LIMIT),
        closingText: subject.closingText && clip(subject.closingText, TEXT_LIMIT),
      };
    case 'topic':
      return {
        ...subject,
        title: clip(subject.title, TEXT_LIMIT),
        detail: subject.detail && clip(subject.detail, TEXT_LIMIT),
      };
    default:
      return subject;
  }
}
