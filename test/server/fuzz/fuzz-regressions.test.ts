// Cases the route fuzzer (fuzz.test.ts) found, kept as plain tests so they stay fixed whatever the seed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import {
  auditLog,
  events,
  idempotencyKeys,
  pollBallots,
  pollOptions,
  repairRequests,
  sites,
  suggestions,
} from '../../../packages/server/src/db/schema.js';
import { buildTestApp, listen, type TestApp, testAppWithSite } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { createPoll, type PollHarness, pollHarness, vote, voterToken } from '../../support/poll-fixtures.js';
import { connectSse } from '../../support/sse-client.js';
import { makeStaff, signIn } from '../../support/staff-fixtures.js';

describe('cases the route fuzzer found', () => {
  let harness: TestApp;
  let siteKey: string;

  before(async () => ({ harness, siteKey } = await testAppWithSite()));
  after(() => harness.close());

  const refusal = (url: string, method: 'GET' | 'POST' = 'GET') =>
    harness.app.inject({
      method,
      url,
      headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
      ...(method === 'POST' ? { payload: '{}' } : {}),
    });

  it('answers a path with broken percent-encoding (a lone surrogate) with 400 in the error shape', async () => {
    for (const url of [
      `/api/v1/sites/${siteKey}/repairs/%ED%a0%80/confirmation`,
      '/admin/api/suggestions/%ED%a0%80/merge',
    ]) {
      const response = await refusal(url, 'POST');
      assert.equal(response.statusCode, 400, url);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.deepEqual(response.json(), {
        error: { code: 'COURTYARD_VALIDATION', message: 'The URL path is not valid (broken percent-encoding).' },
      });
    }
  });

  it('answers an over-long path parameter with 414 in the error shape, without echoing the path', async () => {
    for (const [method, url] of [
      ['GET', `/api/v1/sites/${siteKey}/repairs/${'%E4%B8%AD'.repeat(300)}`],
      ['POST', `/admin/api/suggestions/${'x'.repeat(201)}/phone`],
      ['GET', `/embed/${'1'.repeat(201)}/manifest.json`],
    ] as const) {
      const response = await refusal(url, method);
      assert.equal(response.statusCode, 414, `${url} ${response.body}`);
      assert.deepEqual(response.json(), {
        error: { code: 'COURTYARD_VALIDATION', message: 'A part of the URL path is too long.' },
      });
    }
  });

  it('refuses a repair report sent without a body or Content-Type with 400, writing nothing', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/repairs`,
      headers: { 'idempotency-key': randomUUID() },
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.deepEqual(response.json(), { error: { code: 'COURTYARD_VALIDATION', message: 'body must be object.' } });
    const [row] = await harness.app.db.select({ count: sql<number>`count(*)::int` }).from(repairRequests);
    assert.equal(row?.count, 0);
  });

  it('refuses awkward proof-of-work headers on a site that asks for one with 428 and a fresh challenge, writing nothing', async () => {
    const { site } = await createCommunityWithSite(harness.app.db);
    await harness.app.db.update(sites).set({ proofOfWorkAlways: true }).where(eq(sites.id, site.id));
    const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const awkward = [
      '',
      'x'.repeat(5000),
      '\u00e9t\u00e9',
      base64(null),
      base64({ challenge: { parameters: null, signature: 'ab' }, solution: { counter: 1, derivedKey: 'ab' } }),
      base64({
        challenge: { parameters: { __proto__: { algorithm: 'PBKDF2/SHA-256' } }, signature: 'ab' },
        solution: {},
      }),
      base64({
        challenge: {
          parameters: { algorithm: 'PBKDF2/SHA-256', nonce: 'zz', salt: 'zz', cost: 1e15 },
          signature: '00',
        },
        solution: { counter: 2 ** 40, derivedKey: 'ZZ' },
      }),
    ];
    for (const header of awkward) {
      const response = await harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${site.siteKey}/suggestions`,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          'courtyard-proof-of-work': header,
        },
        payload: { text: '一条被拒的建议' },
      });
      assert.equal(response.statusCode, 428, `${header.slice(0, 40)}: ${response.body}`);
      assert.deepEqual(Object.keys(response.json().error).sort(), ['challenge', 'code', 'message']);
    }
    const [row] = await harness.app.db.select({ count: sql<number>`count(*)::int` }).from(suggestions);
    assert.equal(row?.count, 0);
  });

  it('answers a URL over the HTTP parser limit with 431 in the error shape', async () => {
    const { port } = new URL(await listen(harness.app));
    const response = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const outgoing = request({
        host: '127.0.0.1',
        port,
        path: `/api/v1/sites/${siteKey}/events?topics=${'x'.repeat(20_000)}`,
      });
      outgoing.on('error', reject);
      outgoing.on('response', (incoming) => {
        let body = '';
        incoming.on('data', (chunk) => {
          body += chunk;
        });
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, type: String(incoming.headers['content-type']), body }),
        );
      });
      outgoing.end();
    });
    assert.equal(response.status, 431);
    assert.match(response.type, /^application\/json/);
    assert.deepEqual(JSON.parse(response.body), {
      error: { code: 'COURTYARD_VALIDATION', message: 'The URL or the headers are too large.' },
    });
  });

  it('answers missing, blank, huge, malformed and wrong resident keys with 403 (400 past the body schema), writing nothing', async () => {
    const count = async () =>
      Promise.all(
        [idempotencyKeys, auditLog, events].map(async (table) => {
          const [row] = await harness.app.db.select({ count: sql<number>`count(*)::int` }).from(table);
          return row?.count;
        }),
      );
    const before = await count();
    type Attempt = [method: 'POST' | 'DELETE', url: string, header: Record<string, string>, body?: object];
    const headers: Record<string, string>[] = [
      {},
      { 'resident-key': '' },
      { 'resident-key': 'x'.repeat(8000) },
      { 'resident-key': 'AAAA-BBBB' },
    ];
    const attempts: Attempt[] = [
      ...headers.flatMap((header): Attempt[] => [
        ['POST', `/api/v1/sites/${siteKey}/repairs/R-0000-0000/confirmation`, header, { outcome: 'fixed' }],
        ['DELETE', `/api/v1/sites/${siteKey}/repairs/R-0000-0000/personal-data`, header],
        ['DELETE', `/api/v1/sites/${siteKey}/suggestions/follow/ABCDEFGHJK/personal-data`, header],
      ]),
      ['POST', `/api/v1/sites/${siteKey}/repairs/R-0000-0000/confirmation`, {}, { outcome: 'fixed', residentKey: '' }],
      [
        'POST',
        `/api/v1/sites/${siteKey}/repairs/R-0000-0000/confirmation`,
        {},
        { outcome: 'fixed', residentKey: 'A'.repeat(65) },
      ],
    ];
    for (const [method, url, header, body] of attempts) {
      const response = await harness.app.inject({
        method,
        url,
        headers: {
          'idempotency-key': randomUUID(),
          ...header,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { payload: JSON.stringify(body) } : {}),
      });
      const label = `${method} ${url} ${JSON.stringify(header).slice(0, 60)} ${JSON.stringify(body)}`;
      const bodyKey = (body as { residentKey?: string } | undefined)?.residentKey;
      assert.equal(response.statusCode, bodyKey !== undefined ? 400 : 403, `${label}: ${response.body}`);
      assert.deepEqual(Object.keys(response.json().error).sort(), ['code', 'message'], label);
      assert.ok(!response.body.includes('xxxxxxxx'), 'the key is never echoed');
    }
    assert.deepEqual(await count(), before);
  });
});

describe('abuse probes: input, polls, webhooks and live streams', () => {
  let harness: TestApp;
  let base: string;
  let siteKey: string;
  let cookie: string;
  let staff: PollHarness;

  before(async () => {
    harness = await buildTestApp({ env: { TRUST_PROXY: 'true', COURTYARD_STREAMS_PER_CLIENT: '2' } });
    staff = await pollHarness(harness.app);
    siteKey = staff.siteKey;
    const admin = await makeStaff(harness.app.db, staff.communityId, { role: 'admin' });
    cookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    base = await listen(harness.app);
  });
  after(() => harness.close());

  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    harness.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
      payload,
    });
  const assertError = (response: { statusCode: number; body: string }, status: number, code: string) => {
    assert.equal(response.statusCode, status, response.body.slice(0, 300));
    assert.equal(JSON.parse(response.body).error.code, code);
  };

  it('answers a 40 KB body nested 20,000 deep with 400, not a stack overflow', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    assertError(await post(`/api/v1/sites/${siteKey}/suggestions`, `{"text":${deep}}`), 400, 'COURTYARD_VALIDATION');
    assertError(await post('/admin/api/polls', deep, { cookie }), 400, 'COURTYARD_VALIDATION');
  });

  it('refuses U+FFFE, U+FFFF and lone surrogates in JSON and in multipart answers with 400', async () => {
    for (const text of ['\\ufffe', '\\uffff', '\\ud800', 'a\\udfffb']) {
      const response = await post(`/api/v1/sites/${siteKey}/suggestions`, `{"text":"建议${text}"}`);
      assertError(response, 400, 'COURTYARD_CONTROL_CHARACTERS');
    }
    const form = new FormData();
    form.append('category', randomUUID());
    form.append('description', '漏水');
    form.append('answers', '{"where":"\\ud800"}');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/repairs`,
      headers: { 'content-type': request.headers.get('content-type') as string, 'idempotency-key': randomUUID() },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    assertError(response, 400, 'COURTYARD_CONTROL_CHARACTERS');
  });

  it('refuses to save a webhook to an IPv6 form of a private address', async () => {
    for (const address of ['64:ff9b:1::7f00:1', '2002:7f00:1::', '::ffff:0:0:7f00:1', 'fec0::1', '2001::1']) {
      const response = await post(
        '/admin/api/webhooks',
        JSON.stringify({ name: 'x', url: `http://[${address}]/hook`, events: ['suggestion.created'] }),
        { cookie },
      );
      assertError(response, 400, 'COURTYARD_VALIDATION');
    }
  });

  it('writes nothing for a device vote naming an option the poll no longer has, even from a cached copy', async () => {
    const poll = await createPoll(staff, { options: [{ label: '甲' }, { label: '乙' }] });
    assert.equal(
      (await vote(staff, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() })).statusCode,
      201,
    );
    await harness.app.db.delete(pollOptions).where(eq(pollOptions.id, poll.options[1]!.id));
    const refused = await vote(staff, poll.id, { optionIds: [poll.options[1]!.id], voterToken: voterToken() });
    assertError(refused, 400, 'COURTYARD_POLL_INVALID_CHOICE');
    const [row] = await harness.app.db
      .select({ count: sql<number>`count(*)::int` })
      .from(pollBallots)
      .where(eq(pollBallots.pollId, poll.id));
    assert.equal(row?.count, 1);
  });

  it('answers a stream past the per-client cap with 429 and Retry-After, and an old numeric id with resync', async () => {
    const url = `${base}/api/v1/sites/${siteKey}/events?topics=poll:${randomUUID()}`;
    const headers = { 'x-forwarded-for': '203.0.113.9', 'last-event-id': '1842' };
    const held = [await connectSse(url, headers), await connectSse(url, headers)];
    try {
      const resync = await held[0]!.next((message) => message.event === 'resync');
      assert.match(resync.id ?? '', /^[A-Za-z0-9_-]{22}$/);
      const refused = await fetch(url, { headers });
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '30');
      assert.equal((await refused.json()).error.code, 'COURTYARD_RATE_LIMITED');
    } finally {
      for (const stream of held) stream.close();
    }
  });
});
