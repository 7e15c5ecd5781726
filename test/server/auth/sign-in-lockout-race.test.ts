// The account lock against parallel guesses: many sign-ins fired at once, on one instance and on two instances
// with their own connections to one database, must not let a right password through once the wrong ones in
// the same burst are enough to engage the lock. On PostgreSQL the attempts really run in parallel (several
// connections); PGlite runs them one statement at a time on its one connection and must be just as correct.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Database, openDatabase } from '../../../packages/server/src/db/database.js';
import {
  reserveSignInAttempts,
  succeedSignInAttempt,
} from '../../../packages/server/src/repositories/sign-in-attempts.js';
import { buildTestApp, type TestApp, testAppWithCommunity } from '../../support/app.js';
import { rows, usingPostgres } from '../../support/database.js';
import { makeStaff } from '../../support/staff-fixtures.js';

const MAX_FAILURES = 5;
const env = { COURTYARD_LOGIN_MAX_FAILURES: String(MAX_FAILURES), COURTYARD_RATE_LOGIN_IP: '100000' };
const policy = { maxFailures: MAX_FAILURES, lockMs: 15 * 60_000 };

function attempt(app: FastifyInstance, email: string, password: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/admin/api/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
}

describe('the sign-in lock under parallel attempts', () => {
  let harness: TestApp;
  let second: { app: FastifyInstance; database: Database | undefined };
  let app: FastifyInstance;
  let communityId: string;

  before(async () => {
    ({ harness, app, communityId } = await testAppWithCommunity({ env }));
    // A second instance: on PostgreSQL with its own connection pool, as another process would have.
    const database = harness.testDatabase.url
      ? await openDatabase({ driver: 'postgres', url: harness.testDatabase.url, maxConnections: 5 })
      : undefined;
    const other = await buildTestApp({
      env,
      testDatabase: database
        ? { database, url: harness.testDatabase.url, dispose: () => database.close() }
        : harness.testDatabase,
    });
    second = { app: other.app, database };
  });
  after(async () => {
    await second.app.close();
    await second.database?.close();
    await harness.close();
  });

  /** Fires `wrong` wrong passwords and the right one (at `rightAt`) at once; answers the responses. */
  async function burst(apps: FastifyInstance[], email: string, password: string, wrong: number, rightAt: number) {
    const passwords = Array.from({ length: wrong }, (_, index) => `wrong password ${index}`);
    passwords.splice(rightAt, 0, password);
    return Promise.all(
      passwords.map((guess, index) => attempt(apps[index % apps.length] as FastifyInstance, email, guess)),
    );
  }

  async function assertNoSession(staffId: string, responses: LightMyRequestResponse[]) {
    const statuses = responses.map((response) => response.statusCode);
    assert.deepEqual(
      statuses.filter((status) => status !== 401 && status !== 429),
      [],
      `only 401 and 429: ${statuses.join(' ')}`,
    );
    assert.ok(statuses.includes(429), 'the lock engaged');
    assert.ok(
      responses.every((response) => response.headers['set-cookie'] === undefined),
      'no session cookie',
    );
    const [sessions] = rows<{ n: number }>(
      await app.db.execute(sql`select count(*)::int as n from staff_sessions where staff_id = ${staffId}`),
    );
    assert.equal(Number(sessions?.n), 0, 'no session in the database');
    const [account] = rows<{ locked: boolean }>(
      await app.db.execute(sql`select locked_until > now() as locked from staff_users where id = ${staffId}`),
    );
    assert.equal(account?.locked, true, 'the account is locked afterwards');
    const [checked] = rows<{ n: number }>(
      await app.db.execute(
        sql`select count(*)::int as n from audit_log where subject_id = ${staffId} and action = 'staff.sign_in_failed'`,
      ),
    );
    assert.ok(
      Number(checked?.n) <= MAX_FAILURES,
      `at most ${MAX_FAILURES} wrong passwords were checked: ${checked?.n}`,
    );
  }

  it(`gives no session to 25 parallel sign-ins, 24 wrong and 1 right, ${usingPostgres ? 'on PostgreSQL' : 'on PGlite'}`, async () => {
    const staff = await makeStaff(app.db, communityId);
    await assertNoSession(staff.id, await burst([app], staff.email, staff.password, 24, 12));
  });

  it('gives no session when the right password comes first and its check outlasts the lock', async () => {
    const staff = await makeStaff(app.db, communityId);
    await assertNoSession(staff.id, await burst([app], staff.email, staff.password, 24, 0));
  });

  it('holds across two instances sharing the database, each with its own connections', async () => {
    const staff = await makeStaff(app.db, communityId);
    await assertNoSession(staff.id, await burst([app, second.app], staff.email, staff.password, 24, 7));
  });

  it('refuses the session when the lock engages between the password check and the session', async () => {
    const staff = await makeStaff(app.db, communityId);
    // This attempt is counted and its password is being checked…
    assert.equal((await reserveSignInAttempts(app.db, [staff.id], policy)).get(staff.id), 0);
    // …while others fill the count and the next one engages the lock.
    let wait = 0;
    for (let round = 0; round < MAX_FAILURES && wait === 0; round++) {
      wait = (await reserveSignInAttempts(app.db, [staff.id], policy)).get(staff.id) ?? 0;
    }
    assert.ok(wait > 0, 'the lock engaged');
    assert.equal(await app.db.transaction((tx) => succeedSignInAttempt(tx, staff.id)), false);
  });

  it('still lets the right password in after fewer failures than the limit, one at a time', async () => {
    const staff = await makeStaff(app.db, communityId);
    for (let round = 0; round < MAX_FAILURES - 1; round++) {
      assert.equal((await attempt(app, staff.email, 'wrong password')).statusCode, 401);
    }
    const signedIn = await attempt(app, staff.email, staff.password);
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.match(String(signedIn.headers['set-cookie']), /courtyard_session=/);
  });

  it('lets a few parallel sign-ins with the right password all in (a person with two tabs)', async () => {
    const staff = await makeStaff(app.db, communityId);
    const responses = await Promise.all(
      Array.from({ length: 3 }, (_, index) => attempt(index % 2 ? second.app : app, staff.email, staff.password)),
    );
    assert.deepEqual(
      responses.map((response) => response.statusCode),
      [200, 200, 200],
    );
  });
});
