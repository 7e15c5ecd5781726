// Cases the route fuzzer (fuzz.test.ts) found, kept as plain tests so they stay fixed whatever the seed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import {
  auditLog,
  events,
  idempotencyKeys,
  repairRequests,
  sites,
  suggestions,
} from '../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createCommunityWithSite } from '../support/fixtures.js';

describe('cases the route fuzzer found', () => {
  let harness: TestApp;
  let siteKey: string;

  before(async () => {
    harness = await buildTestApp();
    siteKey = (await createCommunityWithSite(harness.app.db)).site.siteKey;
  });
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
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.server.address() as AddressInfo;
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
