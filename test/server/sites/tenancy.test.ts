import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { sites, suggestions } from '../../../packages/server/src/db/schema.js';
import { PREFLIGHT_MAX_AGE_SECONDS, SITE_CACHE_TTL_MS } from '../../../packages/server/src/plugins/tenancy.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createBuilding, createCategory, createCommunityWithSite } from '../../support/fixtures.js';

const PAGE = 'https://www.example.org';

function corsHeaders(response: LightMyRequestResponse) {
  return Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
}

/** The refused page reads the error (so its widget can say why), with no credentials and no exposed headers. */
function assertRefusedReadably(response: LightMyRequestResponse, origin: string) {
  assertErrorShape(response, 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
  assert.deepEqual(corsHeaders(response), ['access-control-allow-origin'], origin);
  assert.equal(response.headers['access-control-allow-origin'], origin);
  assert.match(String(response.headers.vary), /\bOrigin\b/);
}

function assertErrorShape(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const body = response.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
}

describe('public API tenancy and CORS', () => {
  let harness: TestApp;
  let strictKey: string;
  let localKey: string;
  const get = (siteKey: string, headers: Record<string, string> = {}) =>
    harness.app.inject({ method: 'GET', url: `/api/v1/sites/${siteKey}/config`, headers });
  const preflight = (siteKey: string, origin: string) =>
    harness.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/sites/${siteKey}/suggestions`,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });

  before(async () => {
    harness = await buildTestApp();
    strictKey = (await createCommunityWithSite(harness.app.db, { allowedOrigins: [PAGE] })).site.siteKey;
    localKey = (await createCommunityWithSite(harness.app.db, { allowedOrigins: [PAGE], allowLocalhost: true })).site
      .siteKey;
  });
  after(() => harness.close());

  it('answers an unknown site key with 404 in the error shape', async () => {
    assertErrorShape(await get('no-such-site'), 404, 'COURTYARD_SITE_NOT_FOUND');
    assertErrorShape(await get('no-such-site', { origin: PAGE }), 404, 'COURTYARD_SITE_NOT_FOUND');
  });

  it("allows the site's exact origin, echoing it with Vary: Origin", async () => {
    const response = await get(strictKey, { origin: PAGE });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['access-control-allow-origin'], PAGE);
    assert.match(String(response.headers.vary), /\bOrigin\b/);
    assert.match(String(response.headers['access-control-expose-headers']), /Retry-After/);
  });

  for (const origin of [
    'https://evil.example.com',
    'https://www.example.org:8443',
    'http://www.example.org',
    'https://www.example.org.evil.com',
    'https://WWW.example.org/',
  ]) {
    it(`refuses ${origin} with a 403 that page may read, granting nothing else`, async () => {
      const response = await get(strictKey, { origin });
      assertRefusedReadably(response, origin);
    });
  }

  it("serves the service's own hosted pages for every site, without CORS headers", async () => {
    // testConfig's PUBLIC_URL; the strict site allows only PAGE, yet its hosted poll page must work.
    const response = await get(strictKey, { origin: 'http://localhost:8080' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(corsHeaders(response), []);
  });

  it('refuses Origin: null (sandboxed frames, file pages), even where localhost is allowed', async () => {
    for (const siteKey of [strictKey, localKey]) {
      const response = await get(siteKey, { origin: 'null' });
      assertErrorShape(response, 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
      assert.deepEqual(corsHeaders(response), []);
    }
  });

  it('refuses localhost lookalikes when allowLocalhost is on', async () => {
    for (const origin of [
      'http://evil-localhost:3000',
      'http://localhost.evil.com',
      'http://localhost.evil.com:5173',
      'https://localhost:5173',
      'http://127.0.0.1.evil.com',
      'http://localhost:5173@evil.com',
      'http://user@localhost:5173',
      'http://localhost:5173/',
    ]) {
      assertRefusedReadably(await get(localKey, { origin }), origin);
    }
  });

  it('allows http://localhost and http://127.0.0.1 on any port only when the site allows localhost', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://localhost']) {
      const allowed = await get(localKey, { origin });
      assert.equal(allowed.statusCode, 200, origin);
      assert.equal(allowed.headers['access-control-allow-origin'], origin);
      assertErrorShape(await get(strictKey, { origin }), 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
    }
  });

  it('serves a request without Origin (curl, a server) without CORS headers', async () => {
    const response = await get(strictKey);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(corsHeaders(response), []);
  });

  it('answers a preflight from an allowed origin with the methods, headers and a cache lifetime', async () => {
    const response = await preflight(strictKey, PAGE);
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], PAGE);
    assert.match(String(response.headers['access-control-allow-methods']), /\bPOST\b/);
    const allowedHeaders = String(response.headers['access-control-allow-headers']).toLowerCase();
    for (const header of ['content-type', 'idempotency-key', 'last-event-id'])
      assert.ok(allowedHeaders.includes(header));
    assert.equal(response.headers['access-control-max-age'], String(PREFLIGHT_MAX_AGE_SECONDS));
    assert.match(String(response.headers.vary), /\bOrigin\b/);
  });

  it('lets a write from another origin reach its readable 403: an uncached preflight, then the refusal', async () => {
    for (const origin of ['https://evil.example.com', 'http://evil-localhost:3000']) {
      const response = await preflight(localKey, origin);
      assert.equal(response.statusCode, 204, origin);
      assert.equal(response.headers['access-control-allow-origin'], origin);
      assert.equal(response.headers['access-control-max-age'], undefined);
      assert.equal(response.headers['access-control-allow-credentials'], undefined);
      const write = await harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${localKey}/suggestions`,
        headers: { origin, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        payload: { body: 'A refused page must not write this.' },
      });
      assertRefusedReadably(write, origin);
    }
    assert.equal((await harness.app.db.select().from(suggestions)).length, 0, 'nothing written');
    const opaque = await preflight(localKey, 'null');
    assertErrorShape(opaque, 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
    assert.deepEqual(corsHeaders(opaque), []);
  });

  it('lets a page read that its site key does not exist, granting nothing', async () => {
    const response = await get('no-such-site', { origin: PAGE });
    assertErrorShape(response, 404, 'COURTYARD_SITE_NOT_FOUND');
    assert.deepEqual(corsHeaders(response), ['access-control-allow-origin']);
    assert.equal(response.headers['access-control-allow-origin'], PAGE);
    const answer = await preflight('no-such-site', PAGE);
    assert.equal(answer.statusCode, 204);
    assert.equal(answer.headers['access-control-max-age'], undefined);
    assertErrorShape(await get('no-such-site', { origin: 'null' }), 404, 'COURTYARD_SITE_NOT_FOUND');
  });

  it('never puts CORS headers on the staff API', async () => {
    for (const request of [
      {
        method: 'OPTIONS' as const,
        url: '/admin/api/session',
        headers: { origin: PAGE, 'access-control-request-method': 'POST' },
      },
      {
        method: 'POST' as const,
        url: '/admin/api/session',
        headers: { origin: PAGE },
        payload: { email: 'a@example.org', password: 'x' },
      },
      { method: 'GET' as const, url: '/admin/api/session', headers: { origin: 'http://localhost:5173' } },
    ]) {
      const response = await harness.app.inject(request);
      assert.ok(response.statusCode >= 400, `${request.method} ${request.url} answered ${response.statusCode}`);
      assert.deepEqual(corsHeaders(response), [], `${request.method} ${request.url}`);
    }
  });

  it(`sees a change to a site's origins within ${SITE_CACHE_TTL_MS / 1000} seconds`, async () => {
    const { site } = await createCommunityWithSite(harness.app.db, { allowedOrigins: [PAGE] });
    const newPage = 'https://new.example.org';
    assert.equal((await get(site.siteKey, { origin: newPage })).statusCode, 403);
    await harness.app.db
      .update(sites)
      .set({ allowedOrigins: [newPage] })
      .where(eq(sites.id, site.id));
    await new Promise((resolve) => setTimeout(resolve, SITE_CACHE_TTL_MS + 100));
    assert.equal((await get(site.siteKey, { origin: newPage })).statusCode, 200);
    assert.equal((await get(site.siteKey, { origin: PAGE })).statusCode, 403);
  });
});

describe('GET /api/v1/sites/:siteKey/config', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());

  it('returns the community, active categories of both kinds and buildings with sorted units, and nothing personal', async () => {
    const db = harness.app.db;
    const { community, site } = await createCommunityWithSite(db, { allowedOrigins: [PAGE] });
    await createCategory(db, {
      communityId: community.id,
      kind: 'repair',
      slug: 'water',
      names: { 'zh-CN': '水管', en: 'Water' },
      sortOrder: 2,
    });
    await createCategory(db, {
      communityId: community.id,
      kind: 'repair',
      slug: 'elevator',
      names: { 'zh-CN': '电梯', en: 'Elevator' },
      sortOrder: 1,
    });
    await createCategory(db, {
      communityId: community.id,
      kind: 'suggestion',
      slug: 'greening',
      names: { 'zh-CN': '绿化' },
    });
    await createCategory(db, { communityId: community.id, kind: 'suggestion', slug: 'retired', active: false });
    await createBuilding(db, {
      communityId: community.id,
      name: '10号楼',
      units: [
        { name: '2单元', rooms: ['室1201'] },
        { name: '1单元', rooms: ['室501', '室502'] },
      ],
    });
    await createBuilding(db, {
      communityId: community.id,
      name: '2号楼',
      units: [{ name: '1单元', rooms: ['室301'] }],
    });
    // Another community's data must not appear.
    const other = await createCommunityWithSite(db);
    await createCategory(db, { communityId: other.community.id, kind: 'suggestion', slug: 'elsewhere' });
    await createBuilding(db, { communityId: other.community.id, name: '99号楼' });

    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/sites/${site.siteKey}/config`,
      headers: { origin: PAGE },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=60');
    const config = response.json();
    assert.equal(config.siteKey, site.siteKey);
    assert.deepEqual(config.community, {
      slug: community.slug,
      names: community.names,
      timeZone: 'Asia/Shanghai',
      defaultLanguage: 'zh-CN',
    });
    assert.deepEqual(
      config.categories.map((c: { kind: string; slug: string }) => `${c.kind}:${c.slug}`),
      ['suggestion:greening', 'repair:elevator', 'repair:water'],
    );
    assert.deepEqual(config.categories[1].names, { 'zh-CN': '电梯', en: 'Elevator' });
    assert.deepEqual(
      config.buildings.map((b: { name: string; units: { name: string }[] }) => [b.name, b.units.map((u) => u.name)]),
      [
        ['2号楼', ['1单元']],
        ['10号楼', ['1单元', '2单元']],
      ],
    );
    assert.deepEqual(config.features, { suggestions: true, polls: true, repairs: true });

    // Allowlist response: only these keys, and no household, room or person anywhere.
    assert.deepEqual(Object.keys(config).sort(), ['buildings', 'categories', 'community', 'features', 'siteKey']);
    assert.deepEqual(Object.keys(config.buildings[0]).sort(), ['id', 'name', 'units']);
    assert.deepEqual(Object.keys(config.buildings[0].units[0]).sort(), ['id', 'name']);
    for (const secret of ['室1201', '室501', '室301', 'room', 'household', 'phone', 'email', 'communityId', site.id]) {
      assert.ok(!response.body.includes(secret), `config leaks ${secret}`);
    }
  });
});
