// The console's Inbox and Suggestions screens in a real Chromium against the real server: a resident sends a
// suggestion through the widget on the demo page, staff see it arrive in the inbox live, moderate it with the
// keyboard only, answer it with a preview, and the answer shows on the public board. Saves the screenshots
// docs/admin-guide uses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  accessibilityViolations,
  holdNextAnswer,
  liveStreamOpen,
  newContext,
  serverAndBrowser,
  submitSignInForm,
  waitUntil,
  watchedPage,
} from './support/browser.js';
import { focused, tabTo } from './support/keyboard.js';
import { guideScreenshot } from './support/screenshots.js';
import { signInAsAdmin, staffApi } from './support/server.js';

describe('the console: inbox and suggestions', () => {
  const e2e = serverAndBrowser();

  it('a suggestion from the widget arrives live in the inbox; staff publish it by keyboard, answer it, and the board shows the answer', async () => {
    const {
      context: staffContext,
      page: staff,
      problems,
    } = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1100, height: 900 } });
    await staff.goto(`${e2e.server.url}/admin`);
    await submitSignInForm(staff, 'en');
    await staff.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Inbox' }).click();
    const inboxHeading = staff.getByRole('heading', { level: 2, name: 'Inbox' });
    await inboxHeading.waitFor();
    assert.ok(await inboxHeading.evaluate((element) => element.matches(':focus')), 'focus moves to the inbox heading');
    await staff.getByText('Live updates: Live').waitFor();
    const countBefore = Number(
      /^(\d+) new/.exec(
        (await staff
          .getByRole('status')
          .filter({ hasText: / new:|Nothing new/ })
          .innerText()) ?? '',
      )?.[1] ?? 0,
    );

    // The resident, on the demo page in Chinese.
    const residentContext = await newContext(e2e.browser);
    const resident = await residentContext.newPage();
    await resident.goto(`${e2e.server.url}/`);
    const box = resident.locator('courtyard-suggestion-box');
    await box.locator('textarea').waitFor();
    const text = `三号楼北侧的路灯坏了一个月，晚上老人出门很不安全 ${Date.now()}`;
    await box.locator('textarea').fill(text);
    await box.locator('input[name="phone"]').fill('139 8765 4321');
    await box.locator('button[type="submit"]').click();
    await box.locator('[part="thanks"]').waitFor();

    // Staff: it arrives without a reload, with the count in the page title.
    const link = staff.getByRole('link', { name: text });
    await link.waitFor();
    await staff
      .getByRole('status')
      .filter({ hasText: `${countBefore + 1} new:` })
      .waitFor();
    assert.match(await staff.title(), new RegExp(`^\\(${countBefore + 1}\\) Inbox · `));
    assert.match(await link.locator('xpath=ancestor::article').innerText(), /Suggestion[\s\S]*Waiting for moderation/);
    assert.deepEqual(await accessibilityViolations(staff), [], 'the inbox');
    await guideScreenshot(staff, 'inbox');

    // The moderation queue, keyboard only: from the heading to this suggestion's Publish button.
    await staff.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Suggestions' }).click();
    await staff.getByRole('heading', { level: 2, name: 'Suggestions' }).waitFor();
    await staff.locator('courtyard-admin-suggestions article', { hasText: text }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff), [], 'the moderation queue');
    await guideScreenshot(staff, 'suggestions');
    await tabTo(staff, (target) => target.tag === 'BUTTON' && target.text === 'Publish' && target.card.includes(text));
    await staff.keyboard.press('Enter');
    await staff.getByRole('status').filter({ hasText: 'Published.' }).waitFor();
    assert.equal(await staff.locator('courtyard-admin-suggestions article', { hasText: text }).count(), 0);
    const afterPublish = await focused(staff);
    assert.ok(
      afterPublish.tag === 'ARTICLE' || afterPublish.tag === 'H2',
      `focus stays in the list (${afterPublish.tag})`,
    );

    // Published suggestions, keyboard only: the filter, then this one's detail link.
    const moderationFilter = staff.getByLabel('Moderation', { exact: true });
    await moderationFilter.selectOption('published');
    const card = staff.locator('courtyard-admin-suggestions article', { hasText: text });
    await card.waitFor();
    await moderationFilter.focus();
    await tabTo(staff, (target) => target.tag === 'A' && target.text === 'Open' && target.card.includes(text));
    await staff.keyboard.press('Enter');
    await staff.getByRole('heading', { level: 2, name: 'Suggestion' }).waitFor();
    await staff.getByText('•••••••4321').waitFor();

    // Answer it, watching the preview of the board.
    const answer = '已报修，路灯将于本周五前修好。';
    await staff.getByLabel('Status', { exact: true }).selectOption('adopted');
    await staff.getByLabel('Official response (residents see it on the board)').fill(answer);
    const preview = staff.locator('courtyard-admin-suggestions .board-item');
    await preview.filter({ hasText: answer }).waitFor();
    assert.match(await preview.innerText(), /已采纳|Adopted/);
    await staff.getByLabel('Note for staff (residents never see it)').fill('联系了物业王经理');
    await staff.getByRole('button', { name: 'Save note' }).click();
    await staff.getByRole('status').filter({ hasText: 'Note saved.' }).waitFor();
    await staff.getByRole('button', { name: 'Save status and response' }).click();
    await staff.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.deepEqual(await accessibilityViolations(staff), [], 'one suggestion');
    await guideScreenshot(staff, 'suggestion-detail', { fullPage: true });

    // Answered: it leaves the inbox, and the count in the title goes down.
    await staff.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Inbox' }).click();
    await inboxHeading.waitFor();
    await staff
      .getByRole('status')
      .filter({ hasText: new RegExp(`(?:^|\\s)${countBefore} new:|Nothing new`) })
      .waitFor();
    assert.equal(await staff.getByRole('link', { name: text }).count(), 0);
    assert.match(await staff.title(), countBefore > 0 ? new RegExp(`^\\(${countBefore}\\) Inbox`) : /^Inbox/);

    // The resident's board shows the answer; the note and the phone never reach it.
    await resident.reload();
    const item = resident.locator('courtyard-suggestion-board [part="item"]', { hasText: text });
    await item.waitFor();
    assert.equal(await item.locator('[part="badge"]').innerText(), '已采纳');
    assert.match(await item.locator('[part="response"]').innerText(), new RegExp(answer));
    const board = await (await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`)).text();
    assert.ok(board.includes(answer) && !board.includes('王经理'));
    // The whole number, not its last digits: "4321" alone turns up inside random ids now and then.
    assert.ok(!board.replace(/[\s-]/g, '').includes('13987654321'), 'the phone number is not in the public board');

    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The session check before signing in answers 401, which Chromium logs; nothing else may be logged.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await residentContext.close();
    await staffContext.close();
  });

  it('in Chinese on a phone: publish and trust a device so its next suggestion skips the queue, reveal the phone, merge a duplicate, see a photo', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
    });
    const send = (body: object) =>
      fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: e2e.server.url },
        body: JSON.stringify(body),
      });
    // A resident's own device (the widget sends its voter token with every suggestion).
    const device = `residentDevice${Date.now()}`;
    const first = `希望周末开放社区活动室 ${Date.now()}`;
    assert.equal((await send({ text: first, phone: '137 0000 8888', voterToken: device })).status, 201);

    await page.goto(`${e2e.server.url}/admin/suggestions`);
    await submitSignInForm(page, 'zh-CN');
    const card = page.locator('courtyard-admin-suggestions article', { hasText: first });
    await card.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the queue scrolls sideways by ${overflow}px on a phone`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the queue in Chinese on a phone');
    await card.getByRole('button', { name: '公示并信任此设备' }).click();
    await page.getByRole('status').filter({ hasText: '已公示，并已信任此设备。' }).waitFor();

    const second = `活动室需要装空调 ${Date.now()}`;
    const sent = await send({ text: second, phone: '13700008888', voterToken: device });
    const created = (await sent.json()) as { id: string; followCode: string };
    const followed = await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions/follow/${created.followCode}`);
    assert.equal(((await followed.json()) as { moderation: string }).moderation, 'published');

    // The second one's page: trusted, the full phone on request, then merged into the first as a duplicate.
    await page.goto(`${e2e.server.url}/admin/suggestions/${created.id}`);
    await page.getByRole('heading', { level: 2, name: '建议详情' }).waitFor();
    await page.getByText('此设备已被信任：其建议会直接公示。').first().waitFor();
    await page.getByRole('button', { name: '显示完整号码' }).click();
    await page.getByText('13700008888').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'one suggestion in Chinese on a phone');
    // "Make a topic" from its own page, as from the list: the new-topic form opens with it chosen.
    const makeTopic = page.getByRole('link', { name: '立为议题' });
    assert.equal(await makeTopic.getAttribute('href'), `/admin/topics/new?suggestions=${created.id}`);
    await page.getByLabel('合并到').selectOption({ label: first });
    await page.getByRole('button', { name: '合并', exact: true }).click();
    await page.getByRole('button', { name: '确认合并（无法撤销）' }).click();
    await page.getByRole('status').filter({ hasText: '已合并。' }).waitFor();
    await page.getByText('这条建议已合并到另一条建议。').waitFor();
    // Merged, its topic grows from the one it was merged into.
    assert.equal(await makeTopic.count(), 0);

    // A suggestion with a photo: staff see the photo under the console's strict CSP.
    const form = new FormData();
    form.append('text', `楼道里堆满了杂物 ${Date.now()}`);
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#8a6' } })
      .jpeg()
      .toBuffer();
    form.append('photos', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
    const withPhoto = await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`, {
      method: 'POST',
      headers: { 'idempotency-key': crypto.randomUUID(), origin: e2e.server.url },
      body: form,
    });
    assert.equal(withPhoto.status, 201);
    await page.goto(`${e2e.server.url}/admin/suggestions/${((await withPhoto.json()) as { id: string }).id}`);
    const photo = page.getByRole('img', { name: '居民随建议上传的照片' });
    await photo.waitFor();
    await page.waitForFunction(
      () =>
        (
          document
            .querySelector('courtyard-admin-app')
            ?.shadowRoot?.querySelector('courtyard-admin-suggestions')
            ?.shadowRoot?.querySelector('img') as HTMLImageElement | null
        )?.naturalWidth === 64,
    );
    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('a live refresh of the inbox answered after the member opened another section does not bring the first back', async () => {
    const { context, page } = await watchedPage(e2e.browser, { locale: 'en-US' });
    const live = liveStreamOpen(page);
    await page.goto(`${e2e.server.url}/admin/inbox`);
    await submitSignInForm(page, 'en');
    await live;
    const sections = page.getByRole('group', { name: 'Inbox sections' });
    const toReview = sections.getByRole('button', { name: /^To review/ });
    await sections.getByRole('button', { name: /^New \(/ }).waitFor();

    // A resident writes: a live event, so the inbox asks for its "New" page again; that answer waits.
    const fetches = await holdNextAnswer(page, `${e2e.server.url}/admin/api/inbox`);
    const text = `单元门禁坏了，晚上进不去 ${Date.now()}`;
    const sent = await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: e2e.server.url },
      body: JSON.stringify({ text }),
    });
    assert.equal(sent.status, 201);
    await fetches.held();

    // Meanwhile the member opens "To review", answered at once.
    await toReview.click();
    await page
      .getByText(/^Nothing to review|to review/)
      .first()
      .waitFor();
    assert.equal(await toReview.getAttribute('aria-pressed'), 'true');

    // The held answer is the "New" page with the new suggestion: put on screen, it would show under "To review".
    const before = fetches.answers();
    await fetches.release();
    await waitUntil(page, 'the held answer', () => fetches.answers() > before);
    await page.waitForTimeout(300);
    assert.equal(await page.getByText(text).count(), 0, 'the "New" page came back under "To review"');
    assert.equal(await toReview.getAttribute('aria-pressed'), 'true');
    await context.close();
  });

  it("a live refresh answered after the member's own save asks again instead of putting the older copy back", async () => {
    const { context, page } = await watchedPage(e2e.browser, { locale: 'en-US' });
    const sent = await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), origin: e2e.server.url },
      body: JSON.stringify({ text: `小区东门的台阶太高，轮椅上不去 ${Date.now()}` }),
    });
    const { id } = (await sent.json()) as { id: string };
    const live = liveStreamOpen(page);
    await page.goto(`${e2e.server.url}/admin/suggestions/${id}`);
    await submitSignInForm(page, 'en');
    await live;
    const meta = page.locator('courtyard-admin-suggestions p.meta');
    await meta.filter({ hasText: 'Received' }).waitFor();

    // Another member takes it up: a live event, so the page asks for the suggestion again; that answer waits.
    const fetches = await holdNextAnswer(page, `${e2e.server.url}/admin/api/suggestions/${id}`);
    const cookie = await signInAsAdmin(e2e.server.url);
    await staffApi(e2e.server.url, cookie, 'PATCH', `/suggestions/${id}`, { status: 'under_review' });
    await fetches.held();

    const before = fetches.answers();
    await page.getByLabel('Status', { exact: true }).selectOption('adopted');
    await page.getByRole('button', { name: 'Save status and response' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await meta.filter({ hasText: 'Adopted' }).waitFor();
    // The save's own live event refreshes too, answered at once, before the held answer arrives.
    await waitUntil(page, "the save's live refresh", () => fetches.answers() > before);

    // The held answer says "Under review": put on screen, it would undo the save. The page asks again instead.
    await fetches.release();
    await waitUntil(page, 'the held answer', () => fetches.answers() > before + 1);
    await page.waitForTimeout(300);
    assert.match((await meta.textContent()) ?? '', /Adopted/, 'the older answer was put back on screen');
    await waitUntil(page, 'the page asking again', () => fetches.answers() > before + 2);
    assert.match((await meta.textContent()) ?? '', /Adopted/);
    await context.close();
  });
});
