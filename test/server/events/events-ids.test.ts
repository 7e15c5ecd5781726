// Event stream ids are scoped to their community: events are numbered by one sequence for every community,
// and a client must learn nothing from ids about how much happens in another one. Resuming from the last id
// still works, on any instance and after any number of reconnects.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../../packages/server/src/db/database.js';
import { emit } from '../../../packages/server/src/events/emit.js';
import { topic } from '../../../packages/server/src/events/topics.js';
import { buildTestApp, dataOf, listen, type TestApp } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { connectSse, isEvent, type SseConnection, type SseMessage } from '../../support/sse-client.js';

type TestSite = Awaited<ReturnType<typeof createCommunityWithSite>>['site'];

const isStart = (message: SseMessage) => message.comments.includes('connected');
const isResync = (message: SseMessage) => message.event === 'resync';

describe('event stream ids, scoped to their community', () => {
  let first: TestApp;
  let second: TestApp;
  let releaseSecond: () => Promise<void>;
  let bases: [string, string];
  let ours: TestSite;
  let theirs: TestSite;
  const streams: SseConnection[] = [];

  /** A stream of `site` on instance `on` (0 or 1). */
  const open = async (site: TestSite, path: string, headers: Record<string, string> = {}, on = 0) => {
    const stream = await connectSse(`${bases[on]}/api/v1/sites/${site.siteKey}${path}`, headers);
    streams.push(stream);
    return stream;
  };
  // `status` events, which the hub never coalesces.
  const emitIn = (site: TestSite, pollId: string, payload: unknown) =>
    first.app.db.transaction((tx) => emit(tx, topic(site.communityId, 'poll', pollId), 'status', payload));

  before(async () => {
    first = await buildTestApp();
    const url = first.testDatabase.url;
    const database = url
      ? await openDatabase({ driver: 'postgres', url, maxConnections: 3 })
      : first.testDatabase.database;
    second = await buildTestApp({ testDatabase: { database, url, dispose: async () => {} } });
    releaseSecond = async () => {
      await second.close();
      if (url) await database.close();
    };
    bases = [await listen(first.app), await listen(second.app)];
    ours = (await createCommunityWithSite(first.app.db)).site;
    theirs = (await createCommunityWithSite(first.app.db)).site;
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await releaseSecond();
    await first.close();
  });

  it("starts a fresh stream at the same id however much another community's streams carried meanwhile", async () => {
    await emitIn(ours, randomUUID(), { ours: true });
    const before = await (await open(ours, `/events?topics=poll:${randomUUID()}`)).next(isStart);
    for (let n = 0; n < 25; n++) await emitIn(theirs, randomUUID(), { n });
    const afterThem = await (await open(ours, `/events?topics=poll:${randomUUID()}`)).next(isStart);
    assert.equal(afterThem.id, before.id, 'nothing happened here, so nothing changed');
    // One event of its own moves it.
    await emitIn(ours, randomUUID(), { ours: 'again' });
    const afterUs = await (await open(ours, `/events?topics=poll:${randomUUID()}`)).next(isStart);
    assert.notEqual(afterUs.id, before.id);
  });

  it('sends opaque ids that carry no event number', async () => {
    const pollId = randomUUID();
    const stream = await open(ours, `/polls/${pollId}/events`);
    await stream.next(isStart);
    const numbers: number[] = [];
    for (let n = 0; n < 3; n++) {
      const event = await emitIn(ours, pollId, { n });
      numbers.push(event.id);
      await emitIn(theirs, pollId, { n });
    }
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push((await stream.next(isEvent)).id as string);
    for (const [n, id] of ids.entries()) {
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      assert.ok(!id.includes(String(numbers[n])), `${id} holds ${numbers[n]}`);
    }
    assert.equal(new Set(ids).size, 3);
  });

  it('resumes from the last id on another instance and after repeated reconnects, losing and repeating nothing', async () => {
    const pollId = randomUUID();
    const path = `/events?topics=poll:${pollId}`;
    let stream = await open(ours, path, {}, 0);
    let lastId = (await stream.next(isStart)).id as string;
    const received: number[] = [];
    let sent = 0;
    for (let reconnect = 0; reconnect < 4; reconnect++) {
      // Some arrive live, some while the client is away; others' events go on all along.
      await emitIn(ours, pollId, { n: ++sent });
      const live = await stream.next(isEvent);
      received.push(dataOf(live).payload.n);
      lastId = live.id as string;
      stream.close();
      await emitIn(ours, pollId, { n: ++sent });
      await emitIn(theirs, pollId, { other: true });
      await emitIn(ours, pollId, { n: ++sent });
      stream = await open(ours, path, { 'last-event-id': lastId }, (reconnect + 1) % 2);
      for (let replayed = 0; replayed < 2; replayed++) {
        const message = await stream.next(isEvent);
        received.push(dataOf(message).payload.n);
        lastId = message.id as string;
      }
    }
    assert.deepEqual(
      received,
      Array.from({ length: sent }, (_, n) => n + 1),
    );
    // Resuming from the latest id replays nothing more.
    stream.close();
    const caughtUp = await open(ours, `/polls/${pollId}/events?lastEventId=${lastId}`, {}, 1);
    await emitIn(ours, pollId, { n: 'next' });
    assert.deepEqual(dataOf(await caughtUp.next(isEvent)).payload, { n: 'next' });
  });

  it("tells a client with another community's id, or an old numeric one, to refetch, replaying nothing", async () => {
    const pollId = randomUUID();
    const elsewhere = await open(theirs, `/polls/${pollId}/events`);
    const theirId = (await elsewhere.next(isStart)).id as string;
    let latest = await emitIn(ours, pollId, { before: true });
    for (const lastEventId of [theirId, String(latest.id - 1), 'AAAAAAAAAAAAAAAAAAAAAA']) {
      const stream = await open(ours, `/polls/${pollId}/events`, { 'last-event-id': lastEventId });
      const resync = await stream.next((message) => isResync(message) || isEvent(message));
      assert.equal(resync.event, 'resync', lastEventId);
      assert.deepEqual(dataOf(resync), { topics: [`poll:${pollId}`] });
      // It carries where to resume from next: this community's latest event, with nothing of theirs.
      assert.equal(resync.id, first.app.streamIds.encode(ours.communityId, latest.id));
      latest = await emitIn(ours, pollId, { after: lastEventId });
      assert.deepEqual(dataOf(await stream.next(isEvent)).payload, { after: lastEventId });
    }
  });
});
