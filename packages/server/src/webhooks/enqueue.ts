// Feeds deliveries from the events table: emit() calls this in the same transaction as the event row, so a
// delivery exists exactly when its event committed — nothing is lost on a crash, nothing sent for a rollback.
import { WEBHOOK_EVENTS, type WebhookEvent } from '@courtyard/protocol';
import type { Executor } from '../db/database.js';
import type { LiveEvent } from '../repositories/events.js';
import {
  communityRef,
  insertDeliveries,
  pollSubject,
  repairSubject,
  subscribedEndpoints,
  suggestionSubject,
} from '../repositories/webhooks.js';
import { clip, type Subject, TEXT_LIMIT } from './event-data.js';

const webhookEvents = new Set<string>(WEBHOOK_EVENTS);

/** Live event types that are also webhook events carry the same name (live-only ones such as `tally` do not). */
export function isWebhookEvent(type: string): type is WebhookEvent {
  return webhookEvents.has(type);
}

export async function enqueueWebhooks(tx: Executor, event: LiveEvent): Promise<number> {
  if (!isWebhookEvent(event.type)) return 0;
  const endpointIds = await subscribedEndpoints(tx, event.communityId, event.type);
  if (endpointIds.length === 0) return 0;
  const [community, subject] = await Promise.all([communityRef(tx, event.communityId), subjectOf(tx, event)]);
  if (!community || !subject) return 0;
  const rows = endpointIds.map((endpointId) => ({
    communityId: event.communityId,
    endpointId,
    eventId: event.id,
    eventType: event.type,
    data: { community, subject },
  }));
  return (await insertDeliveries(tx, rows)).length;
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
          : undefined;
  return subject && clipTexts(subject);
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
    default:
      return subject;
  }
}
