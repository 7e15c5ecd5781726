// The console's management screens in a real Chromium against the real server: an admin allows an origin
// and copies the snippet, previews a widget, invites a colleague who opens the link, sets a password and
// signs in, and reads the audit log; a staff-role colleague can open none of these screens or their API.
// Screenshots for docs/admin-guide are taken on the way (when asked: support/screenshots.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations, serverAndBrowser, signInToConsole, watchedPage } from './support/browser.js';
import { guideScreenshot } from './support/screenshots.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/server.js';

const screenshot = (page: Page, area: string) => guideScreenshot(page, area);

const COLLEAGUE_EMAIL = 'grid.worker@example.org';
const COLLEAGUE_PASSWORD = 'three buildings before noon';

describe('the console: sites, staff and the audit log', () => {
  // Request logs on: the invitation test reads the real log for the link's token.
  const e2e = serverAndBrowser({ env: { LOG_LEVEL: 'info' } });

  const signIn = (page: Page, email: string, password: string) => signInToConsole(page, { email, password });

  const configFrom = (origin: string) =>
    fetch(`${e2e.server.url}/api/v1/sites/demo/config`, { headers: { origin } }).then(async (response) => {
      await response.body?.cancel();
      return response.status;
    });

  it('an admin allows an origin with the keyboard, sees the snippet with its SRI hash and a live preview', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1100, height: 900 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.server.url });
    await page.goto(`${e2e.server.url}/admin`);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sites' }).click();
    const heading = page.getByRole('heading', { level: 2, name: 'Sites' });
    await heading.waitFor();
    assert.equal(await heading.evaluate((el) => el.matches(':focus')), true, 'focus moves to the heading');
    const site = page
      .getByRole('region', { name: /./ })
      .filter({ has: page.getByText('demo', { exact: true }) })
      .first();
    await site.waitFor();

    const origin = 'https://www.puhuangyu-example.org';
    assert.equal(await configFrom(origin), 403);
    // Keyboard only: focus the field, type, and press Enter to submit.
    await page.getByLabel('Add an allowed origin').first().focus();
    await page.keyboard.type(origin);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `${origin} is now allowed.` })
      .waitFor();
    await page.getByRole('button', { name: `Remove ${origin}` }).waitFor();
    assert.equal(await configFrom(origin), 200);

    // A path is refused with the rule in plain words, and nothing is added.
    await page.getByLabel('Add an allowed origin').first().fill('https://www.example.org/page');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'an origin is exactly scheme://host[:port]' }).waitFor();
    await page.getByLabel('Add an allowed origin').first().fill('');

    // The snippet pins the published version and SRI hash of the script-tag bundle.
    const manifest = (await (await fetch(`${e2e.server.url}/embed/v1/manifest.json`)).json()) as {
      src: string;
      integrity: string;
    };
    const snippet = (await page.locator('pre').first().textContent()) ?? '';
    assert.match(snippet, new RegExp(`src="${e2e.server.url}${manifest.src}"`));
    assert.match(snippet, new RegExp(`integrity="${manifest.integrity.replace(/[+/]/g, '\\$&')}"`));
    assert.match(snippet, /crossorigin="anonymous"/);
    assert.match(snippet, /data-site="demo"/);
    await page.getByRole('button', { name: 'Copy snippet' }).first().click();
    await page.getByRole('status').filter({ hasText: 'Snippet copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

    // The live preview is the real widget in a frame of this server (allowed by the console's CSP).
    const frame = page.frameLocator('iframe[title^="Preview of Suggestion box"]').first();
    await frame.locator('courtyard-suggestion-box textarea').waitFor();
    await page.getByLabel('Widget to preview').first().selectOption('repair-request');
    await page
      .frameLocator('iframe[title^="Preview of Repair request"]')
      .first()
      .locator('courtyard-repair-request')
      .waitFor();

    assert.deepEqual(await accessibilityViolations(page), [], 'the Sites screen');
    await heading.scrollIntoViewIfNeeded();
    await screenshot(page, 'sites');

    // Removing the origin stops it at once (this instance's site cache forgets the site).
    await page.getByRole('button', { name: `Remove ${origin}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${origin} is no longer allowed.` })
      .waitFor();
    assert.equal(await configFrom(origin), 403);

    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await context.close();
  });

  it('an admin invites a colleague, who opens the link, chooses a password and signs in', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1100, height: 900 },
    });
    await page.goto(`${e2e.server.url}/admin`);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { level: 2, name: 'Staff' }).waitFor();
    await page.getByRole('rowheader').first().waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the Staff screen');

    // Keyboard only through the invitation form.
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.type('李网格员');
    await page.keyboard.press('Tab');
    await page.keyboard.type(COLLEAGUE_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const linkField = page.getByLabel('Invitation link for 李网格员');
    await linkField.waitFor();
    assert.equal(await linkField.evaluate((el) => el.matches(':focus')), true, 'focus moves to the link');
    const link = await linkField.inputValue();
    assert.match(link, new RegExp(`^${e2e.server.url}/admin/invite#[A-Za-z0-9_-]{43}$`));
    const token = new URL(link).hash.slice(1);
    const row = page.getByRole('row').filter({ hasText: COLLEAGUE_EMAIL });
    await row.getByText('Invited, not joined yet').waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the Staff screen with a link');
    await screenshot(page, 'staff');

    // The colleague, on another device with no session.
    const {
      context: theirs,
      page: colleague,
      problems: theirProblems,
    } = await watchedPage(e2e.browser, { locale: 'en-US' });
    // A link of the old form (token in the path) still opens the page, moved to the fragment on the way.
    await colleague.goto(`${e2e.server.url}/admin/invite/${token}`);
    await colleague.getByRole('heading', { name: 'Join the staff console' }).waitFor();
    assert.equal(colleague.url(), link);
    await colleague.goto(link);
    await colleague.getByRole('heading', { name: 'Join the staff console' }).waitFor();
    await colleague.getByText('Welcome, 李网格员.').waitFor();
    assert.equal(await colleague.getByLabel('Email (your sign-in name)').inputValue(), COLLEAGUE_EMAIL);
    assert.deepEqual(await accessibilityViolations(colleague), [], 'the invitation page');
    await colleague.getByLabel('New password', { exact: true }).fill('too short');
    await colleague.getByRole('button', { name: 'Save password' }).click();
    await colleague.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();
    await colleague.getByLabel('New password', { exact: true }).fill(COLLEAGUE_PASSWORD);
    await colleague.getByLabel('New password again').fill(COLLEAGUE_PASSWORD);
    await colleague.getByRole('button', { name: 'Save password' }).click();
    await colleague.getByText('Your password is saved. You can sign in now.').waitFor();
    assert.equal(colleague.url(), `${e2e.server.url}/admin/invite`, 'the used token leaves the address bar');
    await colleague.getByRole('link', { name: 'Go to sign-in' }).click();
    await signIn(colleague, COLLEAGUE_EMAIL, COLLEAGUE_PASSWORD);

    // The link was single use.
    await colleague.goto(link);
    await colleague.getByRole('alert').filter({ hasText: 'This link cannot be used' }).waitFor();

    // The server's own log (JSON lines, request logs on) saw the pages and the API calls, never the token.
    assert.match(e2e.server.output(), /"path":"\/admin\/invite"/);
    assert.equal(e2e.server.output().includes(token), false, 'no log line holds the invitation token');

    // The admin's list now shows the colleague as active.
    await page.reload();
    await page.getByRole('row').filter({ hasText: COLLEAGUE_EMAIL }).getByText('Active').waitFor();

    assert.deepEqual((await problems.collect()).cspViolations, []);
    assert.deepEqual((await theirProblems.collect()).cspViolations, []);
    await theirs.close();
    await context.close();
  });

  it('a staff-role colleague cannot open Sites, Staff or the Audit log, on screen or through the API', async () => {
    const { context, page } = await watchedPage(e2e.browser, { locale: 'en-US' });
    await page.goto(`${e2e.server.url}/admin`);
    await signIn(page, COLLEAGUE_EMAIL, COLLEAGUE_PASSWORD);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    await menu.getByRole('link', { name: 'Home' }).waitFor();
    for (const name of ['Sites', 'Staff', 'Audit log']) {
      assert.equal(await menu.getByRole('link', { name }).count(), 0, `${name} is not in the menu`);
    }
    for (const area of ['sites', 'staff', 'audit']) {
      await page.goto(`${e2e.server.url}/admin/${area}`);
      await page.getByRole('heading', { name: 'Only administrators can open this page.' }).waitFor();
      const status = await page.evaluate(async (path) => (await fetch(path)).status, `/admin/api/${area}`);
      assert.equal(status, 403, `GET /admin/api/${area}`);
    }
    const write = await page.evaluate(async () => {
      const response = await fetch('/admin/api/staff/invitations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sneaky@example.org', displayName: 'x', role: 'admin' }),
      });
      return response.status;
    });
    assert.equal(write, 403);
    await context.close();
  });

  it('an admin reads the audit log, filters it and opens the before and after of a change', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1100, height: 900 },
    });
    await page.goto(`${e2e.server.url}/admin`);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 2, name: 'Audit log' }).waitFor();
    await page.getByRole('rowheader', { name: 'staff.invitation_accepted' }).waitFor();
    await page.getByRole('rowheader', { name: 'site.origin_removed' }).waitFor();

    await page.getByLabel('Action', { exact: true }).fill('site');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /entr(y|ies) on page 1/ })
      .waitFor();
    const actions = await page.getByRole('rowheader').allTextContents();
    assert.ok(actions.length >= 2, `found ${actions.join(', ')}`);
    assert.equal(
      actions.every((action) => action.trim().startsWith('site.')),
      true,
      actions.join(', '),
    );
    const removal = page.getByRole('row').filter({ hasText: 'site.origin_removed' }).first();
    await removal.getByText('Before and after').click();
    assert.match((await removal.locator('dd').first().textContent()) ?? '', /puhuangyu-example\.org/);
    assert.deepEqual(await accessibilityViolations(page), [], 'the Audit log screen');
    await screenshot(page, 'audit');

    // The same screens in Chinese on a phone held upright (320 CSS pixels, as at 400% zoom): no sideways scrolling.
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { level: 2, name: '操作记录' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the Audit log screen in Chinese');
    await page.setViewportSize({ width: 320, height: 640 });
    for (const [area, title] of [
      ['sites', '站点'],
      ['staff', '工作人员'],
      ['audit', '操作记录'],
    ] as const) {
      await page.goto(`${e2e.server.url}/admin/${area}`);
      await page.getByRole('heading', { level: 2, name: title }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `/admin/${area} scrolls sideways by ${overflow}px`);
    }
    assert.deepEqual((await problems.collect()).cspViolations, []);
    await context.close();
  });
});
