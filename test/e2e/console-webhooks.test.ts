// The notifications screen in a real Chromium against the real server: an admin adds a chat-bot endpoint
// with the keyboard only, copies its secret, sends a test event that a real receiver verifies, reads the
// delivery log, turns it off and deletes it — in English and Chinese, checked with axe at each step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type Receiver, startReceiver, verified } from '../support/webhook-receiver.js';
import { accessibilityViolations, serverAndBrowser, signInToConsole, watchedPage } from './support/browser.js';
import { type Focused, tabTo, focused as whatHasFocus } from './support/keyboard.js';

describe('the console’s notifications screen', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver?.close());
  const e2e = serverAndBrowser({ env: { COURTYARD_WEBHOOKS_ALLOW_PRIVATE: 'true' } });

  const signIn = (page: Page) => signInToConsole(page, { from: e2e.server.url });

  const focusedText = (text: string) => (target: Focused) => target.text === text;

  it('adds a group bot, shows its secret once, sends a signed test event and manages it — keyboard only', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await signIn(page);

    await tabTo(page, focusedText('Notifications'));
    await page.keyboard.press('Enter');
    const title = page.getByRole('heading', { level: 2, name: 'Notifications' });
    await title.waitFor();
    assert.ok(await title.evaluate((el) => el.matches(':focus')), 'focus moves to the screen heading');
    await page.getByText('No notifications yet.').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the empty list and the form');

    // Submitting without a name says so and puts the cursor there.
    await tabTo(page, focusedText('Add'));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Enter a name.' }).waitFor();
    assert.equal((await whatHasFocus(page)).id, 'webhook-name');
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await accessibilityViolations(page), [], 'the form with an error');

    await page.keyboard.type('物业群');
    await page.keyboard.press('Tab');
    await page.keyboard.type(receiver.url('/console'));
    await page.keyboard.press('Tab');
    assert.equal((await whatHasFocus(page)).id, 'webhook-format');
    await page.keyboard.press('Home'); // Signed JSON, first in the list
    await tabTo(page, focusedText('Add'));
    await page.keyboard.press('Enter');

    const secretHeading = page.getByRole('heading', { name: /物业群 was added\. Copy the signing secret now/ });
    await secretHeading.waitFor();
    let focused = false;
    for (let i = 0; i < 100 && !focused; i++) {
      focused = await secretHeading.evaluate((el) => el.matches(':focus'));
      if (!focused) await page.waitForTimeout(50);
    }
    assert.ok(focused, 'focus moves to the secret');
    const secret = await page.getByLabel('Signing secret', { exact: true }).inputValue();
    assert.match(secret, /^whsec_/);
    await tabTo(page, focusedText('Copy'));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: /^(Copied\.|Could not copy.*)$/ })
      .waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the list with the secret');

    await tabTo(page, (target) => target.tag === 'A' && target.label === 'Details of 物业群');
    await page.keyboard.press('Enter');
    const detail = page.getByRole('heading', { level: 2, name: '物业群' });
    await detail.waitFor();
    assert.ok(await detail.evaluate((el) => el.matches(':focus')));
    assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
    await page.getByText('Nothing has been sent yet.').waitFor();

    const start = receiver.received.length;
    await tabTo(page, focusedText('Send test event'));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'A test event was sent' }).waitFor();
    const [arrived] = (await receiver.waitFor(start + 1)).slice(start);
    assert.equal((verified(secret, arrived!) as { type: string }).type, 'webhook.test');
    const log = page.getByRole('region', { name: /Delivery log/ });
    await log.getByRole('cell', { name: 'Test event' }).waitFor();
    for (let i = 0; i < 20 && !(await log.getByText('Delivered').count()); i++) {
      await tabTo(page, focusedText('Refresh'));
      await page.keyboard.press('Enter');
      await page.waitForTimeout(250);
    }
    await log.getByText('Delivered').waitFor();
    await log.getByText('HTTP 200').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the detail page with its log');

    await tabTo(page, focusedText('Turn off'));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Turned off' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Send test event' }).isDisabled());

    await tabTo(page, focusedText('Delete'));
    await page.keyboard.press('Enter');
    await page.getByText('Delete this notification and its log?').waitFor();
    assert.ok(focusedText('Yes, delete')(await whatHasFocus(page)), 'focus moves to the confirmation');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'The notification was deleted.' }).waitFor();
    await page.getByText('No notifications yet.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/webhooks');

    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The session check before signing in answers 401, which Chromium logs as a failed load; nothing else may.
    assert.deepEqual(
      consoleErrors.filter((text) => !/status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('speaks Chinese, refuses a bad address in words, and fits a 320 px phone', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'zh-CN',
      viewport: { width: 320, height: 640 },
    });
    await signIn(page);
    await page.goto(`${e2e.server.url}/admin/webhooks`);
    await page.getByRole('heading', { level: 2, name: '消息通知' }).waitFor();
    await page.getByLabel('名称').fill('三号楼群');
    await page.getByLabel('Webhook 地址（URL）').fill('ftp://example.org/hook');
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByRole('alert').filter({ hasText: '请检查地址' }).waitFor();
    assert.equal(await page.getByLabel('Webhook 地址（URL）').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Webhook 地址（URL）').fill(receiver.url('/zh'));
    await page.getByLabel('格式').selectOption('feishu');
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByRole('heading', { name: /已添加“三号楼群”。\s*请立即复制签名密钥/ }).waitFor();
    await page.getByRole('link', { name: '三号楼群的详情' }).click();
    await page.getByRole('heading', { level: 2, name: '三号楼群' }).waitFor();
    await page.getByText('飞书群机器人').waitFor();
    const start = receiver.received.length;
    await page.getByRole('button', { name: '发送测试消息' }).click();
    const [arrived] = (await receiver.waitFor(start + 1)).slice(start);
    const body = JSON.parse(arrived!.body);
    assert.equal(body.msg_type, 'post');
    assert.match(body.content.post.zh_cn.title, /^测试消息 · /);
    await page.getByRole('status').filter({ hasText: '已发送测试消息' }).waitFor();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    const button = await page.getByRole('button', { name: '发送测试消息' }).boundingBox();
    assert.ok(button && button.height >= 44, 'a 44 px target');
    assert.deepEqual(await accessibilityViolations(page), [], 'the detail page in Chinese on a phone');
    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The 401 of the session check before signing in, and the refused address's 400.
    assert.deepEqual(
      consoleErrors.filter((text) => !/status of (400|401)/.test(text)),
      [],
    );
    await context.close();
  });
});
