import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../../packages/server/src/db/database.js';
import { emit } from '../../../packages/server/src/events/emit.js';
import { topic } from '../../../packages/server/src/events/topics.js';
import { buildTestApp, dataOf, listen, type TestApp } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { connectSse, isEvent, type SseConnection } from '../../support/sse-client.js';

type TestSite = Awaited<ReturnType<typeof createCommunityWithSite>>['site'];

const HEARTBEAT_MS = 150;

function configure(app: FastifyInstance) {
  app.events.heartbeatMs = HEARTBEAT_MS;
}

describe('live updates over server-sent events', () => {
  let harness: TestApp;
  let base: string;
  let site: TestSite;
  const streams: SseConnection[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const stream = await connectSse(`${base}/api/v1/sites/${site.siteKey}${path}`, headers);
    streams.push(stream);
    return stream;
  };
  /** Opens a stream and waits until the server has subscribed it. */
  const subscribed = async (path: string, headers: Record<string, string> = {}) => {
    const stream = await open(path, headers);
    await stream.next((message) => message.comments.includes('connected') || isEvent(message) || !!message.retry);
    await stream.next((message) => message.comments.includes('connected') || isEvent(message));
    return stream;
  };
  const emitCommitted = (communityId: string, id: string, type: string, payload: unknown) =>
    harness.app.db.transaction((tx) => emit(tx, topic(communityId, 'poll', id), type, payload));
  /** The id a stream of this site sends for an event (or a position in the event sequence). */
  const idOf = (event: { id: number }) => harness.app.streamIds.encode(site.communityId, event.id);

  before(async () => {
    harness = await buildTestApp({ beforeReady: configure });
    base = await listen(harness.app);
    site = (await createCommunityWithSite(harness.app.db, { allowedOrigins: ['https://www.example.org'] })).site;
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await harness.close();
  });

  it('opens an event stream with a reconnect hint', async () => {
    const stream = await open(`/events?topics=poll:${randomUUID()}`);
    assert.equal(stream.response.status, 200);
    assert.match(String(stream.response.headers.get('content-type')), /^text\/event-stream/);
    assert.equal(stream.response.headers.get('cache-control'), 'no-store');
    const hint = await stream.next();
    assert.equal(hint.retry, 3000);
  });

  it("answers a page on the site's origins with CORS, and refuses other origins", async () => {
    const allowed = await open(`/events?topics=poll:${randomUUID()}`, { origin: 'https://www.example.org' });
    assert.equal(allowed.response.status, 200);
    assert.equal(allowed.response.headers.get('access-control-allow-origin'), 'https://www.example.org');
    const refused = await fetch(`${base}/api/v1/sites/${site.siteKey}/events?topics=poll:x`, {
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(refused.status, 403);
    // Readable by that page (so its widget can say why), but a refusal: no stream, no credentials.
    assert.equal(refused.headers.get('access-control-allow-origin'), 'https://evil.example');
    assert.equal(refused.headers.get('access-control-allow-credentials'), null);
    assert.equal((await refused.json()).error.code, 'COURTYARD_ORIGIN_NOT_ALLOWED');
  });

  it('delivers an event emitted in a committed transaction, with its id, type and public payload', async () => {
    const pollId = randomUUID();
    const stream = await subscribed(`/events?topics=poll:${pollId},repair:AB12-CD34`);
    const event = await emitCommitted(site.communityId, pollId, 'tally', { options: [{ id: 'yes', votes: 3 }] });
    const message = await stream.next(isEvent);
    assert.equal(message.id, idOf(event));
    assert.equal(message.event, 'tally');
    const data = dataOf(message);
    assert.equal(data.topic, `poll:${pollId}`);
    assert.deepEqual(data.payload, { options: [{ id: 'yes', votes: 3 }] });
    assert.match(data.at, /^\d{4}-\d\d-\d\dT/);
  });

  it('never announces an event whose transaction rolled back', async () => {
    const pollId = randomUUID();
    const stream = await subscribed(`/polls/${pollId}/events`);
    await assert.rejects(
      harness.app.db.transaction(async (tx) => {
        await emit(tx, topic(site.communityId, 'poll', pollId), 'tally', { rolledBack: true });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await emitCommitted(site.communityId, pollId, 'tally', { committed: true });
    const first = await stream.next(isEvent);
    assert.deepEqual(dataOf(first).payload, { committed: true });
  });

  it('tells a fresh stream the latest event id, so a client reopening it before any event loses nothing', async () => {
    const pollId = randomUUID();
    const before = await emitCommitted(site.communityId, randomUUID(), 'tally', { options: [] });
    const stream = await open(`/events?topics=poll:${pollId}`);
    const start = await stream.next((message) => message.comments.includes('connected'));
    assert.equal(start.id, idOf(before));
    assert.equal(start.data, '{}');
    // Meanwhile the client reopens (a widget joined) from that id: what happened in between is replayed.
    stream.close();
    const missed = await emitCommitted(site.communityId, pollId, 'tally', { options: [{ id: 'a', votes: 1 }] });
    const reopened = await open(`/events?topics=poll:${pollId}`, { 'last-event-id': start.id as string });
    const replayed = await reopened.next(isEvent);
    assert.equal(replayed.id, idOf(missed));
  });

  it('replays what a reconnecting client missed, from Last-Event-ID, in order', async () => {
    const pollId = randomUUID();
    const first = await subscribed(`/events?topics=poll:${pollId}`);
    const seen = await emitCommitted(site.communityId, pollId, 'tally', { n: 1 });
    assert.equal((await first.next(isEvent)).id, idOf(seen));
    first.close();
    await emitCommitted(site.communityId, pollId, 'tally', { n: 2 });
    await emitCommitted(site.communityId, randomUUID(), 'tally', { otherPoll: true });
    await emitCommitted(site.communityId, pollId, 'closed', { n: 3 });
    const again = await open(`/events?topics=poll:${pollId}`, { 'last-event-id': idOf(seen) });
    const replayed = [await again.next(isEvent), await again.next(isEvent)];
    assert.deepEqual(
      replayed.map((message) => [message.event, dataOf(message).payload.n]),
      [
        ['tally', 2],
        ['closed', 3],
      ],
    );
    // Live delivery continues after the replay on the same stream.
    await emitCommitted(site.communityId, pollId, 'tally', { n: 4 });
    assert.equal(dataOf(await again.next(isEvent)).payload.n, 4);
    // The shorthand route resumes from a query parameter too (EventSource cannot set headers on a new URL).
    const viaQuery = await open(`/polls/${pollId}/events?lastEventId=${idOf(seen)}`);
    assert.equal(dataOf(await viaQuery.next(isEvent)).payload.n, 2);
  });

  it("never delivers another community's events, live or replayed", async () => {
    const other = (await createCommunityWithSite(harness.app.db)).site;
    const pollId = randomUUID();
    const stream = await subscribed(`/events?topics=poll:${pollId}`);
    const foreign = await emitCommitted(other.communityId, pollId, 'tally', { foreign: true });
    await emitCommitted(site.communityId, pollId, 'tally', { ours: true });
    assert.deepEqual(dataOf(await stream.next(isEvent)).payload, { ours: true });
    const replay = await open(`/events?topics=poll:${pollId}`, { 'last-event-id': idOf({ id: foreign.id - 1 }) });
    assert.deepEqual(dataOf(await replay.next(isEvent)).payload, { ours: true });
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const stream = await open(`/repairs/AB12-CD34/events`);
    const heartbeat = await stream.next((message) => message.comments.includes('heartbeat'), HEARTBEAT_MS * 10);
    assert.equal(heartbeat.data, undefined);
  });

  it('refuses malformed or too many topics, and a malformed Last-Event-ID, in the error shape', async () => {
    const tooMany = Array.from({ length: 21 }, () => `poll:${randomUUID()}`).join(',');
    for (const query of ['', '?topics=', '?topics=vote:1', '?topics=poll:a%20b', `?topics=${tooMany}`]) {
      const response = await harness.app.inject({ method: 'GET', url: `/api/v1/sites/${site.siteKey}/events${query}` });
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
    }
    const badResume = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/sites/${site.siteKey}/events?topics=poll:x`,
      headers: { 'last-event-id': 'yesterday' },
    });
    assert.equal(badResume.statusCode, 400);
    const notAPoll = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/sites/${site.siteKey}/polls/nope/events`,
    });
    assert.equal(notAPoll.statusCode, 400);
    const unknownSite = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/sites/no-such-site/events?topics=poll:x',
    });
    assert.equal(unknownSite.statusCode, 404);
  });

  it('coalesces snapshot events to at most one per interval per topic, keeping the latest', async () => {
    const intervalMs = 400;
    harness.app.events.coalesce('snapshot', intervalMs);
    const pollId = randomUUID();
    const stream = await subscribed(`/events?topics=poll:${pollId}`);
    const started = Date.now();
    for (let n = 1; n <= 5; n++) await emitCommitted(site.communityId, pollId, 'snapshot', { n });
    await emitCommitted(site.communityId, pollId, 'closed', { n: 'closed' });
    const writing = Date.now() - started;
    const received: unknown[] = [];
    // On a slow machine an interval can end between the last snapshot and `closed`: 5 then comes first.
    while (!received.includes(5) || !received.includes('closed')) {
      received.push(dataOf(await stream.next(isEvent)).payload.n);
    }
    const snapshots = received.filter((n) => n !== 'closed');
    // The first at once, other types unthrottled, the newest snapshot when an interval ends. How many
    // intervals the six writes span depends on the machine's speed, so the count is bounded by it.
    assert.equal(received[0], 1);
    assert.ok(received.includes('closed'), `${received}`);
    assert.deepEqual(snapshots, [...snapshots].sort(), `${received}`);
    assert.ok(snapshots.length <= 2 + Math.floor(writing / intervalMs), `${received} in ${writing} ms`);
    if (writing < intervalMs) assert.deepEqual(received, [1, 'closed', 5]);
  });
});

describe('event streams and shutdown', () => {
  it('ends open streams when the app closes, so a graceful shutdown does not hang', async () => {
    const harness = await buildTestApp({ beforeReady: configure });
    const base = await listen(harness.app);
    const site = (await createCommunityWithSite(harness.app.db)).site;
    const stream = await connectSse(`${base}/api/v1/sites/${site.siteKey}/events?topics=poll:${randomUUID()}`);
    await stream.next((message) => message.comments.includes('connected'));
    assert.equal(harness.app.events.subscriberCount, 1);
    const started = Date.now();
    await harness.close();
    await stream.ended;
    // Before, a close waited for idle sockets to time out (60 s); a loaded machine needs a few seconds.
    assert.ok(Date.now() - started < 10_000, `closed in ${Date.now() - started} ms`);
  });
});

describe('live updates across instances', () => {
  it('delivers an event written through one instance to a subscriber of another (LISTEN/NOTIFY)', {
    skip: usingPostgres ? false : 'PGlite is one process; within it, delivery is covered above',
  }, async () => {
    const writer = await buildTestApp({ beforeReady: configure });
    const url = writer.testDatabase.url as string;
    const secondDatabase = await openDatabase({ driver: 'postgres', url, maxConnections: 3 });
    const reader = await buildTestApp({
      beforeReady: configure,
      testDatabase: { database: secondDatabase, url, dispose: () => secondDatabase.close() },
    });
    const site = (await createCommunityWithSite(writer.app.db)).site;
    try {
      const base = await listen(reader.app);
      const pollId = randomUUID();
      const stream = await connectSse(`${base}/api/v1/sites/${site.siteKey}/events?topics=poll:${pollId}`);
      await stream.next((message) => message.comments.includes('connected'));
      await writer.app.db.transaction((tx) =>
        emit(tx, topic(site.communityId, 'poll', pollId), 'tally', { from: 'the other instance' }),
      );
      assert.deepEqual(dataOf(await stream.next(isEvent)).payload, { from: 'the other instance' });
      stream.close();
    } finally {
      await reader.close();
      await secondDatabase.close();
      await writer.close();
    }
  });
});
