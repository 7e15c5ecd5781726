// The scheduled jobs' shared pieces: runOnce (one instance per round, by a transaction-scoped advisory lock)
// and every (the in-process timer: no overlapping rounds, none after close).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { idempotencyKeys } from '../../../packages/server/src/db/schema.js';
import { every, JobLocks, runOnce } from '../../../packages/server/src/jobs/run-once.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';
import { createCommunityWithSite } from '../../support/fixtures.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runOnce', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());
  const db = () => harness.app.db;

  it('gives every job its own lock key', () => {
    const keys = Object.values(JobLocks);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('commits the work and returns its result; a failed round rolls back and frees the lock', async () => {
    const { site } = await createCommunityWithSite(db());
    const keyRow = (key: string) => ({ siteId: site.id, key, requestHash: 'x', statusCode: 201, responseBody: {} });
    const kept = randomUUID();
    const lost = randomUUID();
    assert.deepEqual(
      await runOnce(db(), JobLocks.idempotencyPurge, async (tx) => {
        await tx.insert(idempotencyKeys).values(keyRow(kept));
        return 'done';
      }),
      { ran: true, result: 'done' },
    );
    await assert.rejects(
      runOnce(db(), JobLocks.idempotencyPurge, async (tx) => {
        await tx.insert(idempotencyKeys).values(keyRow(lost));
        throw new Error('the round failed');
      }),
      /the round failed/,
    );
    const stored = await db()
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.siteId, site.id));
    assert.deepEqual(stored, [{ key: kept }]);
    assert.deepEqual(await runOnce(db(), JobLocks.idempotencyPurge, async () => 'next'), { ran: true, result: 'next' });
  });

  it('skips the work while another instance holds the lock (PostgreSQL)', { skip: !usingPostgres }, async () => {
    let called = false;
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${JobLocks.webhookDeliveryPurge}::bigint)`);
      const run = await runOnce(db(), JobLocks.webhookDeliveryPurge, async () => {
        called = true;
      });
      assert.deepEqual(run, { ran: false });
    });
    assert.equal(called, false);
    // Another job's lock does not stand in the way.
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${JobLocks.webhookDeliveryPurge}::bigint)`);
      assert.deepEqual(await runOnce(db(), JobLocks.idempotencyPurge, async () => 1), { ran: true, result: 1 });
    });
  });
});

describe('every', () => {
  it('does not start a round while the last one still runs, and none after the app closes', async () => {
    const app = Fastify({ logger: false });
    let started = 0;
    let running = 0;
    let overlapped = false;
    every(app, 'test', 10, async () => {
      started++;
      running++;
      overlapped ||= running > 1;
      await sleep(60);
      running--;
    });
    await app.ready();
    await sleep(250);
    await app.close();
    const atClose = started;
    assert.ok(atClose >= 2 && atClose <= 6, `started ${atClose} rounds`);
    assert.equal(overlapped, false);
    assert.equal(running, 0, 'close waits for the round in flight');
    await sleep(100);
    assert.equal(started, atClose);
  });

  it('logs a failed round and runs the next one', async () => {
    const warnings: string[] = [];
    const app = Fastify({ logger: false });
    app.log.warn = ((_object: unknown, message: string) => warnings.push(message)) as never;
    let rounds = 0;
    every(app, 'flaky', 10, async () => {
      rounds++;
      if (rounds === 1) throw new Error('database away');
    });
    await app.ready();
    const deadline = Date.now() + 5000;
    while (rounds < 2 && Date.now() < deadline) await sleep(10);
    await app.close();
    assert.ok(rounds >= 2);
    assert.deepEqual(warnings.slice(0, 1), ['scheduled job flaky failed']);
  });
});
