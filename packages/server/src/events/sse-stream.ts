// One server-sent-events stream: replays what the client missed (Last-Event-ID), then live events from the
// hub, with heartbeats. The wire format, for the widgets' client:
//   id: <event id>            (send it back as Last-Event-ID to resume)
//   event: <type>             (e.g. `tally`, `status`)
//   data: {"topic":"poll:…","type":"tally","payload":{…},"at":"<ISO time>"}
// and `event: resync` when more was missed than a replay carries: refetch the resource's state. A stream opened
// without Last-Event-ID first gets `id: <latest>` with `data: {}` (no topic): where it starts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { eventsAfter, type LiveEvent, latestEventId } from '../repositories/events.js';
import type { Subscriber } from './hub.js';

/** Browsers reconnect after this many milliseconds when a stream drops. */
export const RECONNECT_HINT_MS = 3000;
/** A reconnecting client gets at most this many missed events; past it, `resync`. */
export const REPLAY_LIMIT = 500;
/** A client that stops reading is dropped (it resumes from Last-Event-ID) instead of growing our memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export function formatEvent(event: LiveEvent): string {
  const data = JSON.stringify({
    topic: event.topic,
    type: event.type,
    payload: event.payload,
    at: new Date(event.createdAt).toISOString(),
  });
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${data}\n\n`;
}

export async function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  communityId: string,
  /** The topics to stream, or `'all'` of the community's (staff only: the console's stream). */
  topics: string[] | 'all',
  lastEventId: number | undefined,
): Promise<void> {
  const { events: hub, db } = request.server;
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
  // Ids sent by the replay, so the live events that arrived meanwhile are not sent twice. Live events are
  // not filtered by id order: a coalesced snapshot may follow a newer event of another type.
  const replayed = new Set<number>();
  const send = (event: LiveEvent) => {
    if (replayed.has(event.id)) return;
    write(formatEvent(event));
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
    raw.end();
  }
  request.raw.on('close', close);

  try {
    if (lastEventId !== undefined) {
      const missed = await eventsAfter(db, communityId, topics, lastEventId, REPLAY_LIMIT + 1);
      if (missed.length > REPLAY_LIMIT) {
        write(`event: resync\ndata: ${JSON.stringify({ topics })}\n\n`);
      } else {
        for (const event of missed) {
          send(event);
          replayed.add(event.id);
        }
      }
    } else {
      // A fresh stream learns where it starts, so a client that reopens it before any event arrives (a widget
      // joining the page) resumes from here instead of losing what happened in between.
      write(`: connected\nid: ${await latestEventId(db)}\ndata: {}\n\n`);
    }
  } catch (error) {
    request.log.warn({ err: error }, 'could not replay missed events');
    close();
    return;
  }
  const waiting = backlog;
  backlog = undefined;
  for (const event of waiting) {
    // The client already has everything up to its Last-Event-ID.
    if (lastEventId === undefined || event.id > lastEventId) send(event);
  }
}
