import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../../packages/server/src/auth/password.js';
import { setStaffActive } from '../../../packages/server/src/repositories/staff.js';
import { buildTestApp, type TestApp, testAppWithCommunity } from '../../support/app.js';
import { rows } from '../../support/database.js';
import {
  makeCommunity,
  makeStaff,
  signedInStaff,
  signIn,
  TEST_PASSWORD_HASH_COST,
} from '../../support/staff-fixtures.js';

const MAX_FAILURES = 3;
const env = { COURTYARD_LOGIN_MAX_FAILURES: String(MAX_FAILURES), COURTYARD_RATE_LOGIN_IP: '1000' };

function get(app: FastifyInstance, url: string, cookie: string) {
  return app.inject({ method: 'GET', url, headers: { cookie } });
}

describe('staff sign-in', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let communityId: string;

  before(async () => ({ harness, app, communityId } = await testAppWithCommunity({ env })));
  after(() => harness.close());

  it('signs in with the right password and sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const staff = await makeStaff(app.db, communityId, { role: 'admin' });
    const { response, cookie } = await signIn(app, staff.email.toUpperCase(), staff.password);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.staff.id, staff.id);
    assert.equal(body.staff.role, 'admin');
    assert.equal(body.staff.community.id, communityId);
    assert.equal(JSON.stringify(body).includes('scrypt'), false);
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /^courtyard_session=[A-Za-z0-9_-]{43};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\//);
    assert.doesNotMatch(setCookie, /Secure/);

    const current = await get(app, '/admin/api/session', cookie);
    assert.equal(current.statusCode, 200);
    assert.equal(current.json().staff.email, staff.email);
  });

  it('uses a __Host- cookie with Secure when PUBLIC_URL is https', async () => {
    const secure = await buildTestApp({
      env: { ...env, PUBLIC_URL: 'https://courtyard.example.org' },
      testDatabase: harness.testDatabase,
    });
    try {
      const staff = await makeStaff(app.db, communityId);
      const { response, cookie } = await signIn(secure.app, staff.email, staff.password);
      assert.equal(response.statusCode, 200);
      const setCookie = String(response.headers['set-cookie']);
      assert.match(setCookie, /^__Host-courtyard_session=/);
      assert.match(setCookie, /Secure/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.doesNotMatch(setCookie, /Domain=/i);
      assert.equal((await get(secure.app, '/admin/api/session', cookie)).statusCode, 200);
    } finally {
      await secure.app.close();
    }
  });

  it('refuses a wrong password and an unknown email with the same 401 and message', async () => {
    const staff = await makeStaff(app.db, communityId);
    const wrong = (await signIn(app, staff.email, 'not the password')).response;
    const unknown = (await signIn(app, 'nobody@example.org', 'not the password')).response;
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'COURTYARD_INVALID_CREDENTIALS');
    assert.equal(wrong.headers['set-cookie'], undefined);
  });

  it(`locks an account after ${MAX_FAILURES} failures, even against the right password`, async () => {
    const staff = await makeStaff(app.db, communityId);
    for (let attempt = 1; attempt < MAX_FAILURES; attempt++) {
      assert.equal((await signIn(app, staff.email, 'wrong password')).response.statusCode, 401);
    }
    const locking = (await signIn(app, staff.email, 'wrong password')).response;
    assert.equal(locking.statusCode, 429);
    const locked = (await signIn(app, staff.email, staff.password)).response;
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error.code, 'COURTYARD_LOGIN_LOCKED');
    const retryAfter = Number(locked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    assert.equal(locked.headers['set-cookie'], undefined);

    // Once the lock has passed, the right password works again.
    await app.db.execute(sql`update staff_users set locked_until = now() - interval '1 second' where id = ${staff.id}`);
    assert.equal((await signIn(app, staff.email, staff.password)).response.statusCode, 200);
  });

  it('starts the failure count again after a successful sign-in', async () => {
    const staff = await makeStaff(app.db, communityId);
    for (let round = 0; round < 2; round++) {
      for (let attempt = 1; attempt < MAX_FAILURES; attempt++) {
        assert.equal((await signIn(app, staff.email, 'wrong password')).response.statusCode, 401);
      }
      assert.equal((await signIn(app, staff.email, staff.password)).response.statusCode, 200);
    }
  });

  it('refuses a deactivated staff member, and their open sessions stop working', async () => {
    const { staff, cookie } = await signedInStaff(app, communityId);
    await setStaffActive(app.db, staff.id, false);
    const refused = (await signIn(app, staff.email, staff.password)).response;
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().error.code, 'COURTYARD_INVALID_CREDENTIALS');
    assert.equal((await get(app, '/admin/api/session', cookie)).statusCode, 401);
  });

  it('stores passwords as scrypt hashes, never as text, with N = 2^15 unless configured lower', async () => {
    const staff = await makeStaff(app.db, communityId, { password: 'a-distinct-password-42' });
    const [row] = rows<{ password_hash: string }>(
      await app.db.execute(sql`select password_hash from staff_users where id = ${staff.id}`),
    );
    // The fixtures hash at the tests' cheaper cost (test/support/app.ts); the rest of the format is the same.
    const testN = 2 ** TEST_PASSWORD_HASH_COST;
    assert.match(row!.password_hash, new RegExp(`^scrypt\\$${testN}\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    assert.equal(row!.password_hash.includes('a-distinct-password-42'), false);
    const production = await hashPassword('a-distinct-password-42');
    assert.match(production, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.equal(production.includes('a-distinct-password-42'), false);
  });

  it('audits sign-in, failed sign-in and sign-out', async () => {
    const staff = await makeStaff(app.db, communityId);
    await signIn(app, staff.email, 'wrong password');
    const { cookie } = await signIn(app, staff.email, staff.password);
    await app.inject({ method: 'DELETE', url: '/admin/api/session', headers: { cookie } });
    const actions = rows<{ action: string; actor_type: string }>(
      await app.db.execute(sql`select action, actor_type from audit_log where subject_id = ${staff.id} order by id`),
    );
    assert.deepEqual(
      actions.map((row) => `${row.actor_type}:${row.action}`),
      ['system:staff.sign_in_failed', 'staff:staff.signed_in', 'staff:staff.signed_out'],
    );
  });

  it('limits sign-in attempts per address', async () => {
    const limited = await buildTestApp({
      env: { ...env, COURTYARD_RATE_LOGIN_IP: '3' },
      testDatabase: harness.testDatabase,
    });
    try {
      const staff = await makeStaff(app.db, communityId);
      const from = (remoteAddress: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/admin/api/session',
          remoteAddress,
          headers: { 'content-type': 'application/json' },
          payload: { email: staff.email, password: staff.password },
        });
      for (let attempt = 0; attempt < 3; attempt++) assert.equal((await from('203.0.113.7')).statusCode, 200);
      const refused = await from('203.0.113.7');
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.equal((await from('203.0.113.8')).statusCode, 200);
    } finally {
      await limited.app.close();
    }
  });
});

describe('staff sessions', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let communityId: string;

  before(async () => ({ harness, app, communityId } = await testAppWithCommunity({ env })));
  after(() => harness.close());

  it('signing out ends the session and clears the cookie', async () => {
    const { cookie } = await signedInStaff(app, communityId);
    const out = await app.inject({ method: 'DELETE', url: '/admin/api/session', headers: { cookie } });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /^courtyard_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await get(app, '/admin/api/session', cookie);
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'COURTYARD_UNAUTHENTICATED');
  });

  it('signing out everywhere ends every other session of that member, and only theirs', async () => {
    const staff = await makeStaff(app.db, communityId);
    const colleague = await makeStaff(app.db, communityId);
    const phone = (await signIn(app, staff.email, staff.password)).cookie;
    const laptop = (await signIn(app, staff.email, staff.password)).cookie;
    const other = (await signIn(app, colleague.email, colleague.password)).cookie;
    const out = await app.inject({ method: 'DELETE', url: '/admin/api/sessions', headers: { cookie: phone } });
    assert.equal(out.statusCode, 204);
    assert.equal((await get(app, '/admin/api/session', laptop)).statusCode, 401);
    assert.equal((await get(app, '/admin/api/session', phone)).statusCode, 401);
    assert.equal((await get(app, '/admin/api/session', other)).statusCode, 200);
  });

  it('ends a session left idle for 12 hours, and any session after 30 days', async () => {
    const staff = await makeStaff(app.db, communityId);
    const idle = (await signIn(app, staff.email, staff.password)).cookie;
    const old = (await signIn(app, staff.email, staff.password)).cookie;
    const { hashSessionToken } = await import('../../../packages/server/src/auth/session-token.js');
    const hashOf = (cookie: string) => hashSessionToken(cookie.split('=')[1] as string);
    await app.db.execute(
      sql`update staff_sessions set last_seen_at = now() - interval '13 hours' where token_hash = ${hashOf(idle)}`,
    );
    await app.db.execute(
      sql`update staff_sessions set expires_at = now() - interval '1 second' where token_hash = ${hashOf(old)}`,
    );
    assert.equal((await get(app, '/admin/api/session', idle)).statusCode, 401);
    assert.equal((await get(app, '/admin/api/session', old)).statusCode, 401);
  });

  it('refreshes a session’s idle timer at most once a minute, and a request within the minute writes nothing', async () => {
    const staff = await makeStaff(app.db, communityId);
    const { cookie } = await signIn(app, staff.email, staff.password);
    const { hashSessionToken } = await import('../../../packages/server/src/auth/session-token.js');
    const { findSessionStaff } = await import('../../../packages/server/src/repositories/sessions.js');
    const tokenHash = hashSessionToken(cookie.split('=')[1] as string);
    // Signed in a moment ago: the session is read, and no UPDATE is even sent.
    let updates = 0;
    const counted = new Proxy(app.db, {
      get(target, key) {
        if (key === 'update') updates += 1;
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    assert.equal((await findSessionStaff(counted, tokenHash))?.id, staff.id);
    assert.equal(updates, 0);
    // Last seen two minutes ago: the next request moves it to now.
    await app.db.execute(
      sql`update staff_sessions set last_seen_at = now() - interval '2 minutes' where token_hash = ${tokenHash}`,
    );
    assert.equal((await get(app, '/admin/api/session', cookie)).statusCode, 200);
    const [seen] = rows<{ recent: boolean }>(
      await app.db.execute(
        sql`select last_seen_at > now() - interval '10 seconds' as recent from staff_sessions where token_hash = ${tokenHash}`,
      ),
    );
    assert.equal(seen?.recent, true);
  });

  it('keeps only a hash of the session token in the database', async () => {
    const { staff, cookie } = await signedInStaff(app, communityId);
    const token = cookie.split('=')[1] as string;
    const stored = rows<{ token_hash: string }>(
      await app.db.execute(sql`select token_hash from staff_sessions where staff_id = ${staff.id}`),
    );
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.token_hash, token);
    assert.match(stored[0]!.token_hash, /^[0-9a-f]{64}$/);
  });
});

describe('the staff API guard rails', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let communityId: string;
  let adminCookie: string;
  let staffCookie: string;

  before(async () => {
    ({ harness, app, communityId } = await testAppWithCommunity({ env }));
    const admin = await makeStaff(app.db, communityId, { role: 'admin' });
    const member = await makeStaff(app.db, communityId, { role: 'staff' });
    adminCookie = (await signIn(app, admin.email, admin.password)).cookie;
    staffCookie = (await signIn(app, member.email, member.password)).cookie;
  });
  after(() => harness.close());

  it('answers 401 on every staff route except sign-in and staff links when there is no session', async () => {
    // The API reference lists every staff route (routes/admin/index.ts refuses to boot otherwise).
    const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const routes = Object.entries(paths)
      .filter(([path]) => path.startsWith('/admin/api/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method, path })));
    assert.ok(routes.length >= 6, `found ${routes.length} staff routes`);
    for (const { method, path } of routes) {
      if (method === 'post' && path === '/admin/api/session') continue;
      // An invitation or reset link is opened by someone without a password yet (test/server/routes/admin/staff/admin-staff.test.ts).
      if (method === 'post' && path.startsWith('/admin/api/staff-links/')) continue;
      const url = path.replace(/\{[^}]+\}/g, randomUUID());
      for (const cookie of [undefined, 'courtyard_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
        const response = await app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          headers: cookie ? { cookie } : {},
          ...(['post', 'put', 'patch'].includes(method) ? { payload: {} } : {}),
        });
        assert.equal(response.statusCode, 401, `${method.toUpperCase()} ${url} answered ${response.statusCode}`);
        assert.equal(response.json().error.code, 'COURTYARD_UNAUTHENTICATED');
      }
    }
  });

  it('answers 403 to a staff-role member on admin-only routes', async () => {
    const { id } = await makeStaff(app.db, communityId);
    for (const url of ['/admin/api/staff', `/admin/api/staff/${id}`]) {
      const response = await get(app, url, staffCookie);
      assert.equal(response.statusCode, 403, url);
      assert.equal(response.json().error.code, 'COURTYARD_FORBIDDEN');
    }
  });

  it("lists the community's staff for an admin, without password hashes or other communities", async () => {
    const elsewhere = await makeCommunity(app.db);
    const outsider = await makeStaff(app.db, elsewhere.id);
    const response = await get(app, '/admin/api/staff?limit=200', adminCookie);
    assert.equal(response.statusCode, 200);
    const { items, nextCursor } = response.json();
    assert.equal(nextCursor, null);
    assert.ok(items.length >= 3);
    assert.equal(
      items.some((item: { id: string }) => item.id === outsider.id),
      false,
    );
    assert.deepEqual(Object.keys(items[0]).sort(), [
      'active',
      'createdAt',
      'displayName',
      'email',
      'id',
      'invitationPending',
      'lastLoginAt',
      'role',
    ]);
  });

  it('pages through the staff list with a cursor', async () => {
    const first = (await get(app, '/admin/api/staff?limit=1', adminCookie)).json();
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.nextCursor, 'string');
    const second = (await get(app, `/admin/api/staff?limit=1&cursor=${first.nextCursor}`, adminCookie)).json();
    assert.equal(second.items.length, 1);
    assert.ok(second.items[0].email > first.items[0].email);
  });

  it("answers 404, not 403, for another community's staff id", async () => {
    const elsewhere = await makeCommunity(app.db);
    const outsider = await makeStaff(app.db, elsewhere.id);
    const theirs = await get(app, `/admin/api/staff/${outsider.id}`, adminCookie);
    assert.equal(theirs.statusCode, 404);
    assert.equal(theirs.json().error.code, 'COURTYARD_NOT_FOUND');
    const member = await makeStaff(app.db, communityId);
    const ours = await get(app, `/admin/api/staff/${member.id}`, adminCookie);
    assert.equal(ours.statusCode, 200);
    assert.equal(ours.json().email, member.email);
  });

  it('refuses state-changing requests from another origin or not in JSON', async () => {
    const staff = await makeStaff(app.db, communityId);
    const payload = JSON.stringify({ email: staff.email, password: staff.password });
    const post = (headers: Record<string, string>, body = payload) =>
      app.inject({ method: 'POST', url: '/admin/api/session', headers, payload: body });
    const refusals: Record<string, string>[] = [
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      { 'content-type': 'application/json', origin: 'null' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'text/plain', origin: 'http://localhost:8080' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of refusals) {
      const response = await post(headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.equal(response.json().error.code, 'COURTYARD_CROSS_SITE_REQUEST');
    }
    const signOut = await app.inject({
      method: 'DELETE',
      url: '/admin/api/session',
      headers: { cookie: staffCookie, origin: 'https://evil.example' },
    });
    assert.equal(signOut.statusCode, 403);
    assert.equal((await get(app, '/admin/api/session', staffCookie)).statusCode, 200);

    const sameOrigin = await post({
      'content-type': 'application/json; charset=utf-8',
      origin: 'http://localhost:8080',
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(sameOrigin.statusCode, 200);
  });
});
