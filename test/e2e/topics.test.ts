// Deliberation in Chromium against the real server on its demo seed, from a resident's suggestion to done:
// staff choose the suggestion on the Suggestions screen and make it a topic (its follow page says so live),
// schedule a meeting with a second topic on its agenda, reordered by keyboard (and changed again once scheduled),
// open the owners' vote, close it
// (its outcome is written back), record the decision with a photo and finish it; the resident's demo page
// follows every step of the topic live through <courtyard-topics>.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import sharp from 'sharp';
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
      return (await response.json()) as { id: string; followCode: string };
    }, randomUUID());
    // The resident keeps their suggestion's follow page open.
    const follower = await watchedPage(e2e.browser, { locale: 'zh-CN' });
    await follower.page.goto(`${e2e.server.url}/p/demo/follow/${suggestion.followCode}`);
    const followed = follower.page.locator('courtyard-suggestion-board [part="item"]');
    await followed.waitFor();

    const staff = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1100, height: 900 } });
    await signInToConsole(staff.page, { from: e2e.server.url });
    await staff.page.goto(`${e2e.server.url}/admin/topics`);
    await staff.page.getByRole('heading', { level: 2, name: 'Topics' }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'the Topics list');
    // From the Suggestions screen: choose the suggestion, then "Make a topic" opens the form with it.
    await staff.page.goto(`${e2e.server.url}/admin/suggestions`);
    await staff.page.getByLabel('Moderation').selectOption({ label: 'All' });
    const card = staff.page.locator('article.item', { hasText: '老人上下楼需要扶手' });
    await card.getByLabel('Choose for a topic').check();
    await staff.page.getByText('1 suggestion chosen for a topic.').waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'Suggestions with one chosen');
    await staff.page.getByRole('link', { name: 'Make a topic' }).click();
    await staff.page.getByRole('heading', { level: 3, name: 'New topic from residents’ suggestions' }).waitFor();
    assert.equal(await staff.page.getByLabel('3号楼楼道太陡，老人上下楼需要扶手。').isChecked(), true);
    assert.equal(
      await staff.page.getByLabel('Title', { exact: true }).inputValue(),
      '3号楼楼道太陡，老人上下楼需要扶手',
    );
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'the new topic form');
    await staff.page.getByLabel('Title', { exact: true }).fill(TITLE);
    await staff.page.getByRole('button', { name: 'Create topic' }).click();
    await staff.page.getByRole('heading', { level: 3, name: TITLE }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'one topic');
    const topicId = new URL(staff.page.url()).pathname.split('/').pop() ?? '';
    // The follow page hears it at once and links to the topic's page.
    const told = followed.locator('[part="topic"]');
    await told.getByText(`您的建议已列入议题：`).waitFor();
    assert.equal(
      await told.getByRole('link').getAttribute('href'),
      `${e2e.server.url}/p/demo/topics/${topicId}?lang=zh-CN`,
    );
    assert.match((await told.textContent()) ?? '', new RegExp(TITLE));
    assert.deepEqual(await accessibilityViolations(follower.page), [], 'the follow page');

    // A page lists the topics there were when it loaded; from here on it follows this one live.
    // Its stream must be open before staff move the topic on: a fresh page has no Last-Event-ID to catch up from.
    const following = resident.page.waitForResponse(
      (response) =>
        response.url().includes('/events?') && decodeURIComponent(response.url()).includes(`topic:${topicId}`),
    );
    await resident.page.reload();
    const topic = widget.locator('[part="item"]', { hasText: TITLE });
    await topic.locator('[part="badge"]', { hasText: '已立项' }).waitFor();
    await following;

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
    // A second topic on the agenda, moved first by keyboard.
    await staff.page.getByLabel('Add a topic to the agenda').selectOption({ label: '增设电动自行车集中充电桩' });
    await staff.page.getByRole('button', { name: 'Add', exact: true }).first().click();
    await staff.page.getByText('增设电动自行车集中充电桩 added as item 2.').waitFor();
    const up = staff.page.locator('button[data-agenda^="up-"]:focus');
    await up.waitFor();
    await staff.page.keyboard.press('Enter');
    await staff.page.getByText('增设电动自行车集中充电桩: now item 1 of 2.').waitFor();
    assert.deepEqual(await staff.page.locator('fieldset.agenda li > span:first-child').allTextContents(), [
      '增设电动自行车集中充电桩',
      TITLE,
    ]);
    // Focus stays on the moved topic: its "Move down" (its "Move up" is disabled at the top).
    assert.equal(
      await staff.page.evaluate(() => {
        const screen = document
          .querySelector('courtyard-admin-app')
          ?.shadowRoot?.querySelector('courtyard-admin-topics');
        return screen?.shadowRoot?.activeElement?.getAttribute('data-agenda')?.split('-')[0] ?? '';
      }),
      'down',
    );
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'a meeting with two topics on its agenda');
    // The same in Chinese, what was filled in kept.
    await staff.page.getByRole('button', { name: '切换到中文' }).click();
    await staff.page.getByText('议程（按顺序）').waitFor();
    assert.deepEqual(await staff.page.locator('button[data-agenda^="up-"]').allTextContents(), ['上移', '上移']);
    assert.equal(await staff.page.getByLabel('地点', { exact: true }).inputValue(), '社区活动室');
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'the agenda in Chinese');
    await staff.page.getByRole('button', { name: 'Switch to English' }).click();
    await staff.page.getByText('Agenda, in order').waitFor();
    await staff.page.getByRole('button', { name: 'Schedule and send the notice' }).click();
    await topic.locator('[part="meeting"]', { hasText: '社区活动室' }).waitFor();
    const stored = await staff.page.evaluate(async (id) => (await fetch(`/admin/api/topics/${id}`)).json(), topicId);
    assert.deepEqual(
      stored.meetings[0].agenda.map((item: { title: string }) => item.title),
      ['增设电动自行车集中充电桩', TITLE],
    );
    // Until it is held, the agenda can change, by keyboard: the notice posts the new one.
    const change = staff.page.getByRole('button', { name: 'Change the agenda' });
    await change.focus();
    await staff.page.keyboard.press('Enter');
    const moveDown = staff.page.locator('button[data-agenda^="edit-down-"]:focus');
    await moveDown.waitFor();
    await staff.page.keyboard.press('Enter');
    await staff.page.getByText(`增设电动自行车集中充电桩: now item 2 of 2.`).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'changing a meeting’s agenda');
    await staff.page.getByRole('button', { name: '切换到中文' }).click();
    await staff.page.getByRole('button', { name: '保存议程' }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff.page), [], 'changing the agenda in Chinese');
    await staff.page.getByRole('button', { name: 'Switch to English' }).click();
    await staff.page.getByRole('button', { name: 'Save the agenda' }).click();
    await staff.page.getByText(`On the agenda: ${TITLE}、增设电动自行车集中充电桩`).waitFor();
    const changed = await staff.page.evaluate(async (id) => (await fetch(`/admin/api/topics/${id}`)).json(), topicId);
    assert.deepEqual(
      changed.meetings[0].agenda.map((item: { title: string }) => item.title),
      [TITLE, '增设电动自行车集中充电桩'],
    );
    const notice = await staff.page.evaluate(
      async (id) => (await fetch(`/admin/api/notices/${id}`)).json(),
      changed.meetings[0].noticeId,
    );
    assert.deepEqual(
      notice.updates.map((update: { text: string }) => update.text),
      [`议程已调整：\n1. ${TITLE}\n2. 增设电动自行车集中充电桩`],
    );
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
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#557799' } })
      .png()
      .toBuffer();
    await staff.page.getByLabel('Photos').setInputFiles({ name: 'handrail.png', mimeType: 'image/png', buffer: photo });
    await staff.page.getByRole('button', { name: 'Record decision' }).click();
    await topic.locator('[part="decision"]', { hasText: '安装扶手' }).waitFor();
    const shown = staff.page.getByRole('img', { name: 'Photo 1 of 1 of this decision' });
    await shown.waitFor();
    assert.ok(await shown.evaluate((image: HTMLImageElement) => image.decode().then(() => image.naturalWidth)));
    await step('In progress', '已开工');
    await step('Done', '扶手已安装完毕');
    await topic.locator('[part="badge"]', { hasText: '已完成' }).waitFor();
    await topic.getByText('扶手已安装完毕').waitFor();

    assert.deepEqual(await accessibilityViolations(resident.page), [], 'the resident page');
    for (const { page, problems } of [resident, staff, follower]) {
      assert.deepEqual((await problems.collect()).cspViolations, [], `${page.url()}: CSP`);
    }
    await resident.context.close();
    await staff.context.close();
    await follower.context.close();
  });
});
