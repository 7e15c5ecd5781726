// Open event streams are capped per client (the rate limiter's fingerprint of the address) and in total per
// instance: past a cap the answer is 429 with Retry-After, and a closed stream frees its place.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, listen } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { connectSse, type SseConnection } from '../../support/sse-client.js';

/** COURTYARD_STREAMS_PER_CLIENT's default (docs/configuration.md). */
const PER_CLIENT = 250;

type TestSite = Awaited<ReturnType<typeof createCommunityWithSite>>['site'];

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A harness whose clients are told apart by X-Forwarded-For (a proxy in front, as in production). */
async function streamHarness(env: NodeJS.ProcessEnv = {}) {
  const harness = await buildTestApp({ env: { TRUST_PROXY: 'true', ...env } });
  const base = await listen(harness.app);
  const site = (await createCommunityWithSite(harness.app.db, { allowedOrigins: ['https://www.example.org'] })).site;
  const streams: SseConnection[] = [];
  const open = async (client: string, path = `/events?topics=poll:${randomUUID()}`) => {
    const stream = await connectSse(`${base}/api/v1/sites/${site.siteKey}${path}`, {
      'x-forwarded-for': client,
      origin: 'https://www.example.org',
    });
    streams.push(stream);
    return stream;
  };
  /** A stream request answered with a refusal: read as a plain response. */
  const refused = (client: string, path = `/events?topics=poll:${randomUUID()}`) =>
    fetch(`${base}/api/v1/sites/${site.siteKey}${path}`, {
      headers: { accept: 'text/event-stream', 'x-forwarded-for': client, origin: 'https://www.example.org' },
    });
  const close = async () => {
    for (const stream of streams) stream.close();
    await harness.close();
  };
  return { harness, site: site as TestSite, open, refused, close };
}

async function assertRefused(response: Response, what: string) {
  assert.equal(response.status, 429, what);
  assert.equal(response.headers.get('retry-after'), '30', what);
  // A widget on the page can read why (CORS), like any other refusal.
  assert.equal(response.headers.get('access-control-allow-origin'), 'https://www.example.org', what);
  const body = JSON.parse(await response.text());
  assert.equal(body.error.code, 'COURTYARD_RATE_LIMITED', what);
  assert.match(body.error.message, /live-update streams/);
}

describe('open event streams per client', () => {
  let setup: Awaited<ReturnType<typeof streamHarness>>;
  before(async () => {
    setup = await streamHarness();
  });
  after(() => setup.close());

  it(`answers the ${PER_CLIENT + 1}st stream from one client with 429 and Retry-After, not another client's`, async () => {
    const building = '203.0.113.7';
    const held: SseConnection[] = [];
    for (let n = 0; n < PER_CLIENT; n += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => setup.open(building)));
      for (const stream of batch) assert.equal(stream.response.status, 200);
      held.push(...batch);
    }
    await assertRefused(await setup.refused(building), 'one past the cap');
    assert.equal(setup.harness.app.streamLimits.open, PER_CLIENT);
    await assertRefused(await setup.refused(building, `/polls/${randomUUID()}/events`), 'the shorthand route too');
    // Someone else is served.
    const neighbour = await setup.open('198.51.100.20');
    assert.equal(neighbour.response.status, 200);
    neighbour.close();

    // A page closing frees its place.
    held.pop()?.close();
    await until(() => setup.harness.app.streamLimits.open === PER_CLIENT - 1, 'the closed stream is uncounted');
    const next = await setup.open(building);
    assert.equal(next.response.status, 200);
    for (const stream of held) stream.close();
    next.close();
    await until(() => setup.harness.app.streamLimits.open === 0, 'every stream is uncounted');
  });
});

describe('open event streams in total, and per IPv6 network', () => {
  let setup: Awaited<ReturnType<typeof streamHarness>>;
  before(async () => {
    setup = await streamHarness({ COURTYARD_STREAMS_PER_CLIENT: '2', COURTYARD_STREAMS_TOTAL: '5' });
  });
  after(() => setup.close());

  it('counts the addresses of one IPv6 /64 as one client', async () => {
    const household = ['2001:db8:1:2::1', '2001:db8:1:2::abcd'];
    for (const address of household) assert.equal((await setup.open(address)).response.status, 200);
    await assertRefused(await setup.refused('2001:db8:1:2:ffff::9'), 'a third address of the same /64');
    assert.equal((await setup.open('2001:db8:1:3::1')).response.status, 200, 'the next /64 is another client');
  });

  it('answers any client with 429 and Retry-After once the instance holds its total', async () => {
    assert.equal((await setup.open('192.0.2.1')).response.status, 200);
    assert.equal((await setup.open('192.0.2.2')).response.status, 200);
    assert.equal(setup.harness.app.streamLimits.open, 5);
    await assertRefused(await setup.refused('192.0.2.3'), 'a new client past the total');
  });
});
