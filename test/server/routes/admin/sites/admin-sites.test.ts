import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../../../../support/app.js';
import { rows } from '../../../../support/database.js';
import { assertError } from '../../../../support/errors.js';
import { createCommunityWithSite, createSite } from '../../../../support/fixtures.js';
import { makeStaff, signIn } from '../../../../support/staff-fixtures.js';

const PAGE = 'https://www.fengtai-example.org';
const json = { 'content-type': 'application/json' };

describe('sites and allowed origins in the staff API', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let communityId: string;
  let siteId: string;
  let siteKey: string;
  let adminCookie: string;
  let staffCookie: string;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: payload === undefined ? { cookie } : { cookie, ...json },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  /** The allowed origins of the test's first site, as the admin list shows them. */
  const originsOfSite = async (): Promise<string[]> => {
    const items = (await call('GET', '/admin/api/sites', adminCookie)).json().items as {
      id: string;
      allowedOrigins: string[];
    }[];
    return items.find((site) => site.id === siteId)?.allowedOrigins ?? [];
  };
  const config = (origin: string) =>
    app.inject({ method: 'GET', url: `/api/v1/sites/${siteKey}/config`, headers: { origin } });

  before(async () => {
    harness = await buildTestApp();
    app = harness.app;
    const { community, site } = await createCommunityWithSite(app.db, { allowedOrigins: [PAGE] });
    communityId = community.id;
    siteId = site.id;
    siteKey = site.siteKey;
    const admin = await makeStaff(app.db, communityId, { role: 'admin' });
    const member = await makeStaff(app.db, communityId, { role: 'staff' });
    adminCookie = (await signIn(app, admin.email, admin.password)).cookie;
    staffCookie = (await signIn(app, member.email, member.password)).cookie;
  });
  after(() => harness.close());

  it("lists the community's sites with keys and origins, and no other community's", async () => {
    const elsewhere = await createCommunityWithSite(app.db, { allowedOrigins: ['https://other.example.org'] });
    const response = await call('GET', '/admin/api/sites', adminCookie);
    assert.equal(response.statusCode, 200);
    const { items, nextCursor } = response.json();
    assert.equal(nextCursor, null);
    assert.deepEqual(
      items.map((site: { siteKey: string }) => site.siteKey),
      [siteKey],
    );
    assert.deepEqual(items[0].allowedOrigins, [PAGE]);
    assert.deepEqual(Object.keys(items[0]).sort(), [
      'allowLocalhost',
      'allowedOrigins',
      'createdAt',
      'id',
      'name',
      'proofOfWorkAlways',
      'siteKey',
    ]);
    assert.equal(JSON.stringify(items).includes(elsewhere.site.siteKey), false);
  });

  it('adds an origin, which the public API allows at once, and audits it with before and after', async () => {
    const origin = 'http://community.example.org:8080';
    assertError(await config(origin), 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
    const response = await call('POST', `/admin/api/sites/${siteId}/origins`, adminCookie, { origin });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().allowedOrigins, [PAGE, origin]);
    const allowed = await config(origin);
    assert.equal(allowed.statusCode, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], origin);

    const [entry] = rows<{ action: string; actor_type: string; before: unknown; after: unknown }>(
      await app.db.execute(
        sql`select action, actor_type, before, after from audit_log where subject_id = ${siteId} order by id desc limit 1`,
      ),
    );
    assert.equal(entry?.action, 'site.origin_added');
    assert.equal(entry?.actor_type, 'staff');
    assert.deepEqual(entry?.before, { allowedOrigins: [PAGE] });
    assert.deepEqual(entry?.after, { allowedOrigins: [PAGE, origin] });
  });

  it('removes an origin, and the cached site stops allowing it immediately', async () => {
    const origin = 'https://gone.example.org';
    await call('POST', `/admin/api/sites/${siteId}/origins`, adminCookie, { origin });
    // Warm the 5-second site cache with the origin allowed.
    assert.equal((await config(origin)).statusCode, 200);
    const response = await call(
      'DELETE',
      `/admin/api/sites/${siteId}/origins?origin=${encodeURIComponent(origin)}`,
      adminCookie,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().allowedOrigins.includes(origin), false);
    assertError(await config(origin), 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
    const [entry] = rows<{ action: string }>(
      await app.db.execute(sql`select action from audit_log where subject_id = ${siteId} order by id desc limit 1`),
    );
    assert.equal(entry?.action, 'site.origin_removed');
  });

  it('refuses origins that are not exact scheme://host[:port], writing nothing', async () => {
    const before = await originsOfSite();
    for (const origin of [
      'https://www.example.org/',
      'https://www.example.org/page',
      'https://*.example.org',
      '*',
      'www.example.org',
      'ftp://files.example.org',
      'https://user@www.example.org',
      'https://www.example.org?x=1',
      'HTTPS://WWW.EXAMPLE.ORG',
      'null',
    ]) {
      const response = await call('POST', `/admin/api/sites/${siteId}/origins`, adminCookie, { origin });
      assertError(response, 400, 'COURTYARD_VALIDATION');
    }
    assertError(
      await call('POST', `/admin/api/sites/${siteId}/origins`, adminCookie, { origin: PAGE, extra: 1 }),
      400,
      'COURTYARD_VALIDATION',
    );
    assertError(
      await call('POST', `/admin/api/sites/${siteId}/origins`, adminCookie, {
        origin: `https://${'a'.repeat(300)}.org`,
      }),
      400,
      'COURTYARD_VALIDATION',
    );
    const after = await originsOfSite();
    assert.deepEqual(after, before);
  });

  it('answers 409 for an origin already allowed and 404 for removing one that is not', async () => {
    assertError(
      await call('POST', `/admin/api/sites/${siteId}/origins`, adminCookie, { origin: PAGE }),
      409,
      'COURTYARD_CONFLICT',
    );
    assertError(
      await call(
        'DELETE',
        `/admin/api/sites/${siteId}/origins?origin=${encodeURIComponent('https://never.example.org')}`,
        adminCookie,
      ),
      404,
      'COURTYARD_NOT_FOUND',
    );
  });

  it('creates a site with a unique key, audited; a taken key is a 409', async () => {
    const siteKeyNew = `new-${Date.now().toString(36)}`;
    const created = await call('POST', '/admin/api/sites', adminCookie, {
      siteKey: siteKeyNew,
      name: '三号楼公告栏',
      allowedOrigins: ['https://b3.example.org', 'https://b3.example.org'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().siteKey, siteKeyNew);
    assert.deepEqual(created.json().allowedOrigins, ['https://b3.example.org']);
    assert.equal(created.json().allowLocalhost, false);
    const list = (await call('GET', '/admin/api/sites', adminCookie)).json().items;
    assert.equal(
      list.some((site: { siteKey: string }) => site.siteKey === siteKeyNew),
      true,
    );
    const [entry] = rows<{ action: string; community_id: string }>(
      await app.db.execute(sql`select action, community_id from audit_log where subject_id = ${created.json().id}`),
    );
    assert.equal(entry?.action, 'site.created');
    assert.equal(entry?.community_id, communityId);

    assertError(
      await call('POST', '/admin/api/sites', adminCookie, { siteKey: siteKeyNew, name: 'again' }),
      409,
      'COURTYARD_CONFLICT',
    );
    assertError(
      await call('POST', '/admin/api/sites', adminCookie, { siteKey: 'has space', name: 'x' }),
      400,
      'COURTYARD_VALIDATION',
    );
    assertError(
      await call('POST', '/admin/api/sites', adminCookie, {
        siteKey: `k-${Date.now()}`,
        name: 'x',
        allowedOrigins: ['https://a.org/'],
      }),
      400,
      'COURTYARD_VALIDATION',
    );
    assertError(
      await call('POST', '/admin/api/sites', adminCookie, { siteKey: `k2-${Date.now()}`, name: '   ' }),
      400,
      'COURTYARD_VALIDATION',
    );
  });

  it('answers 403 to a staff-role member on every sites route, changing nothing', async () => {
    const attempts = [
      () => call('GET', '/admin/api/sites', staffCookie),
      () => call('POST', '/admin/api/sites', staffCookie, { siteKey: 'by-staff', name: 'x' }),
      () => call('POST', `/admin/api/sites/${siteId}/origins`, staffCookie, { origin: 'https://staff.example.org' }),
      () => call('DELETE', `/admin/api/sites/${siteId}/origins?origin=${encodeURIComponent(PAGE)}`, staffCookie),
    ];
    for (const attempt of attempts) assertError(await attempt(), 403, 'COURTYARD_FORBIDDEN');
    assert.ok((await originsOfSite()).includes(PAGE), 'the origin is still allowed');
    const list = (await call('GET', '/admin/api/sites', adminCookie)).json().items;
    assert.equal(
      list.some((site: { siteKey: string }) => site.siteKey === 'by-staff'),
      false,
    );
  });

  it("answers 404 for another community's site, changing nothing", async () => {
    const elsewhere = await createCommunityWithSite(app.db, { allowedOrigins: ['https://theirs.example.org'] });
    assertError(
      await call('POST', `/admin/api/sites/${elsewhere.site.id}/origins`, adminCookie, {
        origin: 'https://mine.example.org',
      }),
      404,
      'COURTYARD_NOT_FOUND',
    );
    assertError(
      await call(
        'DELETE',
        `/admin/api/sites/${elsewhere.site.id}/origins?origin=${encodeURIComponent('https://theirs.example.org')}`,
        adminCookie,
      ),
      404,
      'COURTYARD_NOT_FOUND',
    );
    const [row] = rows<{ allowed_origins: string[] }>(
      await app.db.execute(sql`select allowed_origins from sites where id = ${elsewhere.site.id}`),
    );
    assert.deepEqual(row?.allowed_origins, ['https://theirs.example.org']);
  });

  it('refuses cross-site and non-JSON writes', async () => {
    const origin = 'https://csrf.example.org';
    const crossSite = await app.inject({
      method: 'POST',
      url: `/admin/api/sites/${siteId}/origins`,
      headers: { cookie: adminCookie, ...json, 'sec-fetch-site': 'cross-site' },
      payload: JSON.stringify({ origin }),
    });
    assertError(crossSite, 403, 'COURTYARD_CROSS_SITE_REQUEST');
    const otherOrigin = await app.inject({
      method: 'DELETE',
      url: `/admin/api/sites/${siteId}/origins?origin=${encodeURIComponent(PAGE)}`,
      headers: { cookie: adminCookie, origin: 'https://evil.example' },
    });
    assertError(otherOrigin, 403, 'COURTYARD_CROSS_SITE_REQUEST');
    const form = await app.inject({
      method: 'POST',
      url: `/admin/api/sites/${siteId}/origins`,
      headers: { cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `origin=${encodeURIComponent(origin)}`,
    });
    assertError(form, 403, 'COURTYARD_CROSS_SITE_REQUEST');
    const origins = await originsOfSite();
    assert.equal(origins.includes(origin), false);
    assert.equal(origins.includes(PAGE), true);
  });

  it('serves a framable-by-itself preview page of each widget for a site', async () => {
    const site = await createSite(app.db, { communityId });
    for (const widget of ['suggestion-box', 'suggestion-board', 'repair-request']) {
      const response = await app.inject({ method: 'GET', url: `/p/${site.siteKey}/preview/${widget}?lang=en` });
      assert.equal(response.statusCode, 200, widget);
      assert.match(response.body, new RegExp(`<courtyard-${widget}></courtyard-${widget}>`));
      assert.match(response.body, new RegExp(`data-site="${site.siteKey}"`));
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'self'/);
      assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
    }
    assert.equal((await app.inject({ method: 'GET', url: `/p/${site.siteKey}/preview/poll` })).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: '/p/no-such-site/preview/suggestion-box' })).statusCode, 404);
  });
});
