import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp, type TestApp } from '../../support/app.js';

describe('the demo notices: the night the pipe burst', () => {
  let harness: TestApp;
  const buildingIds: Record<string, string> = {};
  before(async () => {
    harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'demo password for tests' } });
    await seedIfEmpty(harness.app, () => {});
    const result = (await harness.app.db.execute(sql`select id, name from buildings`)) as unknown;
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      id: string;
      name: string;
    }[];
    for (const row of rows) buildingIds[row.name] = row.id;
  });
  after(() => harness.close());

  it('shows 3号楼 the closed outage of floors 1–5 with its progress in order and the offer of water', async () => {
    const response = await harness.app.inject({ url: `/api/v1/sites/demo/notices?building=${buildingIds['3号楼']}` });
    assert.equal(response.statusCode, 200, response.body);
    const titles = response.json().items.map((item: { title: string }) => item.title);
    assert.deepEqual(titles.sort(), ['3号楼1–5层临时停水', '居民议事会：停水应急预案'].sort());
    const outage = response.json().items.find((item: { kind: string }) => item.kind === 'outage');
    assert.deepEqual([outage.scope.floorFrom, outage.scope.floorTo], [1, 5]);
    assert.ok(outage.closedAt && outage.closingText.includes('02:00'));
    assert.equal(outage.updates.length, 3);
    const times = outage.updates.map((update: { at: string }) => Date.parse(update.at));
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
    );
    assert.ok(times.every((time: number) => time < Date.parse(outage.closedAt)));
    assert.equal(outage.offers.length, 1);
  });

  it('links the outage to the demo burst-pipe repair for staff, and keeps 1号楼’s works off 3号楼’s page', async () => {
    const all = (await harness.app.inject({ url: '/api/v1/sites/demo/notices' })).json();
    assert.equal(all.items.length, 3);
    const result = (await harness.app.db.execute(
      sql`select n.repair_id is not null as linked from notices n where n.kind = 'outage'`,
    )) as unknown;
    const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { linked: boolean }[];
    assert.equal(row?.linked, true);
  });
});
