// Every HTML page the service serves carries the policy page-security.ts builds for its kind: found by walking
// every GET route of the running app, so a page added later is checked without anyone listing it here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { contentSecurityPolicy, type PageSecurity } from '../../../packages/server/src/routes/page-security.js';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { signIn } from '../../support/staff-fixtures.js';

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every GET route as a path pattern (`/p/:siteKey/polls/:pollId`), read from Fastify's route tree. */
function getRoutes(app: FastifyInstance): string[] {
  const stack: { depth: number; path: string }[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)(?:[├└]── )?(\S+)(?: \(([^)]*)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!match) continue;
    const depth = (match[1] as string).length;
    while (stack.length > 0 && (stack.at(-1) as { depth: number }).depth >= depth) stack.pop();
    const parent = stack.at(-1)?.path ?? '';
    const segment = match[2] as string;
    // The tree prints a parameter or wildcard below a static part without the slash between them.
    const slash = /^[*:]/.test(segment) && !parent.endsWith('/') ? '/' : '';
    const path = `${parent}${slash}${segment}`;
    stack.push({ depth, path });
    if (match[3]?.split(', ').includes('GET')) routes.push(path);
  }
  return routes;
}

/** The pages and the policy each must have: every other route must not answer HTML. */
const PAGES: Record<string, PageSecurity> = {
  '/': {},
  '/admin': {},
  '/admin/*': {},
  '/p/:siteKey/track/:code': {},
  '/p/:siteKey/follow/:code': {},
  '/p/:siteKey/polls/:pollId': {},
  '/p/:siteKey/preview/:widget': { framing: 'self' },
  '/p/:siteKey/notices/:id': { kind: 'document' },
  '/p/:siteKey/topics/:id': { kind: 'document' },
  '/p/:siteKey/incidents/:id': { kind: 'document' },
  '/p/:siteKey/rotas/:id': { policies: ['courtyard-reminders'] },
  '/p/:siteKey/rotas/:id/sheet': { kind: 'document' },
  '/docs': { kind: 'reference' },
  '/docs/*': { kind: 'reference' },
};

describe('security headers of every HTML page', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let cookie: string;
  const values: Record<string, string> = {};
  /** A demo row's id for each hosted page's `:id` (`/p/:siteKey/topics/:id` → ids.topics); elsewhere `values.id`. */
  const ids: Record<string, string> = {};

  before(async () => {
    harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'page-security-admin-1' } });
    app = harness.app;
    await seedIfEmpty(app, () => {});
    cookie = (await signIn(app, 'admin@example.org', 'page-security-admin-1')).cookie;
    const [poll] = rows<{ id: string }>(await app.db.execute(sql`select id from polls limit 1`));
    const [suggestion] = rows<{ follow_code: string }>(
      await app.db.execute(sql`select follow_code from suggestions limit 1`),
    );
    const [repair] = rows<{ tracking_code: string }>(
      await app.db.execute(sql`select tracking_code from repair_requests limit 1`),
    );
    const [notice] = rows<{ id: string }>(
      await app.db.execute(
        sql`insert into notices (community_id, kind, scope, title) select id, 'outage', 'community', '停水' from communities where slug = 'demo' returning id`,
      ),
    );
    const [topic] = rows<{ id: string }>(await app.db.execute(sql`select id from topics limit 1`));
    const [rota] = rows<{ id: string }>(await app.db.execute(sql`select id from rotas limit 1`));
    const [incident] = rows<{ id: string }>(
      await app.db.execute(
        sql`select id from repair_requests where incident_id is null and not spam order by created_at limit 1`,
      ),
    );
    Object.assign(ids, { notices: notice?.id, topics: topic?.id, rotas: rota?.id, incidents: incident?.id });
    Object.assign(values, {
      id: notice?.id,
      siteKey: 'demo',
      pollId: poll?.id,
      followCode: suggestion?.follow_code,
      trackingCode: repair?.tracking_code,
      widget: 'suggestion-box',
      version: 'v1',
    });
  });
  after(() => harness.close());

  /** A URL for a route pattern, with the demo's real ids in its parameters. */
  function urlFor(route: string): string {
    return route
      .replace('/track/:code', `/track/${values.trackingCode}`)
      .replace('/follow/:code', `/follow/${values.followCode}`)
      .replace(/^\/p\/:siteKey\/(\w+)\/:id/, (whole, kind: string) =>
        ids[kind] ? `/p/:siteKey/${kind}/${ids[kind]}` : whole,
      )
      .replace(/:(\w+)/g, (_whole, name: string) => values[name] ?? '00000000-0000-4000-8000-000000000000')
      .replace(/\*$/, 'some/deep/link');
  }

  function assertPolicy(url: string, headers: Record<string, unknown>, page: PageSecurity) {
    const csp = String(headers['content-security-policy']);
    assert.equal(csp, contentSecurityPolicy(page), `${url} has the policy of its kind`);
    assert.match(csp, page.framing === 'self' ? /frame-ancestors 'self'/ : /frame-ancestors 'none'/, url);
    assert.match(csp, /object-src 'none'|default-src 'none'/, url);
    assert.match(csp, /base-uri 'none'/, url);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https:|\*/, url);
    if (page.kind !== 'reference') {
      assert.match(csp, /require-trusted-types-for 'script'/, url);
      assert.match(csp, /trusted-types lit-html/, url);
    }
    assert.equal(headers['x-content-type-options'], 'nosniff', url);
  }

  it('walks every GET route: each HTML page has its policy, and no other route answers HTML', async () => {
    const routes = getRoutes(app);
    assert.ok(routes.length > 50, `found ${routes.length} GET routes`);
    const html: string[] = [];
    // Event streams never end, and are never HTML.
    for (const route of routes.filter((path) => !path.endsWith('/events'))) {
      const url = urlFor(route);
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (!String(response.headers['content-type']).startsWith('text/html')) continue;
      html.push(route);
      const page = PAGES[route];
      assert.ok(page, `${route} (${url}) answers HTML but is not a known page`);
      assertPolicy(url, response.headers, page);
    }
    for (const route of Object.keys(PAGES).filter((route) => route !== '/docs/*')) {
      assert.ok(html.includes(route), `${route} answered a page (${urlFor(route)})`);
    }
  });

  it('serves every hosted page under /p/ in the same shell, out of search engines where its link is private', async () => {
    const hosted = Object.keys(PAGES).filter((route) => route.startsWith('/p/'));
    // Reached only by a link that is not published: a tracking, follow or ballot code, an incident's id.
    const unpublished = [
      '/p/:siteKey/track/:code',
      '/p/:siteKey/follow/:code',
      '/p/:siteKey/polls/:pollId',
      '/p/:siteKey/incidents/:id',
    ];
    assert.equal(hosted.length, 9);
    for (const route of hosted) {
      const url = urlFor(route);
      const { statusCode, body } = await app.inject({ url });
      assert.equal(statusCode, 200, url);
      assert.match(body, /^<!doctype html>\n<html lang="(zh-CN|en)">/, `${route}: the doctype and a language`);
      assert.ok(body.includes('<meta charset="utf-8">'), `${route}: the charset`);
      assert.ok(body.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'), route);
      assert.match(body, /<title>[^<]+<\/title>/, `${route}: a title`);
      // No /favicon.ico request for the strict CSP to refuse and log.
      assert.ok(body.includes('<link rel="icon" href="data:,">'), `${route}: the empty icon`);
      assert.match(body, /<main>[\s\S]+<\/main>/, `${route}: its content in <main>`);
      const noindex = body.includes('<meta name="robots" content="noindex">');
      assert.equal(noindex, unpublished.includes(route), `${route}: noindex only where the link is not published`);
    }
  });

  it('frames nothing on the pages the issue named: the demo page, follow and poll pages', async () => {
    for (const url of ['/', `/p/demo/follow/${values.followCode}`, `/p/demo/polls/${values.pollId}`]) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/, url);
    }
  });

  it('runs the console under Trusted Types, as docs/security.md promises', async () => {
    for (const url of ['/admin', '/admin/repairs', '/admin/invite']) {
      const csp = String((await app.inject({ url })).headers['content-security-policy']);
      assert.match(csp, /require-trusted-types-for 'script'; trusted-types lit-html/, url);
    }
  });

  it('serves the printable code sheet with no script allowed at all', async () => {
    const headers = { cookie, 'content-type': 'application/json' };
    const poll = await app.inject({
      method: 'POST',
      url: '/admin/api/polls',
      headers,
      payload: JSON.stringify({
        title: '加装电梯',
        options: [{ label: '同意' }, { label: '不同意' }],
        eligibility: 'ballot-code',
      }),
    });
    assert.equal(poll.statusCode, 201, poll.body);
    const response = await app.inject({
      method: 'POST',
      url: `/admin/api/polls/${poll.json().id}/ballot-codes/sheet`,
      headers,
      payload: JSON.stringify({ scope: { type: 'community' }, count: 1 }),
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assertPolicy('the code sheet', response.headers, { kind: 'document' });
    assert.match(String(response.headers['content-security-policy']), /^default-src 'none'/);
  });
});
