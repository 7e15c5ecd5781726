import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type TestApp, testAppWithAdminAndStaff } from '../../../../support/app.js';
import { auditActions as auditActionsOf } from '../../../../support/audit.js';
import { rows } from '../../../../support/database.js';
import { assertError } from '../../../../support/errors.js';
import { makeCommunity, makeStaff, signIn } from '../../../../support/staff-fixtures.js';

const json = { 'content-type': 'application/json' };

/** The token in the fragment of a link such as http://localhost:8080/admin/invite#<token>. */
function tokenOf(url: string): string {
  return new URL(url).hash.slice(1);
}

describe('staff management in the staff API', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let communityId: string;
  let adminId: string;
  let adminCookie: string;
  let staffCookie: string;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | undefined, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(payload === undefined ? {} : json) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const invite = (email: string, role: 'admin' | 'staff' = 'staff') =>
    call('POST', '/admin/api/staff/invitations', adminCookie, { email, displayName: '李网格员', role });
  const lookup = (token: string) => call('POST', '/admin/api/staff-links/lookup', undefined, { token });
  const accept = (token: string, password: string) =>
    call('POST', '/admin/api/staff-links/accept', undefined, { token, password });
  const auditActions = (staffId: string) => auditActionsOf(app.db, staffId);

  before(
    async () =>
      ({ harness, app, communityId, adminId, adminCookie, staffCookie } = await testAppWithAdminAndStaff({
        env: { COURTYARD_RATE_LOGIN_IP: '1000' },
      })),
  );
  after(() => harness.close());

  it('invites a colleague: a one-time link sets their password, activates them and cannot be used twice', async () => {
    const email = `Invitee-${Date.now()}@Example.org`;
    const response = await invite(email);
    assert.equal(response.statusCode, 201, response.body);
    const { staff, link } = response.json();
    assert.equal(staff.email, email.toLowerCase());
    assert.equal(staff.active, false);
    assert.equal(staff.invitationPending, true);
    assert.equal((await call('GET', `/admin/api/staff/${staff.id}`, adminCookie)).json().invitationPending, true);
    assert.equal(link.purpose, 'invite');
    assert.match(link.url, /^http:\/\/localhost:8080\/admin\/invite#[A-Za-z0-9_-]{43}$/);
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    assert.ok(hours > 71 && hours <= 72, `expires in ${hours} h`);

    // Only the token's hash is stored.
    const token = tokenOf(link.url);
    const stored = rows<{ token_hash: string }>(
      await app.db.execute(sql`select token_hash from staff_links where staff_id = ${staff.id}`),
    );
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]?.token_hash, token);
    assert.equal(JSON.stringify(stored).includes(token), false);

    // Cannot sign in before accepting.
    assertError((await signIn(app, email, 'any password at all')).response, 401, 'COURTYARD_INVALID_CREDENTIALS');

    const seen = await lookup(token);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal(seen.json().purpose, 'invite');
    assert.equal(seen.json().email, email.toLowerCase());
    assert.equal(seen.json().displayName, '李网格员');

    assertError(await accept(token, 'short'), 400, 'COURTYARD_VALIDATION');
    const accepted = await accept(token, 'a long enough password');
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().email, email.toLowerCase());

    const signedIn = await signIn(app, email, 'a long enough password');
    assert.equal(signedIn.response.statusCode, 200);
    assert.equal(signedIn.response.json().staff.role, 'staff');

    // Single use.
    assertError(await accept(token, 'another long password'), 404, 'COURTYARD_NOT_FOUND');
    assertError(await lookup(token), 404, 'COURTYARD_NOT_FOUND');
    const listed = (await call('GET', `/admin/api/staff/${staff.id}`, adminCookie)).json();
    assert.equal(listed.active, true);
    assert.equal(listed.invitationPending, false);
    assert.deepEqual(await auditActions(staff.id), [
      'staff.invited',
      'staff.invitation_link_created',
      'staff.sign_in_failed',
      'staff.invitation_accepted',
      'staff.signed_in',
    ]);
  });

  it('refuses an expired link and a made-up one with the same 404', async () => {
    const { link, staff } = (await invite(`expiring-${Date.now()}@example.org`)).json();
    await app.db.execute(
      sql`update staff_links set expires_at = now() - interval '1 second' where staff_id = ${staff.id}`,
    );
    assertError(await lookup(tokenOf(link.url)), 404, 'COURTYARD_NOT_FOUND');
    assertError(await accept(tokenOf(link.url), 'a long enough password'), 404, 'COURTYARD_NOT_FOUND');
    assertError(await lookup('A'.repeat(43)), 404, 'COURTYARD_NOT_FOUND');
    assertError(await lookup('not a token'), 400, 'COURTYARD_VALIDATION');
    assertError(
      await call('POST', '/admin/api/staff-links/accept', undefined, {
        token: 'A'.repeat(43),
        password: 'x'.repeat(12),
        more: 1,
      }),
      400,
      'COURTYARD_VALIDATION',
    );
  });

  it('reissuing an invitation retires the earlier link', async () => {
    const first = (await invite(`reissued-${Date.now()}@example.org`)).json();
    const second = await call('POST', `/admin/api/staff/${first.staff.id}/invitation`, adminCookie);
    assert.equal(second.statusCode, 201, second.body);
    assertError(await lookup(tokenOf(first.link.url)), 404, 'COURTYARD_NOT_FOUND');
    assert.equal((await lookup(tokenOf(second.json().link.url))).statusCode, 200);
    // Once accepted, there is nothing to reissue.
    assert.equal((await accept(tokenOf(second.json().link.url), 'a long enough password')).statusCode, 200);
    assertError(
      await call('POST', `/admin/api/staff/${first.staff.id}/invitation`, adminCookie),
      409,
      'COURTYARD_CONFLICT',
    );
  });

  it('refuses an email that already has an account with a 409, writing nothing', async () => {
    const existing = await makeStaff(app.db, communityId);
    assertError(await invite(existing.email.toUpperCase()), 409, 'COURTYARD_CONFLICT');
    assertError(await invite('not-an-email'), 400, 'COURTYARD_VALIDATION');
    assertError(
      await call('POST', '/admin/api/staff/invitations', adminCookie, {
        email: 'x@example.org',
        displayName: 'x',
        role: 'owner',
      }),
      400,
      'COURTYARD_VALIDATION',
    );
    const count = rows<{ n: number }>(
      await app.db.execute(sql`select count(*)::int as n from staff_users where email = 'x@example.org'`),
    );
    assert.equal(Number(count[0]?.n), 0);
  });

  it('a reset link sets a new password and ends the sessions made with the old one', async () => {
    const member = await makeStaff(app.db, communityId);
    const { cookie } = await signIn(app, member.email, member.password);
    const created = await call('POST', `/admin/api/staff/${member.id}/password-reset`, adminCookie);
    assert.equal(created.statusCode, 201, created.body);
    const { link } = created.json();
    assert.match(link.url, /\/admin\/reset#[A-Za-z0-9_-]{43}$/);
    assert.equal((await lookup(tokenOf(link.url))).json().purpose, 'reset');
    assert.equal((await accept(tokenOf(link.url), 'my new password 2026')).statusCode, 200);
    assertError(await call('GET', '/admin/api/session', cookie), 401, 'COURTYARD_UNAUTHENTICATED');
    assertError((await signIn(app, member.email, member.password)).response, 401, 'COURTYARD_INVALID_CREDENTIALS');
    assert.equal((await signIn(app, member.email, 'my new password 2026')).response.statusCode, 200);
    assertError(await accept(tokenOf(link.url), 'my newer password 2026'), 404, 'COURTYARD_NOT_FOUND');
    const actions = await auditActions(member.id);
    assert.ok(actions.includes('staff.reset_link_created'), actions.join());
    assert.ok(actions.includes('staff.password_reset'), actions.join());
  });

  it('changes a role and deactivates (ending sessions and retiring links), audited with before and after', async () => {
    const member = await makeStaff(app.db, communityId);
    const { cookie } = await signIn(app, member.email, member.password);
    const reset = (await call('POST', `/admin/api/staff/${member.id}/password-reset`, adminCookie)).json();

    const promoted = await call('PATCH', `/admin/api/staff/${member.id}`, adminCookie, { role: 'admin' });
    assert.equal(promoted.statusCode, 200, promoted.body);
    assert.equal(promoted.json().role, 'admin');
    assert.equal((await call('GET', '/admin/api/session', cookie)).json().staff.role, 'admin');

    const deactivated = await call('PATCH', `/admin/api/staff/${member.id}`, adminCookie, { active: false });
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    assert.equal(deactivated.json().active, false);
    assertError(await call('GET', '/admin/api/session', cookie), 401, 'COURTYARD_UNAUTHENTICATED');
    assertError((await signIn(app, member.email, member.password)).response, 401, 'COURTYARD_INVALID_CREDENTIALS');
    assertError(await lookup(tokenOf(reset.link.url)), 404, 'COURTYARD_NOT_FOUND');
    assertError(
      await call('POST', `/admin/api/staff/${member.id}/password-reset`, adminCookie),
      409,
      'COURTYARD_CONFLICT',
    );

    const entries = rows<{ action: string; before: unknown; after: unknown }>(
      await app.db.execute(
        sql`select action, before, after from audit_log where subject_id = ${member.id} and action in ('staff.role_changed', 'staff.deactivated') order by id`,
      ),
    );
    assert.deepEqual(entries[0], { action: 'staff.role_changed', before: { role: 'staff' }, after: { role: 'admin' } });
    assert.equal(entries[1]?.action, 'staff.deactivated');
    assert.deepEqual(entries[1]?.before, { active: true });
    assert.equal((entries[1]?.after as { active: boolean } | undefined)?.active, false);

    const reactivated = await call('PATCH', `/admin/api/staff/${member.id}`, adminCookie, { active: true });
    assert.equal(reactivated.json().active, true);
    assert.equal((await signIn(app, member.email, member.password)).response.statusCode, 200);
  });

  it('does not let an admin demote or deactivate themselves', async () => {
    assertError(
      await call('PATCH', `/admin/api/staff/${adminId}`, adminCookie, { role: 'staff' }),
      409,
      'COURTYARD_CONFLICT',
    );
    assertError(
      await call('PATCH', `/admin/api/staff/${adminId}`, adminCookie, { active: false }),
      409,
      'COURTYARD_CONFLICT',
    );
    assertError(await call('PATCH', `/admin/api/staff/${adminId}`, adminCookie, {}), 400, 'COURTYARD_VALIDATION');
    assert.equal((await call('GET', '/admin/api/session', adminCookie)).json().staff.role, 'admin');
  });

  it('answers 403 to a staff-role member on every management route, changing nothing', async () => {
    const member = await makeStaff(app.db, communityId);
    const attempts = [
      () =>
        call('POST', '/admin/api/staff/invitations', staffCookie, {
          email: 'by-staff@example.org',
          displayName: 'x',
          role: 'admin',
        }),
      () => call('POST', `/admin/api/staff/${member.id}/invitation`, staffCookie),
      () => call('POST', `/admin/api/staff/${member.id}/password-reset`, staffCookie),
      () => call('PATCH', `/admin/api/staff/${member.id}`, staffCookie, { role: 'admin' }),
      () => call('PATCH', `/admin/api/staff/${member.id}`, staffCookie, { active: false }),
    ];
    for (const attempt of attempts) assertError(await attempt(), 403, 'COURTYARD_FORBIDDEN');
    const account = (await call('GET', `/admin/api/staff/${member.id}`, adminCookie)).json();
    assert.equal(account.role, 'staff');
    assert.equal(account.active, true);
    assert.deepEqual(await auditActions(member.id), []);
  });

  it("answers 404 for another community's staff, changing nothing", async () => {
    const elsewhere = await makeCommunity(app.db);
    const outsider = await makeStaff(app.db, elsewhere.id);
    for (const attempt of [
      () => call('POST', `/admin/api/staff/${outsider.id}/invitation`, adminCookie),
      () => call('POST', `/admin/api/staff/${outsider.id}/password-reset`, adminCookie),
      () => call('PATCH', `/admin/api/staff/${outsider.id}`, adminCookie, { active: false }),
    ]) {
      assertError(await attempt(), 404, 'COURTYARD_NOT_FOUND');
    }
    assert.equal((await signIn(app, outsider.email, outsider.password)).response.statusCode, 200);
  });

  it('refuses cross-site writes, including on the public link routes', async () => {
    const member = await makeStaff(app.db, communityId);
    const crossSite = await app.inject({
      method: 'PATCH',
      url: `/admin/api/staff/${member.id}`,
      headers: { cookie: adminCookie, ...json, 'sec-fetch-site': 'cross-site' },
      payload: JSON.stringify({ active: false }),
    });
    assertError(crossSite, 403, 'COURTYARD_CROSS_SITE_REQUEST');
    const { link } = (await invite(`csrf-${Date.now()}@example.org`)).json();
    const forged = await app.inject({
      method: 'POST',
      url: '/admin/api/staff-links/accept',
      headers: { ...json, origin: 'https://evil.example' },
      payload: JSON.stringify({ token: tokenOf(link.url), password: 'attacker password' }),
    });
    assertError(forged, 403, 'COURTYARD_CROSS_SITE_REQUEST');
    assert.equal((await lookup(tokenOf(link.url))).statusCode, 200);
    assert.equal((await call('GET', `/admin/api/staff/${member.id}`, adminCookie)).json().active, true);
  });
});
