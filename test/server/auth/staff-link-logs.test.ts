// Invitation and reset tokens never reach the log: links carry them in the fragment (never sent), the API
// in the JSON body (never logged), and links of the old form (/admin/invite/<token>) are redirected with
// their path logged without the token. Checked on the real logger's output, every line of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { makeCommunity, makeStaff, signIn } from '../../support/staff-fixtures.js';

const json = { 'content-type': 'application/json' };

describe('staff link tokens and the log', () => {
  const lines: string[] = [];
  const tokens: string[] = [];
  let harness: TestApp;
  let app: FastifyInstance;
  let adminCookie: string;

  const adminPost = (url: string, body: unknown = {}) =>
    app.inject({ method: 'POST', url, headers: { cookie: adminCookie, ...json }, payload: JSON.stringify(body) });
  /** What a browser does with a link: requests the URL without its fragment, follows a redirect, calls the API. */
  async function open(link: string) {
    const url = new URL(link);
    const page = await app.inject({ method: 'GET', url: url.pathname });
    const token = (page.statusCode === 303 ? new URL(String(page.headers.location), url) : url).hash.slice(1);
    const lookup = await app.inject({
      method: 'POST',
      url: '/admin/api/staff-links/lookup',
      headers: json,
      payload: JSON.stringify({ token }),
    });
    return { page, token, lookup };
  }

  before(async () => {
    harness = await buildTestApp({
      env: { LOG_LEVEL: 'trace', COURTYARD_RATE_LOGIN_IP: '1000' },
      logLines: lines,
    });
    app = harness.app;
    const community = await makeCommunity(app.db);
    const admin = await makeStaff(app.db, community.id, { role: 'admin' });
    adminCookie = (await signIn(app, admin.email, admin.password)).cookie;
  });
  after(() => harness.close());

  it('makes links with the token in the fragment, which a browser never sends', async () => {
    const invited = await adminPost('/admin/api/staff/invitations', {
      email: `link-log-${Date.now()}@example.org`,
      displayName: '李网格员',
      role: 'staff',
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const link = new URL(invited.json().link.url);
    assert.equal(link.pathname, '/admin/invite');
    assert.match(link.hash, /^#[A-Za-z0-9_-]{43}$/);

    const { page, token, lookup } = await open(link.href);
    tokens.push(token);
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(lookup.statusCode, 200, lookup.body);
    const accepted = await app.inject({
      method: 'POST',
      url: '/admin/api/staff-links/accept',
      headers: json,
      payload: JSON.stringify({ token, password: 'a long enough password' }),
    });
    assert.equal(accepted.statusCode, 200, accepted.body);

    const reset = await adminPost(`/admin/api/staff/${invited.json().staff.id}/password-reset`);
    assert.equal(reset.statusCode, 201, reset.body);
    const resetLink = new URL(reset.json().link.url);
    assert.equal(resetLink.pathname, '/admin/reset');
    const opened = await open(resetLink.href);
    tokens.push(opened.token);
    assert.equal(opened.lookup.json().purpose, 'reset');
  });

  it('sends a link of the old form on to the fragment form, so it keeps working', async () => {
    const invited = await adminPost('/admin/api/staff/invitations', {
      email: `old-link-${Date.now()}@example.org`,
      displayName: '王主任',
      role: 'staff',
    });
    const token = new URL(invited.json().link.url).hash.slice(1);
    tokens.push(token);
    for (const path of [`/admin/invite/${token}`, `/admin/invite/${token}/`]) {
      const { page, lookup } = await open(`http://localhost:8080${path}`);
      assert.equal(page.statusCode, 303, path);
      assert.equal(page.headers.location, `/admin/invite#${token}`);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(lookup.statusCode, 200, lookup.body);
    }
    const garbled = await app.inject({ url: '/admin/reset/not a token' });
    assert.equal(garbled.statusCode, 303);
    assert.equal(garbled.headers.location, '/admin/reset');
  });

  it('keeps every token out of every log line, whatever the path looks like', async () => {
    const token = tokens[0] as string;
    for (const path of [`/admin/INVITE/${token}`, `//admin/invite/${token}`, `/admin//reset/${token}?x=1`]) {
      await app.inject({ url: path });
    }
    assert.ok(tokens.length >= 3);
    const logged = lines.join('\n');
    assert.match(logged, /"path":"\/admin\/invite"/, 'the pages were logged');
    assert.match(logged, /"path":"\/admin\/invite\/\[token\]"/, 'the old form is logged without its token');
    for (const secret of tokens) {
      assert.ok(!logged.includes(secret), `no log line holds the token ${secret.slice(0, 6)}…`);
      assert.ok(!logged.includes(secret.slice(0, 20)), 'not even part of it');
    }
  });
});
