import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_TRACKING_CODE } from '../../../packages/server/src/seed/demo-repairs.js';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { withoutRandomParts } from '../../support/privacy.js';

describe('the demo repair desk', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'demo password for tests' } });
    await seedIfEmpty(harness.app, () => {});
  });
  after(() => harness.close());

  it('has the burst pipe in progress with a public timeline, and no internal note or contact in it', async () => {
    const response = await harness.app.inject({ url: `/api/v1/sites/demo/repairs/${DEMO_TRACKING_CODE}` });
    assert.equal(response.statusCode, 200, response.body);
    const repair = response.json();
    assert.equal(repair.status, 'in_progress');
    assert.deepEqual(
      repair.timeline.map((entry: { status: string | null }) => entry.status),
      ['received', 'acknowledged', 'scheduled', 'in_progress'],
    );
    assert.deepEqual(repair.location, { building: '3号楼', unit: '1单元' });
    const shown = withoutRandomParts(response.body);
    for (const secret of ['腿脚不便', '王阿姨', '8000', '501']) assert.ok(!shown.includes(secret), secret);
    const times = repair.timeline.map((entry: { at: string }) => Date.parse(entry.at));
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
      'in time order',
    );
  });

  it('offers services with an emergency notice (gas) and extra questions (water leak)', async () => {
    const { items } = (await harness.app.inject({ url: '/api/v1/sites/demo/repair-services' })).json();
    const bySlug = new Map(items.map((item: { slug: string }) => [item.slug, item]));
    assert.match((bySlug.get('gas') as { emergencyNotice: { en: string } }).emergencyNotice.en, /96777/);
    assert.equal((bySlug.get('water-leak') as { questions: unknown[] }).questions.length, 2);
  });
});
