import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import type { LightMyRequestResponse } from 'fastify';
import { withIdempotency } from '../../../packages/server/src/idempotency/idempotency.js';
import { clientFingerprint, publicWrite } from '../../../packages/server/src/plugins/rate-limits.js';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../support/app.js';
import { createCommunityWithSite, registerPublicTestRoutes } from '../../support/fixtures.js';
import { challengeOf, PROOF_HEADER, solve } from '../../support/proof-of-work.js';

const PAGE = 'https://www.example.org';
const WINDOW_MS = 60_000;

describe('public API rate limits', () => {
  let harness: TestApp;
  let nextIp = 1;
  /** A fresh client address per test, so tests do not share per-IP counters. */
  const freshIp = () => `198.51.100.${nextIp++}`;
  const freshSite = async () =>
    (await createCommunityWithSite(harness.app.db, { allowedOrigins: [PAGE] })).site.siteKey;

  const write = (
    siteKey: string,
    ip: string,
    headers: Record<string, string> = {},
    payload: unknown = { text: '楼道灯坏了' },
  ) =>
    harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/test-writes`,
      remoteAddress: ip,
      headers: { origin: PAGE, 'idempotency-key': randomUUID(), ...headers },
      payload: payload as object,
    });
  /** A write as the widgets send it: when asked for a proof of work, solved and sent again with the same key. */
  const writeSolving = async (siteKey: string, ip: string) => {
    const headers = { 'idempotency-key': randomUUID() };
    const first = await write(siteKey, ip, headers);
    if (first.statusCode !== 428) return { response: first, asked: false };
    return { response: await write(siteKey, ip, { ...headers, [PROOF_HEADER]: await solve(first) }), asked: true };
  };
  const read = (siteKey: string, ip: string) =>
    harness.app.inject({ method: 'GET', url: `/api/v1/sites/${siteKey}/config`, remoteAddress: ip });
  const accepted = (response: LightMyRequestResponse) => assert.equal(response.statusCode, 201, response.body);

  function assertRateLimited(response: LightMyRequestResponse) {
    assert.equal(response.statusCode, 429, response.body);
    assert.deepEqual(Object.keys(response.json()), ['error']);
    assert.equal(response.json().error.code, 'COURTYARD_RATE_LIMITED');
    const retryAfter = Number(response.headers['retry-after']);
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_MS / 1000,
      `Retry-After ${retryAfter}`,
    );
  }

  before(async () => {
    harness = await buildTestApp({
      env: {
        COURTYARD_RATE_WINDOW_MS: String(WINDOW_MS),
        COURTYARD_RATE_IP_SOFT: '2',
        COURTYARD_RATE_IP_HARD: '3',
        COURTYARD_RATE_SITE_SOFT: '4',
        COURTYARD_RATE_SITE_HARD: '5',
        COURTYARD_RATE_IP_READ: '4',
        COURTYARD_POW_DIFFICULTY: '20',
      },
      // A stand-in public write that goes through withIdempotency, as every feature route does.
      beforeReady: (app) =>
        registerPublicTestRoutes(app, (scope) => {
          scope.post<{ Body: { text: string } }>(
            '/test-writes',
            {
              config: publicWrite,
              schema: {
                body: Type.Object({ text: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
                response: { 201: Type.Object({ text: Type.String() }) },
              },
            },
            async (request, reply) =>
              withIdempotency(request, reply, async () => ({ statusCode: 201, body: { text: request.body.text } })),
          );
        }),
    });
  });
  after(() => harness.close());

  it('answers 429 with Retry-After in the error shape past the hard limit per IP, readable by the widget', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    for (let i = 0; i < 3; i++) accepted((await writeSolving(siteKey, ip)).response);
    const refused = await write(siteKey, ip);
    assertRateLimited(refused);
    assert.equal(refused.headers['access-control-allow-origin'], PAGE);
    // A solved challenge does not open the hard limit either.
    assertRateLimited((await writeSolving(siteKey, ip)).response);
    // Another resident on the same site is not affected.
    accepted(await write(siteKey, freshIp()));
  });

  it('asks a client past its soft limit for a proof of work, readable by the widget, and accepts the solved write', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    accepted(await write(siteKey, ip));
    accepted(await write(siteKey, ip));
    const asked = await write(siteKey, ip);
    challengeOf(asked);
    assert.equal(asked.headers['access-control-allow-origin'], PAGE);
    const solved = await writeSolving(siteKey, ip);
    assert.equal(solved.asked, true);
    accepted(solved.response);
    // Another resident is not asked.
    accepted(await write(siteKey, freshIp()));
  });

  it('applies the per-site limits across addresses', async () => {
    const siteKey = await freshSite();
    for (let i = 0; i < 4; i++) accepted(await write(siteKey, freshIp()));
    // Past the site's soft limit every client proves work, however few writes it made itself.
    const fifth = await writeSolving(siteKey, freshIp());
    assert.equal(fifth.asked, true);
    accepted(fifth.response);
    assertRateLimited(await write(siteKey, freshIp()));
    // The limit belongs to that site: another site still takes writes from a new address.
    accepted(await write(await freshSite(), freshIp()));
  });

  it('counts only writes that passed validation: refused requests use none of the write budget', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    const refusals = [
      await write(siteKey, ip, {}, { text: 'x'.repeat(101) }),
      await write(siteKey, ip, {}, { text: '楼道灯坏了', extra: true }),
      await write(siteKey, ip, { 'idempotency-key': 'not-a-uuid' }),
      await write(siteKey, ip, { 'content-type': 'application/json' }, '{"text": '),
      await write(siteKey, ip, { origin: 'https://elsewhere.example' }),
      await write(siteKey, ip, { 'content-type': 'text/plain' }, 'plain'),
    ];
    assert.deepEqual(
      refusals.map((response) => response.statusCode),
      [400, 400, 400, 400, 403, 415],
    );
    for (let i = 0; i < 10; i++) assert.equal((await write(siteKey, ip, {}, { text: '', bad: 1 })).statusCode, 400);
    // The whole budget is still there: two writes without a proof, the third asks for one.
    accepted(await write(siteKey, ip));
    accepted(await write(siteKey, ip));
    challengeOf(await write(siteKey, ip));
  });

  it('counts one IPv6 /64 (one household) as one address', async () => {
    const siteKey = await freshSite();
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3']) {
      accepted((await writeSolving(siteKey, ip)).response);
    }
    assertRateLimited(await write(siteKey, '2001:db8:1:2::4'));
    accepted(await write(siteKey, '2001:db8:1:3::1'));
  });

  it('limits reads per IP separately from writes', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) assert.equal((await read(siteKey, ip)).statusCode, 200);
    assertRateLimited(await read(siteKey, ip));
    assert.equal((await read(siteKey, freshIp())).statusCode, 200);
    accepted(await write(siteKey, ip));
  });

  it('counts the challenges it hands out against the per-IP read limit', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    accepted(await write(siteKey, ip));
    accepted(await write(siteKey, ip));
    for (let i = 0; i < 4; i++) challengeOf(await write(siteKey, ip));
    assertRateLimited(await write(siteKey, ip));
  });

  it('keys counters on a keyed hash of the address, never the address itself', () => {
    const fingerprint = clientFingerprint(TEST_SECRET, '203.0.113.7');
    assert.match(fingerprint, /^[\w-]{22}$/);
    assert.ok(!fingerprint.includes('203'));
    assert.equal(clientFingerprint(TEST_SECRET, '203.0.113.7'), fingerprint);
    assert.notEqual(clientFingerprint(TEST_SECRET, '203.0.113.8'), fingerprint);
    assert.notEqual(clientFingerprint(`${TEST_SECRET}-other`, '203.0.113.7'), fingerprint);
  });
});
