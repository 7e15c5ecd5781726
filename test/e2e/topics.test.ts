// Deliberation in Chromium against the real server on its demo seed, from a resident's suggestion to done:
// staff make the suggestion a topic in the console's Topics screen, schedule its meeting, open the owners'
// vote, close it (its outcome is written back), record the decision and finish it; the resident's demo page
// follows every step of the topic live through <courtyard-topics>.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { accessibilityViolations, serverAndBrowser, signInToConsole, watchedPage } from './support/browser.js';

const TITLE = '3号楼楼道加装扶手';

describe('deliberation: suggestion → topic → meeting → poll → decision → done, live on a resident page', () => {
  const e2e = serverAndBrowser();

  it('follows a resident’s suggestion to done, each step on the resident’s page without a reload', async () => {
    const resident = await watchedPage(e2e.browser, { locale: 'zh-CN' });
    await resident.page.goto(`${e2e.server.url}/#topics`);
    const widget = resident.page.locator('courtyard-topics');
    // The demo's elevator, told end to end.
    const lift = widget.locator('[part="item"]', { hasText: '3号楼2单元电梯更换' });
    await lift.locator('[part="badge"]', { hasText: '已完成' }).waitFor();
    assert.match((await lift.textContent()) ?? '', /业主表决：通过/);
    const suggestion = await resident.page.evaluate(async (key) => {
      const response = await fetch('/api/v1/sites/demo/suggestions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ text: '3号楼楼道太陡，老人上下楼需要扶手。' }),
      });
      return (await response.json()) as { id: string };
    }, randomUUID());

    const staff = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1100, height: 900 } });
    await signInToConsole(staff.page, { from: e2e.server.url });
    await staff.page.goto(`${e2e.server.url}/admin/topics`);
    await staff.page.getByRole('heading', { level: 2, name: 'Topics' }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'the Topics list');
    await staff.page.getByLabel('Title', { exact: true }).fill(TITLE);
    await staff.page.getByLabel(/^From suggestions/).fill(suggestion.id);
    await staff.page.getByRole('button', { name: 'Create topic' }).click();
    await staff.page.getByRole('link', { name: TITLE }).click();
    await staff.page.getByRole('heading', { level: 3, name: TITLE }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'one topic');

    // A page lists the topics there were when it loaded; from here on it follows this one live.
    await resident.page.reload();
    const topic = widget.locator('[part="item"]', { hasText: TITLE });
    await topic.locator('[part="badge"]', { hasText: '已立项' }).waitFor();

    const step = async (status: string, reason: string) => {
      await staff.page.getByLabel('Move to').selectOption({ label: status });
      await staff.page.getByLabel('Reason (residents read it)').fill(reason);
      await staff.page.getByRole('button', { name: 'Save step' }).click();
      await staff.page.getByRole('listitem').filter({ hasText: reason }).first().waitFor();
    };
    await step('Meeting scheduled', '列入本周六议事会');
    await topic.locator('[part="badge"]', { hasText: '待议事' }).waitFor();
    await topic.getByText('列入本周六议事会').waitFor();

    await staff.page.getByLabel('Meeting title').fill('扶手议事会');
    await staff.page.getByLabel('Date and time').fill('2030-05-18T09:30');
    await staff.page.getByLabel('Place', { exact: true }).fill('社区活动室');
    await staff.page.getByRole('button', { name: 'Schedule and send the notice' }).click();
    await topic.locator('[part="meeting"]', { hasText: '社区活动室' }).waitFor();
    await step('Deliberated', '议事会同意安装，资金方案交业主表决');

    await staff.page.getByRole('button', { name: 'Open the owners’ vote' }).click();
    const pollLink = staff.page.getByRole('link', { name: TITLE });
    await pollLink.waitFor();
    const pollPath = (await pollLink.getAttribute('href')) ?? '';
    const closed = await staff.page.evaluate(
      async (path) => (await fetch(`/admin/api/${path.replace(/^\/admin\//, '')}/close`, { method: 'POST' })).status,
      pollPath,
    );
    assert.equal(closed, 200);
    // No household voted: the quorum was not met, and the page says so as the outcome is written back.
    await topic.getByText('业主表决：未通过（共 0 票）').waitFor();

    await staff.page.reload();
    await step('Decided', '表决未通过，改由物业出资安装');
    await staff.page.getByLabel('What was decided').fill('物业公司出资在3号楼各层楼道安装扶手。');
    await staff.page.getByLabel('Responsible party').fill('物业公司');
    await staff.page.getByRole('button', { name: 'Record decision' }).click();
    await topic.locator('[part="decision"]', { hasText: '安装扶手' }).waitFor();
    await step('In progress', '已开工');
    await step('Done', '扶手已安装完毕');
    await topic.locator('[part="badge"]', { hasText: '已完成' }).waitFor();
    await topic.getByText('扶手已安装完毕').waitFor();

    assert.deepEqual(await accessibilityViolations(resident.page), [], 'the resident page');
    for (const { page, problems } of [resident, staff]) {
      assert.deepEqual((await problems.collect()).cspViolations, [], `${page.url()}: CSP`);
    }
    await resident.context.close();
    await staff.context.close();
  });
});
