// Staff emails are unique within a community, not across them. One community's admin inviting an email learns
// nothing about other communities (the answer is exactly that for a fresh email); a person serving two
// communities has two accounts, and their password picks the community — or they choose when it opens both.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { runCli } from '../../../packages/server/src/cli/run.js';
import type { Community } from '../../../packages/server/src/repositories/communities.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { rows } from '../../support/database.js';
import { makeCommunity, makeStaff, signIn } from '../../support/staff-fixtures.js';

const MAX_FAILURES = 3;
const json = { 'content-type': 'application/json' };

/** A response with what differs between any two invitations (ids, the email, times, the token) blanked. */
function shapeOf(response: LightMyRequestResponse, email: string) {
  const text = response.body
    .replaceAll(email, '<email>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .replace(/#[A-Za-z0-9_-]{43}/, '#<token>');
  const headers = Object.keys(response.headers)
    .filter((name) => !['date', 'x-request-id', 'content-length'].includes(name))
    .sort();
  return { status: response.statusCode, headers, body: JSON.parse(text) };
}

describe('the same email in two communities', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let north: Community;
  let south: Community;
  let northAdminCookie: string;
  let southAdminCookie: string;

  const post = (url: string, cookie: string | undefined, body: unknown) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...json, ...(cookie ? { cookie } : {}) },
      payload: JSON.stringify(body),
    });
  const invite = (cookie: string, email: string) =>
    post('/admin/api/staff/invitations', cookie, { email, displayName: '李网格员', role: 'staff' });
  const accept = (token: string, password: string) =>
    post('/admin/api/staff-links/accept', undefined, { token, password });
  const signInTo = (email: string, password: string, community?: string) =>
    post('/admin/api/session', undefined, community ? { email, password, community } : { email, password });

  /** Invites `email` into a community and accepts the link with `password`; answers the account id. */
  async function joined(cookie: string, email: string, password: string): Promise<string> {
    const invited = await invite(cookie, email);
    assert.equal(invited.statusCode, 201, invited.body);
    const accepted = await accept(new URL(invited.json().link.url).hash.slice(1), password);
    assert.equal(accepted.statusCode, 200, accepted.body);
    return invited.json().staff.id;
  }

  const failedLogins = async (id: string) =>
    Number(
      rows<{ n: number }>(await app.db.execute(sql`select failed_logins as n from staff_users where id = ${id}`))[0]?.n,
    );

  before(async () => {
    harness = await buildTestApp({
      env: { COURTYARD_LOGIN_MAX_FAILURES: String(MAX_FAILURES), COURTYARD_RATE_LOGIN_IP: '100000' },
    });
    app = harness.app;
    north = await makeCommunity(app.db);
    south = await makeCommunity(app.db);
    const northAdmin = await makeStaff(app.db, north.id, { role: 'admin' });
    const southAdmin = await makeStaff(app.db, south.id, { role: 'admin' });
    northAdminCookie = (await signIn(app, northAdmin.email, northAdmin.password)).cookie;
    southAdminCookie = (await signIn(app, southAdmin.email, southAdmin.password)).cookie;
  });
  after(() => harness.close());

  const email = () => `person-${randomBytes(4).toString('hex')}@example.org`;

  it("answers an invitation of another community's staff member exactly as one for a fresh email", async () => {
    const theirs = email();
    await makeStaff(app.db, south.id, { email: theirs });
    const fresh = email();
    const known = await invite(northAdminCookie, theirs);
    const unknown = await invite(northAdminCookie, fresh);
    assert.equal(known.statusCode, 201, known.body);
    assert.deepEqual(shapeOf(known, theirs), shapeOf(unknown, fresh));
    assert.equal(known.json().staff.active, false);
    assert.equal(known.json().staff.lastLoginAt, null, 'nothing of the other account shows');

    // The link shows this community and the name this admin gave, nothing of the other account.
    const token = new URL(known.json().link.url).hash.slice(1);
    const lookup = await post('/admin/api/staff-links/lookup', undefined, { token });
    assert.deepEqual(lookup.json().community.names, north.names);
    assert.equal(lookup.json().displayName, '李网格员');

    // North's staff list holds its own account only; south's is unchanged.
    const listed = (
      await app.inject({ url: '/admin/api/staff?limit=200', headers: { cookie: northAdminCookie } })
    ).json();
    assert.equal(listed.items.filter((account: { email: string }) => account.email === theirs).length, 1);
    const southList = (
      await app.inject({ url: '/admin/api/staff?limit=200', headers: { cookie: southAdminCookie } })
    ).json();
    const southAccount = southList.items.find((account: { email: string }) => account.email === theirs);
    assert.equal(southAccount.active, true);
    assert.notEqual(southAccount.id, known.json().staff.id);
  });

  it('refuses an email already on the staff of the same community with a 409, as before', async () => {
    const ours = email();
    assert.equal((await invite(northAdminCookie, ours)).statusCode, 201);
    const again = await invite(northAdminCookie, ours.toUpperCase());
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'COURTYARD_CONFLICT');
  });

  it('signs a person with two passwords in to the community whose password they give', async () => {
    const person = email();
    const northId = await joined(northAdminCookie, person, 'north password one');
    const southId = await joined(southAdminCookie, person, 'south password two');
    const toNorth = await signInTo(person, 'north password one');
    assert.equal(toNorth.statusCode, 200, toNorth.body);
    assert.equal(toNorth.json().staff.id, northId);
    assert.equal(toNorth.json().staff.community.slug, north.slug);
    const toSouth = await signInTo(person, 'south password two');
    assert.equal(toSouth.json().staff.id, southId);

    // A password that opens one account is no guess at the other: signing in often locks nothing.
    for (let round = 0; round < MAX_FAILURES + 2; round++) {
      assert.equal((await signInTo(person, 'north password one')).statusCode, 200);
    }
    assert.equal(await failedLogins(southId), 0);
    assert.equal((await signInTo(person, 'south password two')).statusCode, 200);

    // A wrong password counts against both accounts.
    assert.equal((await signInTo(person, 'neither password')).statusCode, 401);
    assert.equal(await failedLogins(northId), 1);
    assert.equal(await failedLogins(southId), 1);
  });

  it('asks which community when one password opens both, and signs in to the one named', async () => {
    const person = email();
    const northId = await joined(northAdminCookie, person, 'the same password');
    const southId = await joined(southAdminCookie, person, 'the same password');
    const choice = await signInTo(person, 'the same password');
    assert.equal(choice.statusCode, 200, choice.body);
    assert.equal(choice.headers['set-cookie'], undefined, 'no session yet');
    const expected = [north, south]
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map((community) => ({ slug: community.slug, names: community.names }));
    assert.deepEqual(choice.json(), { communities: expected });

    const toSouth = await signInTo(person, 'the same password', south.slug);
    assert.equal(toSouth.statusCode, 200, toSouth.body);
    assert.equal(toSouth.json().staff.id, southId);
    assert.match(String(toSouth.headers['set-cookie']), /courtyard_session=/);
    assert.equal((await signInTo(person, 'the same password', north.slug)).json().staff.id, northId);
  });

  it('answers a community the email has no account in like a wrong password', async () => {
    const person = email();
    await joined(northAdminCookie, person, 'north password one');
    const elsewhere = await signInTo(person, 'north password one', south.slug);
    const nowhere = await signInTo(person, 'north password one', 'no-such-community');
    const wrong = await signInTo(person, 'not the password');
    for (const response of [elsewhere, nowhere]) {
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), wrong.json());
    }
  });

  it('keeps a lock on one account from locking the person out of the other', async () => {
    const person = email();
    const northId = await joined(northAdminCookie, person, 'north password one');
    await joined(southAdminCookie, person, 'south password two');
    for (let round = 0; round < MAX_FAILURES; round++) await signInTo(person, 'a guess', south.slug);
    const locked = await signInTo(person, 'south password two');
    assert.equal(locked.statusCode, 429, 'the locked account says so');
    const open = await signInTo(person, 'north password one');
    assert.equal(open.statusCode, 200, open.body);
    assert.equal(open.json().staff.id, northId);
  });

  it('makes the CLI name the community when an email has accounts in several', async () => {
    const person = email();
    await joined(northAdminCookie, person, 'north password one');
    await joined(southAdminCookie, person, 'south password two');
    const run = async (args: string[]) => {
      const output: string[] = [];
      const code = await runCli(args, {
        env: {},
        stdout: (line) => output.push(line),
        stderr: (line) => output.push(line),
        database: harness.testDatabase.database,
      });
      return { code, output: output.join('\n') };
    };
    const ambiguous = await run(['staff', 'reset-password', '--email', person, '--password', 'cli password 123']);
    assert.equal(ambiguous.code, 1);
    assert.match(
      ambiguous.output,
      new RegExp(`has an account in several communities \\(.*${south.slug}.*\\): add --community`),
    );
    const named = await run([
      'staff',
      'reset-password',
      '--email',
      person,
      '--community',
      south.slug,
      '--password',
      'cli password 123',
    ]);
    assert.equal(named.code, 0, named.output);
    assert.equal((await signInTo(person, 'cli password 123')).json().staff.community.slug, south.slug);
    assert.equal((await signInTo(person, 'north password one')).json().staff.community.slug, north.slug);
    const created = await run([
      'staff',
      'create',
      '--community',
      north.slug,
      '--email',
      email(),
      '--name',
      '赵工',
      '--password',
      'a cli staff password',
    ]);
    assert.equal(created.code, 0, created.output);
  });
});
