// The pages people open, in a real Chromium against the real server: the demo community page, the API
// reference, and the staff console's sign-in and sign-out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchBrowser, newContext, watchProblems } from './support/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer, startServer, stopCleanly } from './support/server.js';

describe('pages people open', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    // What `npm start` does the first time: create the database, migrate and seed it. One after the other:
    // that needs the CPU more than Chromium does.
    server = await startServer({ firstStart: true });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stopCleanly(server);
  });

  it('serves the demo community page with every widget, under a strict CSP', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${server.url}/`);
    assert.equal(response?.status(), 200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.equal(response?.headers()['x-content-type-options'], 'nosniff');

    assert.match(await page.title(), /蒲黄榆社区/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    for (const tag of [
      'courtyard-suggestion-box',
      'courtyard-suggestion-board',
      'courtyard-poll',
      'courtyard-repair-request',
      'courtyard-notices',
      'courtyard-topics',
      'courtyard-rota',
    ]) {
      assert.equal(await page.locator(tag).count(), 1, `${tag} is on the page`);
    }
    assert.equal(await page.locator('script[src="/embed/v1/courtyard.js"][data-site="demo"]').count(), 1);
    // The page's own stylesheet applied (it is served from /demo/, not inline).
    const headerBackground = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(headerBackground, 'rgb(179, 38, 30)');
    assert.equal(await page.locator('a[href="/admin"]').count(), 1);
    assert.equal(await page.locator('a[href="/docs"]').count(), 1);

    assert.deepEqual(await accessibilityViolations(page), []);
    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await context.close();
  });

  it('shows the API reference at /docs from a valid /openapi.json', async () => {
    const spec = await fetch(`${server.url}/openapi.json`);
    assert.equal(spec.status, 200);
    const document = (await spec.json()) as { openapi: string; info: { title: string }; paths: object };
    assert.match(document.openapi, /^3\./);
    assert.equal(document.info.title, 'Courtyard API');
    assert.ok('/readyz' in document.paths);

    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${server.url}/docs`);
    assert.match(response?.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Courtyard API' }).waitFor();
    assert.ok((await page.locator('.opblock').count()) > 0, 'operations are listed');
    // Swagger UI sets one inline style, which the policy blocks (the page works without it); no script is refused.
    const { cspViolations } = await problems.collect();
    assert.deepEqual(
      cspViolations.filter((text) => !/inline style|style-src/.test(text)),
      [],
      'the reference runs under its policy',
    );
    await context.close();
  });

  it('serves the console for its deep links while unknown /admin/api paths stay JSON errors', async () => {
    for (const path of ['/admin/', '/admin/repairs/8f0c2d4e']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await response.text(), /<courtyard-admin-app>/);
      assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    }
    const api = await fetch(`${server.url}/admin/api/no-such-route`);
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'COURTYARD_NOT_FOUND');
    const bundle = await fetch(`${server.url}/admin/assets/admin.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    assert.equal(bundle.headers.get('x-content-type-options'), 'nosniff');
    // Read it: a response nobody reads stays in flight, and shutdown would rightly wait for it.
    assert.ok((await bundle.text()).length > 0);
    // The demo page's HTML is served at / only, not as a second copy under /demo/.
    const copy = await fetch(`${server.url}/demo/index.html`);
    assert.equal(copy.status, 404);
    await copy.body?.cancel();
  });

  it('lets a staff member sign in through the console and sign out again', async () => {
    const context = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${server.url}/admin`);
    assert.match(response?.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.match(response?.headers()['content-security-policy'] ?? '', /require-trusted-types-for 'script'/);

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the sign-in form');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is not right' }).waitFor();
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await accessibilityViolations(page), [], 'the sign-in form with an error');

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const home = page.getByRole('heading', { level: 2, name: /^Signed in · / });
    await home.waitFor();
    assert.match((await home.textContent()) ?? '', /蒲黄榆社区|Puhuangyu/);
    await page.getByText(`(${ADMIN_EMAIL})`).waitFor();
    assert.ok(await home.evaluate((el) => el.matches(':focus')), 'focus moves to the signed-in heading');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Home' }).waitFor();
    assert.equal(await page.title(), 'Courtyard staff console');
    assert.deepEqual(await accessibilityViolations(page), [], 'the signed-in home');

    // The session survives a reload (cookie, checked by GET /admin/api/session).
    await page.reload();
    await home.waitFor();

    // An unknown console path says so and links home; the link navigates without a reload.
    await page.goto(`${server.url}/admin/no-such-screen`);
    await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
    await page.getByRole('link', { name: 'Back to the console’s home page' }).click();
    await home.waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const session = await page.request.get(`${server.url}/admin/api/session`);
    assert.equal(session.status(), 401);

    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The wrong password's 401 is logged by Chromium as a failed resource load; nothing else may be.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('fits a phone held upright at 320 CSS pixels (as at 400% zoom) without sideways scrolling', async () => {
    const context = await newContext(browser, { viewport: { width: 320, height: 640 }, locale: 'zh-CN' });
    const page = await context.newPage();
    for (const path of ['/', '/admin']) {
      await page.goto(`${server.url}${path}`);
      if (path === '/admin') await page.getByRole('heading', { name: '登录' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
    assert.deepEqual(await accessibilityViolations(page), [], 'the console in Chinese on a phone');
    const button = await page.getByRole('button', { name: '登录' }).boundingBox();
    assert.ok(button && button.height >= 44 && button.width >= 44, 'the sign-in button is a 44px target');
    await context.close();
  });

  it('switches the console to Chinese and remembers the choice', async () => {
    const context = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByLabel('邮箱').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });
});
