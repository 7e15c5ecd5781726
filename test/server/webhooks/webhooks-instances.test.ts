// Deliveries across restarts and instances: queued in the database, claimed once per attempt.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../packages/server/src/db/database.js';
import { claimDueDeliveries } from '../../../packages/server/src/repositories/webhook-deliveries.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { submit } from '../../support/suggestion-fixtures.js';
import { attemptsOf, deliveriesOf, makeEndpoint, settled } from '../../support/webhook-fixtures.js';
import { type Receiver, startReceiver, verified, webhookTestEnv } from '../../support/webhook-receiver.js';

// Every submission here comes from one address: past the soft rate limit it would be spam, which is not announced.
const env = { ...webhookTestEnv, COURTYARD_RATE_IP_SOFT: '1000', COURTYARD_RATE_IP_HARD: '2000' };

describe('webhook deliveries across restarts and instances', () => {
  let first: TestApp;
  let receiver: Receiver;
  let communityId: string;
  let siteKey: string;

  before(async () => {
    receiver = await startReceiver();
    first = await buildTestApp({ env });
    const { community, site } = await createCommunityWithSite(first.app.db);
    communityId = community.id;
    siteKey = site.siteKey;
  });
  beforeEach(async () => {
    // Each test hears only its own endpoint.
    await first.app.db.execute(sql`update webhook_endpoints set enabled = false`);
  });
  after(async () => {
    await first.close();
    await first.testDatabase.dispose();
    await receiver.close();
  });

  /** Another instance on the same database (its own connection pool on PostgreSQL). */
  async function secondInstance(): Promise<TestApp & { release(): Promise<void> }> {
    const url = first.testDatabase.url;
    const database = url
      ? await openDatabase({ driver: 'postgres', url, maxConnections: 5 })
      : first.testDatabase.database;
    const instance = await buildTestApp({
      env,
      testDatabase: { database, url, dispose: async () => {} },
    });
    return {
      ...instance,
      release: async () => {
        await instance.close();
        if (url) await database.close();
      },
    };
  }

  it('delivers what was queued before a restart: nothing is lost while no worker runs', async () => {
    const hook = await makeEndpoint(first.app.db, {
      communityId,
      url: receiver.url('/restart'),
      events: ['suggestion.created'],
    });
    await first.app.webhooks.stop();
    const ids: string[] = [];
    for (const text of ['一号楼漏雨', '二号楼漏雨', '三号楼漏雨']) {
      ids.push((await submit(first.app, siteKey, { text })).json().id);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.received.filter((request) => request.path === '/restart').length, 0, 'the worker is stopped');
    assert.equal((await deliveriesOf(first.app.db, hook.id)).length, 3, 'queued with the events');

    const restarted = await secondInstance();
    try {
      const rows = await settled(restarted.app, hook.id, 3);
      assert.ok(rows.every((row) => row.state === 'delivered'));
      const texts = receiver.received
        .filter((request) => request.path === '/restart')
        .map((request) => (verified(hook.secret, request).data as { suggestion: { id: string } }).suggestion.id);
      assert.deepEqual(new Set(texts), new Set(ids));
    } finally {
      await restarted.release();
    }
  });

  it('redelivers with the same webhook-id when an instance dies after claiming, once its lease ends', async () => {
    const hook = await makeEndpoint(first.app.db, {
      communityId,
      url: receiver.url('/crash'),
      events: ['suggestion.created'],
    });
    // No running worker: this instance "crashes" right after its claim, before sending anything.
    await submit(first.app, siteKey, { text: '消防通道被占' });
    const [claimed] = await claimDueDeliveries(first.app.db, 10, 800);
    assert.equal(claimed?.endpoint.id, hook.id);
    assert.equal(claimed?.delivery.attempts, 1);

    const survivor = await secondInstance();
    try {
      const early = await deliveriesOf(survivor.app.db, hook.id);
      assert.equal(early[0]?.state, 'pending', 'held by the dead claim until its lease ends');
      const [delivery] = await settled(survivor.app, hook.id, 1);
      assert.equal(delivery?.state, 'delivered');
      assert.equal(delivery?.attempts, 2);
      const requests = receiver.received.filter((request) => request.path === '/crash');
      assert.equal(requests.length, 1);
      assert.equal(requests[0]?.headers['webhook-id'], claimed?.delivery.id);
      assert.deepEqual(
        (await attemptsOf(survivor.app.db, delivery!.id)).map((entry) => [entry.attempt, entry.statusCode]),
        [[2, 200]],
      );
    } finally {
      await survivor.release();
    }
  });

  it('two instances never send one delivery twice in the same attempt', async () => {
    const hook = await makeEndpoint(first.app.db, {
      communityId,
      url: receiver.url('/pair'),
      events: ['suggestion.created'],
    });
    receiver.fallback = { status: 200, body: 'ok', delayMs: 30 };
    const a = await secondInstance();
    const b = await secondInstance();
    try {
      for (let i = 0; i < 16; i++) await submit(a.app, siteKey, { text: `第${i}条：楼道需要清扫` });
      const rows = await settled(a.app, hook.id, 16, 60_000);
      assert.ok(rows.every((row) => row.state === 'delivered'));
      const requests = receiver.received.filter((request) => request.path === '/pair');
      const perId = new Map<string, number>();
      for (const request of requests) {
        const id = String(request.headers['webhook-id']);
        perId.set(id, (perId.get(id) ?? 0) + 1);
      }
      assert.equal(perId.size, 16);
      // A repeat is only allowed as a later attempt (a timeout on a slow machine), never the same attempt twice.
      for (const row of rows) assert.equal(perId.get(row.id), row.attempts, `${row.id}: one request per attempt`);
    } finally {
      receiver.fallback = { status: 200, body: 'ok' };
      await a.release();
      await b.release();
    }
  });

  it('hands out each due row to one claimer when claims race', async () => {
    const hook = await makeEndpoint(first.app.db, {
      communityId,
      url: receiver.url('/race'),
      events: ['suggestion.created'],
    });
    const url = first.testDatabase.url;
    const other = url
      ? await openDatabase({ driver: 'postgres', url, maxConnections: 5 })
      : first.testDatabase.database;
    try {
      for (let i = 0; i < 12; i++) await submit(first.app, siteKey, { text: `争抢测试 ${i}` });
      const [left, right] = await Promise.all([
        claimDueDeliveries(first.app.db, 50, 60_000),
        claimDueDeliveries(other.db, 50, 60_000),
      ]);
      const mine = (claims: typeof left) =>
        claims.filter((claim) => claim.endpoint.id === hook.id).map((c) => c.delivery.id);
      const together = [...mine(left), ...mine(right)];
      assert.equal(together.length, 12);
      assert.equal(new Set(together).size, 12, 'no row claimed by both');
    } finally {
      if (url) await other.close();
    }
  });
});
