import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../packages/server/src/db/database.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';

describe('the service core', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());

  it(`boots on ${usingPostgres ? 'PostgreSQL' : 'PGlite'} and reports that the database answers`, async () => {
    assert.equal(harness.app.database.driver, usingPostgres ? 'postgres' : 'pglite');
    const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ok' });
    const health = await harness.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/no/such/thing' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
  });

  it('gives every response a request id', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(response.headers['x-request-id']), /^[\w-]{8,}$/);
  });

  it('stores Chinese text as characters, not bytes', async () => {
    const result = await harness.app.db.execute(sql`select char_length('三号楼电梯坏了') as length`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { length: number }[];
    assert.equal(Number(rows[0]?.length), 7);
  });
});

describe('migrations', () => {
  it('apply at boot and are idempotent across restarts', async (t) => {
    if (usingPostgres) {
      const { createTestDatabase } = await import('../../support/database.js');
      const first = await createTestDatabase();
      try {
        const again = await openDatabase({ driver: 'postgres', url: first.url as string });
        const third = await openDatabase({ driver: 'postgres', url: first.url as string });
        // Two instances starting together: the advisory lock makes them take turns.
        await Promise.all([again.migrate(), third.migrate()]);
        await again.close();
        await third.close();
      } finally {
        await first.dispose();
      }
      return;
    }
    const dataDir = join(await mkdtemp(join(tmpdir(), 'courtyard-migrate-')), 'nested', 'data');
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const first = await openDatabase({ driver: 'pglite', dataDir });
    await first.migrate();
    await first.db.execute(sql`insert into communities (slug, names) values ('kept', '{"en":"Kept"}')`);
    await first.close();
    const second = await openDatabase({ driver: 'pglite', dataDir });
    await second.migrate();
    const result = await second.db.execute(sql`select slug from communities`);
    await second.close();
    const rows = (result as unknown as { rows: { slug: string }[] }).rows;
    assert.deepEqual(
      rows.map((row) => row.slug),
      ['kept'],
    );
  });
});

describe('readiness', () => {
  it('answers 503 while the database does not answer, and /healthz stays 200', async () => {
    const harness = await buildTestApp();
    try {
      await harness.testDatabase.database.close();
      const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.deepEqual(ready.json(), { status: 'unavailable' });
      const health = await harness.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
    } finally {
      await harness.close();
    }
  });
});
