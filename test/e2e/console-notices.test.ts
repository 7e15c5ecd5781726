// The console's Notices screen in a real Chromium against the real server: staff publish an outage for
// floors 1–5 of building 3 (the demo's burst pipe) linked to its repair, post progress with a photo, approve
// a neighbour's offer of help and close it with the keyboard and the mouse — and the public notice page shows
// all of it. axe at each step, in English and in Chinese, at 200% zoom and on a phone.
import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { type Receiver, startReceiver } from '../support/webhook-receiver.js';
import {
  accessibilityViolations,
  holdNextAnswer,
  liveStreamOpen,
  serverAndBrowser,
  submitSignInForm,
  waitUntil,
  watchedPage,
} from './support/browser.js';
import { tabTo } from './support/keyboard.js';
import { guideScreenshot } from './support/screenshots.js';

const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const isFocused = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 2, name }).evaluate((element) => element.matches(':focus'));

describe('the console’s Notices screen', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver?.close());
  const e2e = serverAndBrowser({ env: { COURTYARD_WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  let publicUrl = '';

  /** A neighbour's offer, sent as the notices widget sends it. */
  async function offerHelp(noticeId: string, text: string) {
    const response = await fetch(`${e2e.server.url}/api/v1/sites/demo/notices/${noticeId}/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ text }),
    });
    assert.equal(response.status, 201, await response.clone().text());
  }

  it('publishes an outage for floors 1–5, posts progress with a photo, approves an offer and closes it', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`${e2e.server.url}/admin`);
    await submitSignInForm(page, 'en');
    await page.getByRole('heading', { level: 2, name: /^Signed in · / }).waitFor();

    // From the menu, with the keyboard.
    await tabTo(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Notices' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Notices' }).waitFor();
    assert.ok(await isFocused(page, 'Notices'), 'focus moves to the screen’s heading');
    // The demo's open notices (works in 1号楼, a residents' meeting); the night's outage is closed.
    await page.getByRole('row', { name: /Works/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: '3号楼1–5层临时停水' }).count(), 0, 'open ones only');
    await page.getByLabel('Show').selectOption({ label: 'Closed' });
    await page.getByRole('link', { name: '3号楼1–5层临时停水' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the list');

    await page.getByRole('link', { name: 'New notice' }).click();
    await page.getByRole('heading', { level: 2, name: 'New notice' }).waitFor();
    assert.ok(await isFocused(page, 'New notice'));

    // Without a building the form says so and puts the cursor there.
    await page.getByRole('radio', { name: 'A range of floors' }).check();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose a building.' }).waitFor();
    assert.equal(await page.getByLabel('Building', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.ok(await page.getByLabel('Building', { exact: true }).evaluate((element) => element.matches(':focus')));

    await page.getByLabel('Kind').selectOption({ label: 'Outage' });
    await page.getByLabel('Building', { exact: true }).selectOption({ label: '3号楼' });
    await page.getByLabel('From floor').fill('1');
    await page.getByLabel('To floor').fill('5');
    await page.getByLabel('Title', { exact: true }).fill('3号楼1–5层停水');
    await page
      .getByLabel('Text', { exact: true })
      .fill('厨房水管爆裂，已关闭总阀。家中有婴儿的住户可联系居委会领取饮用水。');
    const repairs = page.getByLabel('Linked repair');
    const burstPipe = await repairs.locator('option', { hasText: /^R-7K3Q-9X2M/ }).getAttribute('value');
    await repairs.selectOption(burstPipe);
    assert.deepEqual(await accessibilityViolations(page), [], 'the form');
    await tabTo(page, page.getByRole('button', { name: 'Publish' }));
    await page.keyboard.press('Enter');

    const heading = page.getByRole('heading', { level: 2, name: '3号楼1–5层停水' });
    await heading.waitFor();
    assert.match(new URL(page.url()).pathname, /^\/admin\/notices\/[0-9a-f-]{36}$/);
    await page.getByRole('status').filter({ hasText: 'Notice published.' }).waitFor();
    assert.ok(await isFocused(page, '3号楼1–5层停水'), 'focus on the new notice’s heading');
    await page.getByText('3号楼, floors 1–5').first().waitFor();
    await page.getByRole('link', { name: 'Open the repair request' }).waitFor();
    const publicLink = page.getByRole('link', { name: 'Open the public notice page' });
    publicUrl = (await publicLink.getAttribute('href')) ?? '';
    const noticeId = new URL(page.url()).pathname.split('/').at(-1) as string;
    assert.equal(new URL(publicUrl).pathname, `/p/demo/notices/${noticeId}`);

    // Progress with a photo.
    await page.getByLabel('What is happening now').fill('维修工已到场，正在更换爆裂的管段。');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer();
    await page.getByLabel('Photos').setInputFiles({ name: 'pipe.png', mimeType: 'image/png', buffer: photo });
    await page.getByRole('button', { name: 'Post progress' }).click();
    await page.getByRole('status').filter({ hasText: 'Progress posted.' }).waitFor();
    await page.getByText('维修工已到场，正在更换爆裂的管段。').waitFor();
    const image = page.getByRole('img', { name: 'Photo 1 of 1 of this update' });
    await image.waitFor();
    await page.waitForFunction(
      (element) => element instanceof HTMLImageElement && element.complete && element.naturalWidth > 0,
      await image.elementHandle(),
    );

    // A neighbour offers water; staff approve it.
    await offerHelp(noticeId, '302有桶装水，随时敲门');
    await page.reload();
    await heading.waitFor();
    await page.getByText('Waiting', { exact: true }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the notice with progress and an offer');
    await tabTo(page, page.getByRole('button', { name: 'Approve: 302有桶装水，随时敲门' }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Offer approved.' }).waitFor();
    await page.getByText('Shown', { exact: true }).waitFor();
    await guideScreenshot(page, 'notices', { fullPage: true });

    // Close it.
    await page.getByRole('button', { name: 'Close notice' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write the closing words.' }).waitFor();
    await page.getByLabel('Closing words').fill('02:00 已恢复供水，感谢大家的耐心。');
    await page.getByRole('button', { name: 'Close notice' }).click();
    await page.getByRole('status').filter({ hasText: 'Notice closed.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Post progress' }).count(), 0, 'no progress once closed');
    assert.deepEqual(await accessibilityViolations(page), [], 'the closed notice');

    // 200% zoom: half the width, nothing scrolls sideways.
    await page.setViewportSize({ width: 640, height: 900 });
    assert.ok((await overflowOf(page)) <= 0, 'the notice fits at 200% zoom');

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The session check before sign-in (401) is logged by Chromium as a failed load; nothing else may be.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('the public notice page shows the closed outage, its progress and the approved offer', async () => {
    assert.ok(publicUrl, 'the first test published a notice');
    const { context, page } = await watchedPage(e2e.browser, { locale: 'zh-CN' });
    await page.goto(publicUrl);
    await page.getByRole('heading', { level: 1, name: '3号楼1–5层停水' }).waitFor();
    await page.getByText('维修工已到场，正在更换爆裂的管段。').waitFor();
    await page.getByText('302有桶装水，随时敲门').waitFor();
    await page.getByText('02:00 已恢复供水，感谢大家的耐心。').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the public page');
    await context.close();
  });

  it('shows the screen in Chinese and fits a phone', async () => {
    const { context, page } = await watchedPage(e2e.browser, {
      locale: 'zh-CN',
      viewport: { width: 320, height: 640 },
    });
    await page.goto(`${e2e.server.url}/admin/notices`);
    await submitSignInForm(page, 'zh-CN');
    await page.getByRole('heading', { level: 2, name: '通知公告' }).waitFor();
    await page.getByLabel('显示').selectOption({ label: '已结束' });
    await page.getByRole('link', { name: '3号楼1–5层停水' }).waitFor();
    assert.ok((await overflowOf(page)) <= 0, 'the list fits a phone (its table scrolls inside itself)');
    assert.deepEqual(await accessibilityViolations(page), [], 'the list in Chinese on a phone');

    await page.getByRole('link', { name: '发布通知' }).click();
    await page.getByRole('heading', { level: 2, name: '发布通知' }).waitFor();
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '请选择楼栋。' }).waitFor();
    await page.getByRole('radio', { name: '全社区' }).check();
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '请填写标题。' }).waitFor();
    assert.equal(await page.getByLabel('标题').getAttribute('aria-invalid'), 'true');
    assert.ok((await overflowOf(page)) <= 0, 'the form fits a phone');
    assert.deepEqual(await accessibilityViolations(page), [], 'the form in Chinese on a phone');

    await page.getByRole('link', { name: '返回通知列表' }).click();
    await page.getByLabel('显示').selectOption({ label: '已结束' });
    await page.getByRole('link', { name: '3号楼1–5层停水' }).click();
    await page.getByRole('heading', { level: 2, name: '3号楼1–5层停水' }).waitFor();
    await page.getByText('3号楼 1–5 层').first().waitFor();
    await page.getByText('已显示', { exact: true }).waitFor();
    assert.ok((await overflowOf(page)) <= 0, 'the notice fits a phone');
    assert.deepEqual(await accessibilityViolations(page), [], 'the notice in Chinese on a phone');
    await context.close();
  });

  it('keeps the list and an open notice current while a colleague posts and closes and residents offer help and follow', async () => {
    const watcher = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const colleague = await watchedPage(e2e.browser, { locale: 'zh-CN' });
    const { page } = watcher;
    for (const [each, language] of [
      [page, 'en'],
      [colleague.page, 'zh-CN'],
    ] as const) {
      await each.goto(`${e2e.server.url}/admin/notices`);
      await submitSignInForm(each, language);
    }
    await page.getByRole('heading', { level: 2, name: 'Notices' }).waitFor();
    await colleague.page.getByRole('heading', { level: 2, name: '通知公告' }).waitFor();
    // Set on the page: still there at the end means nothing reloaded it.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const api = (path: string, data: object) =>
      colleague.page.request.post(`${e2e.server.url}/admin/api/notices${path}`, { data });

    // The colleague publishes; it appears in the list on the first screen.
    const published = await api('', {
      kind: 'works',
      scope: { type: 'building', buildingId: await buildingId(colleague.page, '3号楼') },
      title: '3号楼电梯维保',
    });
    assert.equal(published.status(), 201, await published.text());
    const noticeId = ((await published.json()) as { id: string }).id;
    const row = page.getByRole('row', { name: /3号楼电梯维保/ });
    await row.waitFor();

    // A neighbour offers help: the list's "offers waiting" count goes up.
    await offerHelp(noticeId, '5楼有老人需要帮忙搬水');
    await row.getByRole('cell', { name: '1', exact: true }).last().waitFor();

    await row.getByRole('link', { name: '3号楼电梯维保' }).click();
    const heading = page.getByRole('heading', { level: 2, name: '3号楼电梯维保' });
    await heading.waitFor();
    await page.getByText('No progress posted yet.').waitFor();

    // Progress from the colleague shows up on the open notice.
    const progress = await api(`/${noticeId}/updates`, { id: randomUUID(), text: '维保人员已到场，预计一小时。' });
    assert.equal(progress.status(), 201, await progress.text());
    await page.getByText('维保人员已到场，预计一小时。').waitFor();

    // Another offer: shown as waiting and said politely in the status region.
    await offerHelp(noticeId, '302可以帮忙照看孩子');
    await page.getByRole('status').filter({ hasText: 'A new offer of help is waiting.' }).waitFor();
    await page.getByRole('button', { name: 'Approve: 302可以帮忙照看孩子' }).waitFor();

    // A resident follows it from the widget.
    const follow = await fetch(`${e2e.server.url}/api/v1/sites/demo/notices/${noticeId}/follow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ voterToken: randomBytes(18).toString('base64url') }),
    });
    assert.equal(follow.status, 200, await follow.text());
    await page
      .getByRole('definition')
      .filter({ hasText: /^1 device$/ })
      .waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the notice after live changes');

    // The colleague closes it: the forms go, and the status says why.
    const closed = await api(`/${noticeId}/close`, { closingText: '维保完成，电梯已恢复运行。' });
    assert.equal(closed.status(), 200, await closed.text());
    await page.getByRole('status').filter({ hasText: 'This notice has just been closed.' }).waitFor();
    await page.getByText('维保完成，电梯已恢复运行。').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Post progress' }).count(), 0, 'no progress once closed');
    assert.ok(await page.evaluate(() => 'sameDocument' in window), 'no reload');

    for (const { context, problems } of [watcher, colleague]) {
      const { cspViolations } = await problems.collect();
      assert.deepEqual(cspViolations, []);
      await context.close();
    }
  });

  it("a live refresh answered after the member's own close asks again instead of reopening the notice on screen", async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, { locale: 'en-US' });
    const live = liveStreamOpen(page);
    await page.goto(`${e2e.server.url}/admin/notices`);
    await submitSignInForm(page, 'en');
    await live;
    const published = await page.request.post(`${e2e.server.url}/admin/api/notices`, {
      data: {
        kind: 'works',
        scope: { type: 'building', buildingId: await buildingId(page, '3号楼') },
        title: '3号楼楼道粉刷',
      },
    });
    assert.equal(published.status(), 201, await published.text());
    const noticeId = ((await published.json()) as { id: string }).id;
    await page
      .getByRole('row', { name: /3号楼楼道粉刷/ })
      .getByRole('link', { name: '3号楼楼道粉刷' })
      .click();
    await page.getByRole('heading', { level: 2, name: '3号楼楼道粉刷' }).waitFor();

    // A neighbour offers help: a live event, so the page asks for the notice again; that answer waits.
    const fetches = await holdNextAnswer(page, `${e2e.server.url}/admin/api/notices/${noticeId}`);
    await offerHelp(noticeId, '502可以帮忙挪自行车');
    await fetches.held();

    const before = fetches.answers();
    await page.getByLabel('Closing words').fill('粉刷完成，楼道已清理。');
    await page.getByRole('button', { name: 'Close notice' }).click();
    await page.getByRole('status').filter({ hasText: 'Notice closed.' }).waitFor();
    // The close's own live event refreshes too, answered at once, before the held answer arrives.
    await waitUntil(page, "the close's live refresh", () => fetches.answers() > before);

    // The held answer is the open notice: put on screen, it would bring 'Post progress' back and announce this
    // member's own close as someone else's. The page asks again instead, and tells of the new offer.
    await fetches.release();
    await waitUntil(page, 'the held answer', () => fetches.answers() > before + 1);
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('button', { name: 'Post progress' }).count(), 0, 'the older, open copy is back');
    await waitUntil(page, 'the page asking again', () => fetches.answers() > before + 2);
    await page.getByText('粉刷完成，楼道已清理。').waitFor();
    await page.getByRole('button', { name: 'Approve: 502可以帮忙挪自行车' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Post progress' }).count(), 0);
    assert.equal(await page.getByRole('status').filter({ hasText: 'This notice has just been closed.' }).count(), 0);
    assert.deepEqual((await problems.collect()).cspViolations, []);
    await context.close();
  });

  it('routes signed group bots by building: building 3’s DingTalk bot hears its notices, building 1’s Feishu bot does not; both hear the community’s', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, { locale: 'en-US' });
    await page.goto(`${e2e.server.url}/admin/webhooks`);
    await submitSignInForm(page, 'en');
    await page.getByRole('heading', { level: 2, name: 'Notifications' }).waitFor();

    const addBot = async (name: string, path: string, format: string, place: string, secret: string) => {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Webhook address (URL)').fill(receiver.url(path));
      await page.getByLabel('Format').selectOption(format);
      await page.getByLabel('Which place it hears').selectOption({ label: place });
      await page.getByLabel(/^Bot signing secret/).fill(secret);
      await page.getByRole('checkbox', { name: 'A notice is published' }).check();
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('heading', { name: new RegExp(`${name} was added`) }).waitFor();
    };
    // A secret for a bot that does not sign is refused before anything is sent.
    await page.getByLabel('Name', { exact: true }).fill('物业群');
    await page.getByLabel('Webhook address (URL)').fill(receiver.url('/wecom'));
    await page.getByLabel('Format').selectOption('wecom');
    await page.getByLabel(/^Bot signing secret/).fill('SECnotforwecom');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'for DingTalk and Feishu group bots only' }).waitFor();
    assert.equal(await page.getByLabel(/^Bot signing secret/).getAttribute('aria-invalid'), 'true');

    await addBot('3号楼钉钉群', '/building-3', 'dingtalk', '3号楼', 'SEC3b7c9d0e1f2');
    await addBot('1号楼飞书群', '/building-1', 'feishu', '1号楼', 'feishu-secret-1');
    await page.getByText('Hears: 3号楼').waitFor();
    await page.getByText('Hears: 1号楼').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the list with places and the form');

    await page.getByRole('link', { name: 'Details of 3号楼钉钉群' }).click();
    await page.getByRole('heading', { level: 2, name: '3号楼钉钉群' }).waitFor();
    await page.getByText('On (a secret is set)').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'an endpoint with its place and signing');

    // An outage in building 3, published as the console does.
    const response = await page.request.post(`${e2e.server.url}/admin/api/notices`, {
      data: {
        kind: 'outage',
        scope: { type: 'building', buildingId: await buildingId(page, '3号楼') },
        title: '3号楼今晚停电检修',
      },
    });
    assert.equal(response.status(), 201, await response.text());
    const [card] = await receiver.waitFor(1);
    assert.ok(card);
    const url = new URL(card.path, receiver.url());
    assert.equal(url.pathname, '/building-3');
    const timestamp = url.searchParams.get('timestamp') ?? '';
    const expected = createHmac('sha256', 'SEC3b7c9d0e1f2').update(`${timestamp}\nSEC3b7c9d0e1f2`).digest('base64');
    assert.equal(url.searchParams.get('sign'), expected, 'signed as DingTalk 加签 checks it');
    assert.match(card.body, /3号楼今晚停电检修/);
    assert.match(card.body, /\/p\/demo\/notices\//, 'the card links to the public notice page');
    assert.doesNotMatch(card.body, /\/admin/);
    // Building 1's bot hears nothing of it.
    await page.waitForTimeout(1500);
    assert.deepEqual(
      receiver.received.map((request) => new URL(request.path, receiver.url()).pathname),
      ['/building-3'],
    );

    // A community-wide notice reaches both; the Feishu card carries its 签名校验 in the body.
    const everyone = await page.request.post(`${e2e.server.url}/admin/api/notices`, {
      data: { kind: 'meeting', scope: { type: 'community' }, title: '周六上午居民议事会' },
    });
    assert.equal(everyone.status(), 201, await everyone.text());
    const cards = await receiver.waitFor(3);
    const feishu = cards.find((request) => request.path === '/building-1');
    assert.ok(feishu, 'building 1’s bot hears the community-wide notice');
    const signed = JSON.parse(feishu.body) as { timestamp: string; sign: string };
    const feishuSign = createHmac('sha256', `${signed.timestamp}\nfeishu-secret-1`).update('').digest('base64');
    assert.equal(signed.sign, feishuSign, 'signed as Feishu 签名校验 checks it');
    assert.match(feishu.body, /周六上午居民议事会/);

    // The bot moves to the whole community and stops signing.
    await page.getByLabel('Which place it hears').selectOption({ label: 'The whole community' });
    await page.getByRole('checkbox', { name: 'Remove the bot signing secret' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const facts = page.getByRole('definition');
    await facts.filter({ hasText: /^The whole community$/ }).waitFor();
    await facts.filter({ hasText: /^Off$/ }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: 'Remove the bot signing secret' }).count(), 0);

    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await context.close();
  });
});

/** A building's id, as the console's place list has it. */
async function buildingId(page: Page, name: string): Promise<string> {
  const places = (await (await page.request.get(`${page.url().split('/admin')[0]}/admin/api/poll-scopes`)).json()) as {
    items: { id: string; name: string }[];
  };
  const building = places.items.find((candidate) => candidate.name === name);
  assert.ok(building, `the demo has ${name}`);
  return building.id;
}
