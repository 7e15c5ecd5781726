// Two Courtyard instances on one machine sharing one PostgreSQL (and Redis for rate limits), as behind a
// load balancer: live updates cross instances, a staff session works on both, rate limits are shared.
// Runs in the PostgreSQL pass (DATABASE_URL set); needs Debian's redis-server (CI installs it).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresDatabase, type ThrowawayDatabase } from '../support/postgres-database.js';
import { connectSse, type SseMessage } from '../support/sse-client.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer, startServer } from './support/server.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const skip = !process.env.DATABASE_URL
  ? 'runs in the PostgreSQL pass'
  : !hasRedis && !process.env.CI
    ? 'needs redis-server (apt-get install -y redis-server)'
    : false;
const WRITE_LIMIT = 6;
/** Public writes this file has already made from this address (they count against the same limit). */
let writesSoFar = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('two instances, one database', { skip }, () => {
  let database: ThrowawayDatabase;
  let redis: ChildProcess;
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;

  before(async () => {
    database = await createPostgresDatabase(process.env.DATABASE_URL as string, 'two_instances');
    dir = await mkdtemp(join(tmpdir(), 'courtyard-two-'));
    const redisPort = await freePort();
    redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await sleep(300);
    const env = {
      COURTYARD_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      COURTYARD_RATE_IP_HARD: String(WRITE_LIMIT),
      COURTYARD_RATE_IP_SOFT: '1000',
      COURTYARD_RATE_SITE_SOFT: '1000',
      COURTYARD_RATE_SITE_HARD: '1000',
      COURTYARD_RATE_IP_READ: '1000',
    };
    // The first creates the schema and the demo community; the second finds both there.
    a = await startServer({
      storage: { dataDir: join(dir, 'a'), databaseUrl: database.url, dispose: async () => {} },
      env,
    });
    b = await startServer({
      storage: { dataDir: join(dir, 'b'), databaseUrl: database.url, dispose: async () => {} },
      env,
    });
  });

  after(async () => {
    await a?.stop();
    await b?.stop();
    redis?.kill('SIGTERM');
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers a vote cast through A to a page listening on B', async () => {
    const polls = (await (await fetch(`${a.url}/api/v1/sites/demo/polls`)).json()) as {
      items: { id: string; eligibility: string; options: { id: string; isOther: boolean }[] }[];
    };
    const poll = polls.items.find((item) => item.eligibility === 'device');
    assert.ok(poll);
    const stream = await connectSse(`${b.url}/api/v1/sites/demo/polls/${poll.id}/events`);
    try {
      await stream.next((message) => message.comments.includes('connected'));
      const voted = await fetch(`${a.url}/api/v1/sites/demo/polls/${poll.id}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: a.url },
        body: JSON.stringify({
          optionIds: [poll.options.find((o) => !o.isOther)!.id],
          voterToken: `two${randomUUID()}`,
        }),
      });
      writesSoFar++;
      assert.equal(voted.status, 201, await voted.text());
      const tally = await stream.next((message: SseMessage) => message.event === 'tally', 5000);
      assert.ok(tally.id && tally.data, 'the tally event carries its id and data');
    } finally {
      stream.close();
    }
  });

  it('accepts a staff session signed in on A when it is used on B, and its sign-out ends it on both', async () => {
    const signIn = await fetch(`${a.url}/admin/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: a.url },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    assert.equal(signIn.status, 200, await signIn.text());
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const onB = await fetch(`${b.url}/admin/api/session`, { headers: { cookie } });
    assert.equal(onB.status, 200);
    assert.equal(((await onB.json()) as { staff: { email: string } }).staff.email, ADMIN_EMAIL);
    const signOut = await fetch(`${b.url}/admin/api/session`, {
      method: 'DELETE',
      headers: { cookie, origin: b.url },
    });
    assert.equal(signOut.status, 204);
    assert.equal((await fetch(`${a.url}/admin/api/session`, { headers: { cookie } })).status, 401);
  });

  it('counts one client’s writes against one limit across both instances (Redis)', async () => {
    const statuses: number[] = [];
    const allowed = WRITE_LIMIT - writesSoFar;
    for (let i = 0; i < allowed + 2; i++) {
      const server = i % 2 === 0 ? a : b;
      const response = await fetch(`${server.url}/api/v1/sites/demo/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: server.url },
        body: JSON.stringify({ text: `两个实例共用限流 ${i}` }),
      });
      await response.text();
      statuses.push(response.status);
    }
    // Each instance alone saw at most WRITE_LIMIT/2 + 1 writes: without the shared store none would be refused.
    assert.deepEqual(statuses.slice(0, allowed), Array(allowed).fill(201), statuses.join(','));
    assert.deepEqual(statuses.slice(allowed), [429, 429], statuses.join(','));
  });
});
