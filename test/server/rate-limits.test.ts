import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import type { LightMyRequestResponse } from 'fastify';
import { clientFingerprint, publicWrite } from '../../packages/server/src/plugins/rate-limits.js';
import { buildTestApp, TEST_SECRET, type TestApp } from '../support/app.js';
import { createCommunityWithSite, registerPublicTestRoutes } from '../support/fixtures.js';

const PAGE = 'https://www.example.org';
const WINDOW_MS = 60_000;

describe('public API rate limits', () => {
  let harness: TestApp;
  let nextIp = 1;
  /** A fresh client address per test, so tests do not share per-IP counters. */
  const freshIp = () => `198.51.100.${nextIp++}`;
  const freshSite = async () =>
    (await createCommunityWithSite(harness.app.db, { allowedOrigins: [PAGE] })).site.siteKey;

  const write = (siteKey: string, ip: string) =>
    harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/test-writes`,
      remoteAddress: ip,
      headers: { origin: PAGE },
      payload: { text: '楼道灯坏了' },
    });
  const read = (siteKey: string, ip: string) =>
    harness.app.inject({ method: 'GET', url: `/api/v1/sites/${siteKey}/config`, remoteAddress: ip });
  const marked = (response: LightMyRequestResponse) => {
    assert.equal(response.statusCode, 201, response.body);
    return response.json().overSoftLimit as boolean;
  };

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
      },
      // A stand-in public write that reports what a feature route would store.
      beforeReady: (app) =>
        registerPublicTestRoutes(app, (scope) => {
          scope.post(
            '/test-writes',
            {
              config: publicWrite,
              schema: {
                body: Type.Object({ text: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
                response: { 201: Type.Object({ overSoftLimit: Type.Boolean() }) },
              },
            },
            async (request, reply) => reply.code(201).send({ overSoftLimit: request.overSoftLimit }),
          );
        }),
    });
  });
  after(() => harness.close());

  it('answers 429 with Retry-After in the error shape past the hard limit per IP, readable by the widget', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    for (let i = 0; i < 3; i++) assert.equal((await write(siteKey, ip)).statusCode, 201);
    const refused = await write(siteKey, ip);
    assertRateLimited(refused);
    assert.equal(refused.headers['access-control-allow-origin'], PAGE);
    // Another resident on the same site is not affected.
    assert.equal((await write(siteKey, freshIp())).statusCode, 201);
  });

  it('keeps writes past the soft limit per IP but marks them for review', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    assert.equal(marked(await write(siteKey, ip)), false);
    assert.equal(marked(await write(siteKey, ip)), false);
    assert.equal(marked(await write(siteKey, ip)), true);
    assert.equal(marked(await write(siteKey, freshIp())), false);
  });

  it('applies the per-site limits across addresses', async () => {
    const siteKey = await freshSite();
    const results: boolean[] = [];
    for (let i = 0; i < 5; i++) results.push(marked(await write(siteKey, freshIp())));
    assert.deepEqual(results, [false, false, false, false, true]);
    assertRateLimited(await write(siteKey, freshIp()));
    // The limit belongs to that site: another site still takes writes from a new address.
    assert.equal(marked(await write(await freshSite(), freshIp())), false);
  });

  it('counts one IPv6 /64 (one household) as one address', async () => {
    const siteKey = await freshSite();
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3']) {
      assert.equal((await write(siteKey, ip)).statusCode, 201);
    }
    assertRateLimited(await write(siteKey, '2001:db8:1:2::4'));
    assert.equal((await write(siteKey, '2001:db8:1:3::1')).statusCode, 201);
  });

  it('limits reads per IP separately from writes', async () => {
    const siteKey = await freshSite();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) assert.equal((await read(siteKey, ip)).statusCode, 200);
    assertRateLimited(await read(siteKey, ip));
    assert.equal((await read(siteKey, freshIp())).statusCode, 200);
    assert.equal((await write(siteKey, ip)).statusCode, 201);
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
