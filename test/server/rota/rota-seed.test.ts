import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp, type TestApp } from '../../support/app.js';

describe('the demo rotas: 蒲黄榆五巷5号楼’s floors', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'demo password for tests' } });
    await seedIfEmpty(harness.app, () => {});
  });
  after(() => harness.close());

  it('lists a rota for each floor group of 5号楼 1单元, with this week partly filled and gaps open', async () => {
    const list = await harness.app.inject({ url: '/api/v1/sites/demo/rotas' });
    assert.equal(list.statusCode, 200, list.body);
    const titles = list
      .json()
      .items.map((item: { title: string }) => item.title)
      .sort();
    assert.deepEqual(titles, ['蒲黄榆五巷5号楼1单元 1–3层值日表', '蒲黄榆五巷5号楼1单元 4–6层值日表']);
    const lower = list.json().items.find((item: { title: string }) => item.title.includes('1–3层'));
    const week = (await harness.app.inject({ url: `/api/v1/sites/demo/rotas/${lower.id}` })).json();
    const names = week.days.flatMap((day: { duties: { name: string }[] }) => day.duties.map((duty) => duty.name));
    assert.deepEqual(names, ['101', '102', '201', '王阿姨', '302']);
    assert.equal(week.days.filter((day: { open: number }) => day.open > 0).length, 2);
  });
});
