// One server-sent-events stream: replays what the client missed (Last-Event-ID), then live events from the
// hub, with heartbeats. The wire format, for the widgets' client:
//   id: <opaque id>           (send it back as Last-Event-ID to resume)
//   event: <type>             (e.g. `tally`, `status`)
//   data: {"topic":"poll:…","type":"tally","payload":{…},"at":"<ISO time>"}
// and `event: resync` when more was missed than a replay carries (or the id to resume from is not one of
// this community's): refetch the resource's state. A stream opened without Last-Event-ID first gets
// `id: <where it starts>` with `data: {}` (no topic). Ids are opaque (events/stream-ids.ts): each is where the
// stream has got to, so the latest id a client received is always the one to resume from. Streams are
// counted per client and in total (events/stream-limits.ts); past a cap the answer is 429 with Retry-After.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tooManyStreams } from '../errors.js';
import { clientFingerprint } from '../plugins/rate-limits.js';
import { eventsAfter, type LiveEvent, latestEventId } from '../repositories/events.js';
import type { Subscriber } from './hub.js';
import { STREAM_RETRY_AFTER_SECONDS } from './stream-limits.js';

/** Browsers reconnect after this many milliseconds when a stream drops. */
export const RECONNECT_HINT_MS = 3000;
/** A reconnecting client gets at most this many missed events; past it, `resync`. */
export const REPLAY_LIMIT = 500;
/** A client that stops reading is dropped (it resumes from Last-Event-ID) instead of growing our memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** What follows an event's `id:` line; the same for every subscriber, so it is made once per event. */
const eventBodies = new WeakMap<LiveEvent, string>();

function eventBody(event: LiveEvent): string {
  let body = eventBodies.get(event);
  if (body === undefined) {
    const data = JSON.stringify({
      topic: event.topic,
      type: event.type,
      payload: event.payload,
      at: new Date(event.createdAt).toISOString(),
    });
    body = `event: ${event.type}\ndata: ${data}\n\n`;
    eventBodies.set(event, body);
  }
  return body;
}

export async function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  communityId: string,
  /** The topics to stream, or `'all'` of the community's (staff only: the console's stream). */
  topics: string[] | 'all',
  /** The client's Last-Event-ID (or `lastEventId` query), as sent. */
  lastEventId: string | undefined,
): Promise<void> {
  const { events: hub, db, streamIds, streamLimits } = request.server;
  const taken = streamLimits.take(clientFingerprint(request.server.secret, request.ip));
  if ('refused' in taken) throw tooManyStreams(taken.refused, STREAM_RETRY_AFTER_SECONDS);
  const { release } = taken;
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx and similar proxies would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: ${RECONNECT_HINT_MS}\n\n`);

  let open = true;
  let backlog: LiveEvent[] | undefined = [];
  const write = (chunk: string) => {
    if (!open) return;
    raw.write(chunk);
    if (raw.writableLength > MAX_BUFFERED_BYTES) close();
  };
  // The event number the client has everything up to, which every id sent carries: the highest number sent,
  // not the latest event's (a coalesced snapshot may follow a newer event of another type).
  const resumedFrom = lastEventId === undefined ? undefined : streamIds.decode(communityId, lastEventId);
  let position = resumedFrom ?? 0;
  const idLine = () => `id: ${streamIds.encode(communityId, position)}\n`;
  // Events sent by the replay, so the live events that arrived meanwhile are not sent twice.
  const replayed = new Set<number>();
  const send = (event: LiveEvent) => {
    if (replayed.has(event.id)) return;
    position = Math.max(position, event.id);
    write(idLine() + eventBody(event));
  };
  const subscriber: Subscriber = {
    communityId,
    topics,
    deliver: (event) => (backlog ? backlog.push(event) : send(event)),
    end: () => close(),
  };
  // Subscribe before reading the replay, so nothing committed in between is lost; duplicates are skipped.
  const unsubscribe = hub.subscribe(subscriber);
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), hub.heartbeatMs);
  function close() {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    release();
    raw.end();
  }
  request.raw.on('close', close);
  raw.on('close', close);

  try {
    if (resumedFrom !== undefined) {
      const missed = await eventsAfter(db, communityId, topics, resumedFrom, REPLAY_LIMIT + 1);
      if (missed.length > REPLAY_LIMIT) {
        await resync();
      } else {
        for (const event of missed) {
          send(event);
          replayed.add(event.id);
        }
      }
    } else if (lastEventId !== undefined) {
      // Not an id of this community's streams (another community's, an old numeric one, garbled).
      await resync();
    } else {
      // A fresh stream learns where it starts, so a client that reopens it before any event arrives (a widget
      // joining the page) resumes from here instead of losing what happened in between. Where its own
      // community is: nothing about any other community's events.
      position = await latestEventId(db, communityId);
      write(`: connected\n${idLine()}data: {}\n\n`);
    }
  } catch (error) {
    request.log.warn({ err: error }, 'could not replay missed events');
    close();
    return;
  }
  const waiting = backlog;
  backlog = undefined;
  for (const event of waiting) {
    // The client already has everything up to where it resumed.
    if (resumedFrom === undefined || event.id > resumedFrom) send(event);
  }

  /** Tells the client to refetch, and to resume from the community's latest event from now on. */
  async function resync() {
    position = await latestEventId(db, communityId);
    write(`${idLine()}event: resync\ndata: ${JSON.stringify({ topics })}\n\n`);
  }
}
