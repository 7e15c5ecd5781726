// Live updates as a page with several widgets meets them, against the real server: one shared stream,
// each widget hears only its topic, nothing is lost when the stream reopens or drops, and a widget is
// told to refetch when more was missed than the server replays.
import { expect } from '@open-wc/testing';
import { LiveController } from '../../packages/widgets/src/controllers/live-controller.js';
import type { LiveEvent } from '../../packages/widgets/src/controllers/live-hub.js';
import { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import { service, serviceRequest, setOffline, until } from './support/service.js';

/** A widget that follows one topic the way feature widgets do, keeping what it heard. */
class TestLiveHost extends CourtyardElement {
  static override properties = { topic: {} };
  static types = ['tally'];
  topic = '';
  received: LiveEvent[] = [];
  resyncs = 0;
  live = new LiveController(this, {
    topic: () => this.topic,
    types: (this.constructor as typeof TestLiveHost).types,
    onEvent: (event) => this.received.push(event),
    onResync: () => {
      this.resyncs += 1;
    },
  });
}
TestLiveHost.define('test-live-host');

/** Wants `status` events only. */
class TestStatusHost extends TestLiveHost {
  static override types = ['status'];
}
TestStatusHost.define('test-status-host');

interface ServerStream {
  topics: string[];
  lastEventId: string | null;
}

/** Every EventSource the page constructs (delegating to the real one), with when it opened and failed. */
interface Opened {
  url: URL;
  at: number;
  errors: number[];
  source: EventSource;
}
const opened: Opened[] = [];
const RealEventSource = window.EventSource;
class CountingEventSource extends RealEventSource {
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init);
    const record: Opened = { url: new URL(String(url)), at: performance.now(), errors: [], source: this };
    this.addEventListener('error', () => record.errors.push(performance.now()));
    opened.push(record);
  }
}

const newTopic = (kind = 'poll') => `${kind}:${crypto.randomUUID()}`;
const siteUrl = (path: string) => `${service.url}/api/v1/sites/${service.siteKey}${path}`;

async function emitEvent(topic: string, type = 'tally', payload: unknown = {}, count?: number): Promise<string> {
  const response = await fetch(siteUrl('/widget-fixtures/events'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic, type, payload, ...(count ? { count } : {}) }),
  });
  expect(response.status).to.equal(200);
  return (await response.json()).id;
}

/** The streams the server holds open that carry `topic`. */
async function serverStreams(topic: string): Promise<ServerStream[]> {
  const response = await fetch(`${siteUrl('/widget-fixtures/streams')}?${new URLSearchParams({ topic })}`);
  return (await response.json()).streams;
}

const topicsOf = (record: Opened) => record.url.searchParams.get('topics')!.split(',');
const ids = (host: TestLiveHost) => host.received.map((event) => event.id);

describe('live updates (LiveController and the page-wide stream)', () => {
  const hosts: TestLiveHost[] = [];
  function addHost(topic: string, tag = 'test-live-host'): TestLiveHost {
    const host = document.createElement(tag) as TestLiveHost;
    host.site = service.siteKey;
    host.api = service.url;
    host.topic = topic;
    document.body.append(host);
    hosts.push(host);
    return host;
  }

  before(() => {
    window.EventSource = CountingEventSource;
  });
  after(() => {
    window.EventSource = RealEventSource;
  });
  afterEach(async () => {
    await setOffline(false);
    for (const host of hosts.splice(0)) host.remove();
    await until(() => opened.every((record) => record.source.readyState === EventSource.CLOSED));
  });

  it('shares one stream between widgets on different topics, and each hears only its own', async () => {
    const pollTopic = newTopic('poll');
    const repairTopic = newTopic('repair');
    const before = opened.length;
    const poll = addHost(pollTopic);
    const repair = addHost(repairTopic);
    await until(async () => (await serverStreams(pollTopic)).length === 1);

    expect(opened.length - before, 'EventSources constructed').to.equal(1);
    const [stream] = await serverStreams(repairTopic);
    expect(stream!.topics.sort()).to.deep.equal([pollTopic, repairTopic].sort());

    await emitEvent(pollTopic, 'tally', { votes: 3 });
    await emitEvent(repairTopic, 'tally', { step: 'on the way' });
    await until(() => poll.received.length === 1 && repair.received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // nothing else arrives
    expect(poll.received.map((event) => [event.topic, event.payload])).to.deep.equal([[pollTopic, { votes: 3 }]]);
    expect(repair.received.map((event) => [event.topic, event.payload])).to.deep.equal([
      [repairTopic, { step: 'on the way' }],
    ]);
    expect(poll.live.last?.payload).to.deep.equal({ votes: 3 });
    expect(opened.length - before, 'EventSources constructed').to.equal(1);
  });

  it('reopens with the union of topics and the last event id when a widget joins, losing nothing', async () => {
    const first = newTopic();
    const second = newTopic();
    const early = addHost(first);
    await until(async () => (await serverStreams(first)).length === 1);
    const seen = await emitEvent(first);
    await until(() => early.received.length === 1);

    const before = opened.length;
    const late = addHost(second);
    // Emitted while the stream moves: the old stream delivers it or the new one replays it, once.
    const during = emitEvent(first);
    await until(async () => (await serverStreams(second)).length === 1);
    const reopened = opened.at(-1)!;
    expect(opened.length - before).to.equal(1);
    expect(topicsOf(reopened).sort()).to.deep.equal([first, second].sort());
    expect(reopened.url.searchParams.get('lastEventId')).to.equal(seen);
    await until(async () => (await serverStreams(first)).length === 1); // the old one closed

    // Settled before the next event starts: two events in flight at once may commit in either order.
    const duringId = await during;
    const after = await emitEvent(first);
    await until(() => early.received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ids(early)).to.deep.equal([seen, duringId, after]);
    expect(late.received).to.have.length(0);
  });

  it('reopens when a widget wants another event type on a topic already open', async () => {
    const topic = newTopic('repair');
    const tallies = addHost(topic);
    await until(async () => (await serverStreams(topic)).length === 1);
    const before = opened.length;
    const statuses = addHost(topic, 'test-status-host');
    await until(() => opened.length > before && opened.at(-1)!.source.readyState === EventSource.OPEN);
    await until(async () => (await serverStreams(topic)).length === 1);
    expect(topicsOf(opened.at(-1)!)).to.deep.equal([topic]);

    await emitEvent(topic, 'status', { state: 'done' });
    await emitEvent(topic, 'tally', { votes: 1 });
    await until(() => statuses.received.length === 1 && tallies.received.length === 1);
    expect(statuses.received[0]!.type).to.equal('status');
    expect(tallies.received[0]!.type).to.equal('tally');
  });

  it('reconnects with growing delays after the stream drops, then replays what was missed', async function () {
    this.timeout(25_000);
    const topic = newTopic();
    const host = addHost(topic);
    await until(async () => (await serverStreams(topic)).length === 1);
    const seen = await emitEvent(topic);
    await until(() => host.received.length === 1);

    const dropped = opened.length - 1;
    await setOffline(true); // reconnections fail until we are back
    expect(await serviceRequest('/widget-fixtures/streams/drop', { topic })).to.deep.equal({ dropped: 1 });
    const missed = [
      (await serviceRequest<{ id: string }>('/widget-fixtures/events', { topic, type: 'tally', payload: { n: 1 } })).id,
      (await serviceRequest<{ id: string }>('/widget-fixtures/events', { topic, type: 'tally', payload: { n: 2 } })).id,
    ];
    await until(() => opened.length - dropped >= 3 && opened.at(-1)!.errors.length > 0, 10_000);
    const attempts = opened.slice(dropped);
    // Each delay is measured from the failure to the next attempt: 0.5–1 s, then 1–2 s (times jitter).
    const firstDelay = attempts[1]!.at - attempts[0]!.errors[0]!;
    const secondDelay = attempts[2]!.at - attempts[1]!.errors[0]!;
    expect(firstDelay).to.be.within(450, 1100);
    expect(secondDelay).to.be.within(950, 2200);
    expect(secondDelay).to.be.greaterThan(firstDelay);
    for (const attempt of attempts.slice(1)) expect(attempt.url.searchParams.get('lastEventId')).to.equal(seen);

    await setOffline(false);
    await until(() => host.received.length === 3, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ids(host)).to.deep.equal([seen, ...missed]);
    expect(host.received.map((event) => event.payload)).to.deep.equal([{}, { n: 1 }, { n: 2 }]);
  });

  it('tells the widget to refetch when more was missed than the server replays', async function () {
    this.timeout(30_000);
    const topic = newTopic();
    const host = addHost(topic);
    await until(async () => (await serverStreams(topic)).length === 1);
    await emitEvent(topic);
    await until(() => host.received.length === 1);

    await setOffline(true);
    await serviceRequest('/widget-fixtures/streams/drop', { topic });
    await serviceRequest('/widget-fixtures/events', { topic, type: 'tally', payload: {}, count: 501 });
    await setOffline(false);
    await until(() => host.resyncs === 1, 15_000);
    expect(host.received, 'missed events are not replayed one by one').to.have.length(1);

    // The stream goes on after a resync.
    const next = await emitEvent(topic, 'tally', { fresh: true });
    await until(() => host.received.length === 2);
    expect(host.received[1]!.id).to.equal(next);
  });

  it('moves a subscription when a widget changes topic, and closes the stream when the last one leaves', async () => {
    const first = newTopic();
    const second = newTopic();
    const moved = newTopic();
    const one = addHost(first);
    const two = addHost(second);
    await until(async () => (await serverStreams(first)).length === 1);

    two.topic = moved;
    await until(async () => (await serverStreams(moved)).length === 1);
    expect(await serverStreams(second)).to.have.length(0);
    expect((await serverStreams(moved))[0]!.topics.sort()).to.deep.equal([first, moved].sort());

    one.remove();
    await until(async () => (await serverStreams(first)).length === 0);
    expect((await serverStreams(moved))[0]!.topics).to.deep.equal([moved]);

    two.remove();
    await until(async () => (await serverStreams(moved)).length === 0);
    expect(opened.at(-1)!.source.readyState).to.equal(EventSource.CLOSED);
  });
});
