// Two Courtyard instances on one machine sharing one PostgreSQL (and Redis for rate limits), as behind a
// load balancer: live updates cross instances, a staff session works on both, rate limits are shared, and
// the scheduled jobs (on short intervals here) do each piece of work once between them.
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
import type { ProofOfWorkChallenge } from '@courtyard/protocol';
import postgres from 'postgres';
import { proofHeader, solveChallenge } from '../../packages/widgets/src/api/proof-of-work.js';
import { createPostgresDatabase, type ThrowawayDatabase } from '../support/postgres-database.js';
import { connectSse, type SseMessage } from '../support/sse-client.js';
import { type Receiver, startReceiver, verified } from '../support/webhook-receiver.js';
import { ADMIN_EMAIL, type RunningServer, signInAsAdmin, startServer } from './support/server.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const skip = !process.env.DATABASE_URL
  ? 'runs in the PostgreSQL pass'
  : !hasRedis && !process.env.CI
    ? 'needs redis-server (apt-get install -y redis-server)'
    : false;
const WRITE_LIMIT = 6;
/** Public writes this file has already made from this address (they count against the same limit). */
let writesSoFar = 0;
/** Both instances run each scheduled job this often, so they meet on every round. */
const JOB_EVERY_MS = 50;
const POLLS_CLOSING = 30;

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
  let receiver: Receiver;
  let sqlClient: postgres.Sql;
  let cookie: string;

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
    receiver = await startReceiver();
    const env = {
      COURTYARD_POLL_ANNOUNCE_EVERY_MS: String(JOB_EVERY_MS),
      COURTYARD_RETENTION_EVERY_MS: String(JOB_EVERY_MS),
      COURTYARD_PURGE_EVERY_MS: String(JOB_EVERY_MS),
      COURTYARD_WEBHOOKS_ALLOW_PRIVATE: 'true',
      COURTYARD_WEBHOOKS_POLL_MS: '100',
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
    sqlClient = postgres(database.url, { max: 1, onnotice: () => {} });
    cookie = await signInAsAdmin(a.url);
  });

  after(async () => {
    await sqlClient?.end();
    await receiver?.close();
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
    const cookie = await signInAsAdmin(a.url);
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

  /** A staff request with the admin's session, through the given instance. */
  const staff = async (server: RunningServer, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/admin/api${path}`, {
      method,
      headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    assert.ok(response.status < 300, `${method} ${path} → ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nA:\n${a.output()}\nB:\n${b.output()}`);
      await sleep(50);
    }
  };

  it('announces polls whose closing time passes once each, with both instances running the job', async () => {
    const hook = await staff(a, 'POST', '/webhooks', {
      name: '楼长群',
      url: receiver.url('/poll-closed'),
      events: ['poll.closed'],
    });
    const closesAt = new Date(Date.now() + 3_600_000).toISOString();
    const pollIds: string[] = [];
    for (let i = 0; i < POLLS_CLOSING; i++) {
      const server = i % 2 === 0 ? a : b;
      const poll = await staff(server, 'POST', '/polls', {
        title: `是否更换${i + 1}号楼单元门禁？`,
        options: [{ label: '同意' }, { label: '不同意' }],
        closesAt,
      });
      pollIds.push(poll.id as string);
    }
    // All closing at one moment (by the database clock) make a round long enough for the other instance's
    // rounds to meet it: without the job's lock, this test sees announcements twice.
    await sqlClient`update polls set closes_at = now() + interval '300 milliseconds' where id in ${sqlClient(pollIds)}`;
    const received = () => receiver.received.filter((request) => request.path === '/poll-closed');
    await waitFor('the poll.closed deliveries', async () => received().length >= POLLS_CLOSING);
    // Many more rounds of both instances: none may announce a poll again.
    await sleep(JOB_EVERY_MS * 15);
    const events = await sqlClient`select topic from events where type = 'poll.closed' order by topic`;
    assert.deepEqual(
      events.map((row) => row.topic),
      pollIds.map((id) => `poll:${id}`).sort(),
    );
    const deliveries = await sqlClient`select state from webhook_deliveries where endpoint_id = ${hook.id as string}`;
    assert.deepEqual(
      deliveries.map((row) => row.state),
      Array(POLLS_CLOSING).fill('delivered'),
    );
    assert.equal(received().length, POLLS_CLOSING);
    const announced = received().map(
      (request) => verified(hook.secret as string, request) as { type: string; data: { poll: { id: string } } },
    );
    assert.ok(announced.every((payload) => payload.type === 'poll.closed'));
    assert.deepEqual(announced.map((payload) => payload.data.poll.id).sort(), [...pollIds].sort());
  });

  it('erases due contact details once, with both instances running the retention job', async () => {
    const submitted = await fetch(`${a.url}/api/v1/sites/demo/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: a.url },
      body: JSON.stringify({ text: '楼下路灯坏了，请尽快修理', phone: '13800138000' }),
    });
    writesSoFar++;
    assert.equal(submitted.status, 201, await submitted.clone().text());
    const { id } = (await submitted.json()) as { id: string };
    await staff(b, 'PATCH', `/suggestions/${id}`, { status: 'declined' });
    // Zero days: erased at the job's next round (on whichever instance takes it).
    await staff(a, 'PUT', '/retention-settings', { contactDays: 0, photoDays: 0 });
    const phoneOf = async () => (await sqlClient`select phone from suggestions where id = ${id}`)[0]?.phone;
    await waitFor('the retention job', async () => (await phoneOf()) === null);
    await sleep(JOB_EVERY_MS * 15);
    const audits = await sqlClient`select actor_type from audit_log
      where action = 'privacy.retention_erased' and after -> 'suggestionIds' ? ${id}`;
    assert.deepEqual(
      audits.map((row) => row.actor_type),
      ['system'],
    );
  });

  it('accepts a proof-of-work solution once across both instances (Redis)', async () => {
    const site = await staff(a, 'POST', '/sites', { siteKey: 'proof-two', name: 'Proof of work on two' });
    assert.equal((await staff(a, 'PUT', `/sites/${site.id}/proof-of-work`, { always: true })).proofOfWorkAlways, true);
    const send = (server: RunningServer, proof?: string) =>
      fetch(`${server.url}/api/v1/sites/proof-two/suggestions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          origin: server.url,
          ...(proof ? { 'courtyard-proof-of-work': proof } : {}),
        },
        body: JSON.stringify({ text: '两个实例：工作量证明只能用一次' }),
      });
    const asked = await send(a);
    assert.equal(asked.status, 428);
    const { challenge } = ((await asked.json()) as { error: { challenge: ProofOfWorkChallenge } }).error;
    const proof = proofHeader(challenge, await solveChallenge(challenge));
    const accepted = await send(b, proof);
    writesSoFar++;
    assert.equal(accepted.status, 201, await accepted.clone().text());
    const replayed = await send(a, proof);
    assert.equal(replayed.status, 428);
    assert.match(((await replayed.json()) as { error: { message: string } }).error.message, /already used/);
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
