import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../../../packages/server/src/db/schema.js';
import { purgeIdempotencyKeys } from '../../../packages/server/src/jobs/idempotency-purge.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';
import { countBuildings, FIXTURE_WRITE_URL, registerFixtureWriteRoute } from '../../support/fixture-write-route.js';
import { createCommunityWithSite } from '../../support/fixtures.js';

type TestSite = Awaited<ReturnType<typeof createCommunityWithSite>>['site'];

describe('idempotent public writes', () => {
  let harness: TestApp;
  let site: TestSite;
  const post = (body: unknown, key?: string) =>
    harness.app.inject({
      method: 'POST',
      url: FIXTURE_WRITE_URL(site.siteKey),
      headers: key === undefined ? {} : { 'idempotency-key': key },
      payload: body as object,
    });
  const storedKeys = async (key: string) =>
    harness.app.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.siteId, site.id), eq(idempotencyKeys.key, key)));

  before(async () => {
    harness = await buildTestApp({ beforeReady: registerFixtureWriteRoute });
    site = (await createCommunityWithSite(harness.app.db)).site;
  });
  after(() => harness.close());

  it('refuses a write without an Idempotency-Key, or with one that is not a UUID', async () => {
    for (const key of [undefined, '', 'not-a-uuid', `${randomUUID()}x`]) {
      const response = await post({ name: '一号楼' }, key);
      assert.equal(response.statusCode, 400, `key ${key}`);
      assert.equal(response.json().error.code, 'COURTYARD_IDEMPOTENCY_KEY_REQUIRED');
    }
    assert.equal(await countBuildings(harness.app, site.communityId, '一号楼'), 0);
  });

  it('writes once and answers a retry with the first response, marked as replayed', async () => {
    const key = randomUUID();
    const first = await post({ name: '二号楼' }, key);
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await post({ name: '二号楼' }, key);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    // Key case and JSON key order do not make it another request.
    const reordered = await harness.app.inject({
      method: 'POST',
      url: FIXTURE_WRITE_URL(site.siteKey),
      headers: { 'idempotency-key': key.toUpperCase(), 'content-type': 'application/json' },
      payload: '{ "name": "二号楼" }',
    });
    assert.equal(reordered.statusCode, 201);
    assert.deepEqual(reordered.json(), first.json());
    assert.equal(await countBuildings(harness.app, site.communityId, '二号楼'), 1);
    assert.equal((await storedKeys(key)).length, 1);
  });

  it('answers 422 when a key is reused for a different request, and writes nothing', async () => {
    const key = randomUUID();
    assert.equal((await post({ name: '三号楼' }, key)).statusCode, 201);
    const reused = await post({ name: '四号楼' }, key);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'COURTYARD_IDEMPOTENCY_KEY_REUSED');
    assert.equal(await countBuildings(harness.app, site.communityId, '四号楼'), 0);
  });

  it('scopes keys by site: another site may use the same key for its own write', async () => {
    const other = (await createCommunityWithSite(harness.app.db)).site;
    const key = randomUUID();
    assert.equal((await post({ name: '五号楼' }, key)).statusCode, 201);
    const elsewhere = await harness.app.inject({
      method: 'POST',
      url: FIXTURE_WRITE_URL(other.siteKey),
      headers: { 'idempotency-key': key },
      payload: { name: '五号楼' },
    });
    assert.equal(elsewhere.statusCode, 201);
    assert.equal(elsewhere.headers['idempotent-replayed'], undefined);
    assert.equal(await countBuildings(harness.app, other.communityId, '五号楼'), 1);
  });

  it('keeps no key and nothing half-written when the write fails, so a retry runs again', async () => {
    const key = randomUUID();
    const failed = await post({ name: '六号楼', failAfterInsert: true }, key);
    assert.equal(failed.statusCode, 400);
    assert.equal(failed.json().error.code, 'COURTYARD_VALIDATION');
    assert.equal(await countBuildings(harness.app, site.communityId, '六号楼'), 0);
    assert.equal((await storedKeys(key)).length, 0);
    // The failed attempt left the key free: the corrected retry is written, not refused as a reuse.
    const retried = await post({ name: '六号楼' }, key);
    assert.equal(retried.statusCode, 201);
    assert.equal(retried.headers['idempotent-replayed'], undefined);
    assert.equal(await countBuildings(harness.app, site.communityId, '六号楼'), 1);
  });

  it('answers 409 to a request whose key is still in flight', {
    skip: usingPostgres ? false : 'PGlite is one connection: a duplicate waits for the first and replays it',
  }, async () => {
    const key = randomUUID();
    const slow = post({ name: '七号楼', holdMs: 1500 }, key);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const duplicate = await post({ name: '七号楼', holdMs: 1500 }, key);
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().error.code, 'COURTYARD_IDEMPOTENCY_IN_FLIGHT');
    assert.equal(duplicate.headers['retry-after'], '1');
    assert.equal((await slow).statusCode, 201);
    const later = await post({ name: '七号楼', holdMs: 1500 }, key);
    assert.equal(later.headers['idempotent-replayed'], 'true');
    assert.equal(await countBuildings(harness.app, site.communityId, '七号楼'), 1);
  });

  it('replays instead of writing twice when duplicates arrive together', async () => {
    const key = randomUUID();
    const responses = await Promise.all([1, 2, 3].map(() => post({ name: '八号楼', holdMs: 100 }, key)));
    const statuses = responses.map((response) => response.statusCode).sort();
    // PostgreSQL tells concurrent duplicates they are in flight; PGlite serialises them into replays.
    for (const status of statuses) assert.ok(status === 201 || status === 409, `status ${status}`);
    assert.ok(statuses.includes(201));
    assert.equal(await countBuildings(harness.app, site.communityId, '八号楼'), 1);
  });

  it('purges keys older than the retention period', async () => {
    const key = randomUUID();
    assert.equal((await post({ name: '九号楼' }, key)).statusCode, 201);
    await harness.app.db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 49 * 3600_000) })
      .where(eq(idempotencyKeys.key, key));
    assert.ok((await purgeIdempotencyKeys(harness.app.db)) >= 1);
    assert.equal((await storedKeys(key)).length, 0);
    const recent = await harness.app.db.select().from(idempotencyKeys);
    assert.ok(recent.length > 0, 'recent keys are kept');
  });
});
