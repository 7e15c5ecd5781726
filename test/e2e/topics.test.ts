// Deliberation in Chromium against the real server on its demo seed: the demo page's <courtyard-topics> shows
// the elevator told end to end and the open charging topic; staff move the open topic on from the console's
// Topics screen, record the meeting and the decision, and the resident's page follows each step live.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessibilityViolations, serverAndBrowser, signInToConsole, watchedPage } from './support/browser.js';

const CHARGING = '增设电动自行车集中充电桩';

describe('deliberation: console to resident page, live', () => {
  const e2e = serverAndBrowser();

  it('a topic moves on in the console and the resident page shows each step without a reload', async () => {
    const resident = await watchedPage(e2e.browser, { locale: 'zh-CN' });
    await resident.page.goto(`${e2e.server.url}/#topics`);
    const widget = resident.page.locator('courtyard-topics');
    const charging = widget.locator('[part="item"]', { hasText: CHARGING });
    await charging.locator('[part="badge"]', { hasText: '已立项' }).waitFor();
    const lift = widget.locator('[part="item"]', { hasText: '3号楼2单元电梯更换' });
    await lift.locator('[part="badge"]', { hasText: '已完成' }).waitFor();
    assert.match((await lift.textContent()) ?? '', /业主表决：通过/);

    const staff = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1100, height: 900 } });
    await signInToConsole(staff.page, { from: e2e.server.url });
    await staff.page.goto(`${e2e.server.url}/admin/topics`);
    await staff.page.getByRole('heading', { level: 2, name: 'Topics' }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'the Topics list');
    await staff.page.getByRole('link', { name: CHARGING }).click();
    await staff.page.getByRole('heading', { level: 3, name: CHARGING }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'one topic');

    const step = async (status: string, reason: string) => {
      await staff.page.getByLabel('Move to').selectOption({ label: status });
      await staff.page.getByLabel('Reason (residents read it)').fill(reason);
      await staff.page.getByRole('button', { name: 'Save step' }).click();
      await staff.page.getByRole('listitem').filter({ hasText: reason }).first().waitFor();
    };
    await step('Meeting scheduled', '列入本周六议事会');
    await charging.locator('[part="badge"]', { hasText: '待议事' }).waitFor();
    await charging.getByText('列入本周六议事会').waitFor();

    await staff.page.getByLabel('Meeting title').fill('充电桩选址议事会');
    await staff.page.getByLabel('Date and time').fill('2030-05-18T09:30');
    await staff.page.getByLabel('Place', { exact: true }).fill('社区活动室');
    await staff.page.getByRole('button', { name: 'Schedule and send the notice' }).click();
    await charging.locator('[part="meeting"]', { hasText: '社区活动室' }).waitFor();

    await step('Deliberated', '议事会同意在东门车棚设置');
    await step('Decided', '物业公司负责实施');
    await staff.page.getByLabel('What was decided').fill('东门车棚安装20个充电口，按次收费。');
    await staff.page.getByLabel('Responsible party').fill('物业公司');
    await staff.page.getByRole('button', { name: 'Record decision' }).click();
    await charging.locator('[part="decision"]', { hasText: '东门车棚安装20个充电口' }).waitFor();
    await step('In progress', '已开工');
    await step('Done', '充电桩已投入使用');
    await charging.locator('[part="badge"]', { hasText: '已完成' }).waitFor();

    assert.deepEqual(await accessibilityViolations(resident.page), [], 'the resident page');
    for (const { page, problems } of [resident, staff]) {
      const seen = await problems.collect();
      assert.deepEqual(seen.cspViolations, [], `${page.url()}: CSP`);
    }
    await resident.context.close();
    await staff.context.close();
  });
});
