// The console's Repairs screen in a real Chromium against the real server: a resident reports a leak with
// a photo, staff find it on the board, reveal the phone (audited), assign it and post an internal note and
// a public update — with the keyboard only — and the resident's tracking page shows the public update live,
// never the internal note. axe on the board and the detail; the board fits a phone.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { auditLog, staffUsers } from '../../packages/server/src/db/schema.js';
import {
  accessibilityViolations,
  newContext,
  serverAndBrowser,
  signInToConsole,
  watchedPage,
} from './support/browser.js';
import { tabTo } from './support/keyboard.js';
import { guideScreenshot } from './support/screenshots.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/server.js';

describe('the console’s Repairs screen', () => {
  let trackingCode: string;
  let resident: BrowserContext;
  let residentPage: Page;
  // Registered first, so the resident's context closes before the browser does.
  after(() => resident?.close());
  const e2e = serverAndBrowser();

  /** A resident's report with a photo, sent as the repair widget sends it (multipart, idempotent). */
  async function report() {
    const config = (await (await fetch(`${e2e.server.url}/api/v1/sites/demo/config`)).json()) as {
      categories: { id: string; slug: string; kind: string }[];
      buildings: { id: string; name: string; units: { id: string; name: string }[] }[];
    };
    const leak = config.categories.find((category) => category.kind === 'repair' && category.slug === 'water-leak');
    const building = config.buildings.find((candidate) => candidate.name === '2号楼');
    assert.ok(leak && building, 'the demo has a water-leak service and building 2');
    const form = new FormData();
    form.append('category', leak.id);
    form.append('buildingId', building.id);
    form.append('room', '302');
    form.append('description', '厨房水管接头漏水，地上全是水');
    form.append('answers', JSON.stringify({ where: 'kitchen' }));
    form.append('phone', '13912345678');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#4477aa' } })
      .jpeg()
      .toBuffer();
    form.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'leak.jpg');
    const response = await fetch(`${e2e.server.url}/api/v1/sites/demo/repairs`, {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      body: form,
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { trackingCode: string }).trackingCode;
  }

  before(async () => {
    trackingCode = await report();
    // The resident keeps their tracking page open the whole time; it must never reload.
    resident = await newContext(e2e.browser, { locale: 'zh-CN' });
    residentPage = await resident.newPage();
    await residentPage.goto(`${e2e.server.url}/p/demo/track/${trackingCode}`);
    await residentPage.locator('courtyard-repair-request [part=timeline]').waitFor();
    await residentPage.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
  });

  it('lets staff work a repair with the keyboard alone, and the resident’s page follows live', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`${e2e.server.url}/admin`);

    // Sign in and open Repairs from the menu.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.type(ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /^Signed in · / }).waitFor();
    await tabTo(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Repairs' }));
    await page.keyboard.press('Enter');
    const boardHeading = page.getByRole('heading', { level: 2, name: 'Repairs' });
    await boardHeading.waitFor();
    assert.ok(await boardHeading.evaluate((el) => el.matches(':focus')), 'focus moves to the screen’s heading');

    // The board: the new report waits in "Received"; the demo's burst pipe is "In progress".
    const received = page.getByRole('region', { name: /^Received/ });
    const card = received.getByRole('link', { name: new RegExp(`^${trackingCode} · Water leak`) });
    await card.waitFor();
    await page
      .getByRole('region', { name: /^In progress/ })
      .getByRole('link', { name: /^R-7K3Q-9X2M/ })
      .waitFor();
    assert.match(await page.title(), /^\(\d+\) Repairs · /, 'waiting requests are counted in the title');
    assert.deepEqual(await accessibilityViolations(page), [], 'the board');

    // Filters: another building hides the report, its own building shows it again.
    await page.getByLabel('Building').selectOption({ label: '1号楼' });
    await received.getByText('None').waitFor();
    await page.getByLabel('Building').selectOption({ label: '2号楼' });
    await card.waitFor();
    await page.getByLabel('Assigned to').selectOption({ label: '社区管理员' });
    await received.getByText('None').waitFor();
    await page.getByLabel('Assigned to').selectOption({ label: 'All' });
    await card.waitFor();

    // Open the report.
    await tabTo(page, card);
    await page.keyboard.press('Enter');
    const detailHeading = page.getByRole('heading', { level: 2, name: `${trackingCode} · Water leak` });
    await detailHeading.waitFor();
    assert.match(new URL(page.url()).pathname, /^\/admin\/repairs\/[0-9a-f-]{36}$/);
    assert.ok(await detailHeading.evaluate((el) => el.matches(':focus')));
    await page.getByText('厨房水管接头漏水，地上全是水').waitFor();
    await page.getByText('139****5678').waitFor();
    await page.getByText('Where is it leaking? Kitchen').waitFor();
    assert.equal(await page.getByText('13912345678').count(), 0, 'the phone is masked until revealed');
    // The resident's photo is private, and staff see it.
    const photo = page.getByRole('img', { name: 'Photo 1 of 1 sent by the resident' });
    await photo.waitFor();
    await page.waitForFunction(
      (element) => element instanceof HTMLImageElement && element.complete && element.naturalWidth > 0,
      await photo.elementHandle(),
    );
    await page.getByText('Only staff can see this photo.').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the detail');

    // Reveal the phone (audited: checked in the database below).
    await tabTo(page, page.getByRole('button', { name: 'Reveal phone number' }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Phone number revealed' }).waitFor();
    await page.getByRole('link', { name: 'Call 13912345678' }).waitFor();

    // Assign to the community's administrator.
    await tabTo(page, page.getByLabel('Assigned to'));
    await page.keyboard.press('ArrowDown');
    await tabTo(page, page.getByRole('button', { name: 'Assign', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Assignment saved.' }).waitFor();
    await page.getByRole('region', { name: 'Details' }).getByText('社区管理员').waitFor();

    // An internal note: staff only.
    await tabTo(page, page.getByRole('textbox', { name: 'Note' }));
    await page.keyboard.type('住户腿脚不便，上门前先打电话');
    await page.keyboard.press('Tab'); // into the radio group, on the checked "resident" choice
    await page.keyboard.press('ArrowDown'); // "staff only"
    assert.ok(await page.getByLabel('Staff only (internal note)').isChecked());
    await tabTo(page, page.getByRole('button', { name: 'Post update' }));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: /^Update posted\.$/ })
      .waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('住户腿脚不便，上门前先打电话').waitFor();

    // A public update with a new status.
    await tabTo(page, page.getByLabel('New status'));
    await page.keyboard.press('ArrowDown'); // Acknowledged
    await tabTo(page, page.getByRole('textbox', { name: 'Note' }));
    await page.keyboard.type('网格员已收到，十分钟到');
    await tabTo(page, page.getByRole('button', { name: 'Post update' }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'The resident’s tracking page shows it now.' }).waitFor();
    await timeline.getByText('网格员已收到，十分钟到').waitFor();
    await page.getByText('Acknowledged').first().waitFor();

    // The resident's page, never reloaded, shows the public update and never the internal note.
    const residentTimeline = residentPage.locator('courtyard-repair-request [part=timeline]');
    await residentTimeline.filter({ hasText: '网格员已收到，十分钟到' }).waitFor({ timeout: 15_000 });
    assert.match((await residentTimeline.textContent()) ?? '', /已确认/);
    assert.doesNotMatch((await residentTimeline.textContent()) ?? '', /腿脚不便/);
    assert.ok(await residentPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded));

    // Show the photo to residents.
    await tabTo(page, page.getByRole('button', { name: 'Show to residents' }));
    await page.keyboard.press('Enter');
    await page.getByText('Residents can see this photo.').waitFor();

    assert.deepEqual(await accessibilityViolations(page), [], 'the detail after the updates');
    await guideScreenshot(page, 'repairs', { fullPage: true });

    // Back to the board: the report moved to "Acknowledged", assigned.
    await tabTo(page, page.getByRole('link', { name: 'Back to the repair board' }), 120);
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: /^Acknowledged/ })
      .getByRole('link', { name: new RegExp(`^${trackingCode}`) })
      .waitFor();

    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // Before signing in, the session check's 401 is logged by Chromium as a failed load; nothing else may be.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('answers an unknown or malformed repair id, and an ended session, with a message, not a broken page', async () => {
    const { context, page } = await watchedPage(e2e.browser, { locale: 'en-US' });
    await signInToConsole(page, { from: e2e.server.url });
    await page.goto(`${e2e.server.url}/admin/repairs/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').filter({ hasText: 'does not exist, or it belongs to another community' }).waitFor();
    await page.goto(`${e2e.server.url}/admin/repairs/not-an-id`);
    await page.getByRole('alert').filter({ hasText: 'does not exist, or it belongs to another community' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the not-found message');
    await page.getByRole('link', { name: 'Back to the repair board' }).click();
    await page.getByRole('heading', { level: 2, name: 'Repairs' }).waitFor();

    // Signed out elsewhere ("sign out everywhere", or the session expired): the next action says so.
    const signOut = await page.request.delete(`${e2e.server.url}/admin/api/sessions`);
    assert.equal(signOut.status(), 204);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor();
    await context.close();
  });

  it('stacks the board’s columns on a phone, in Chinese, without sideways scrolling', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'zh-CN',
      viewport: { width: 320, height: 640 },
    });
    await page.goto(`${e2e.server.url}/admin/repairs`);
    await page.getByLabel('邮箱').fill(ADMIN_EMAIL);
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 2, name: '报修' }).waitFor();
    await page
      .getByRole('region', { name: /^已确认/ })
      .getByRole('link', { name: /水管漏水/ })
      .first()
      .waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the board scrolls sideways by ${overflow}px`);
    const [first, second] = await Promise.all([
      page.getByRole('region', { name: /^已受理/ }).boundingBox(),
      page.getByRole('region', { name: /^已重新打开/ }).boundingBox(),
    ]);
    assert.ok(first && second && second.y > first.y + first.height - 1, 'columns stack');
    assert.deepEqual(await accessibilityViolations(page), [], 'the board in Chinese on a phone');

    // The detail fits too, in Chinese.
    await page
      .getByRole('region', { name: /^已确认/ })
      .getByRole('link', { name: /水管漏水/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 3, name: '处理记录' }).waitFor();
    await page.getByRole('button', { name: '查看完整电话' }).waitFor();
    const detailOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(detailOverflow <= 0, `the detail scrolls sideways by ${detailOverflow}px`);
    const post = await page.getByRole('button', { name: '发布' }).boundingBox();
    assert.ok(post && post.height >= 44 && post.width >= 44, 'the post button is a 44px target');
    assert.deepEqual(await accessibilityViolations(page), [], 'the detail in Chinese on a phone');
    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('recorded the phone reveal, the assignment and the updates in the audit log under the staff member', async () => {
    // The embedded database allows one process: stop the server, then read what it committed.
    await resident.close();
    assert.equal(await e2e.server.stop(), 0);
    const database = await openDatabase(
      e2e.server.storage.databaseUrl
        ? { driver: 'postgres', url: e2e.server.storage.databaseUrl }
        : { driver: 'pglite', dataDir: e2e.server.storage.dataDir },
    );
    try {
      const [admin] = await database.db
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(eq(staffUsers.email, ADMIN_EMAIL));
      const rows = await database.db
        .select({ action: auditLog.action, actorId: auditLog.actorId, subjectType: auditLog.subjectType })
        .from(auditLog)
        .where(and(eq(auditLog.actorId, admin!.id), eq(auditLog.subjectType, 'repair')));
      const actions = rows.map((row) => row.action);
      assert.equal(actions.filter((action) => action === 'repair.contact_revealed').length, 1);
      assert.equal(actions.filter((action) => action === 'repair.assigned').length, 1);
      assert.equal(actions.filter((action) => action === 'repair.updated').length, 2);
    } finally {
      await database.close();
    }
  });
});
