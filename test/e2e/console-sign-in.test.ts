// Signing in to the console when one email works for two communities, in a real Chromium against the real
// server: the password opens both, so the console asks which community, and signs in to the one chosen — by
// mouse and by keyboard, in English and Chinese, with no accessibility problem or CSP violation.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, watchedPage } from './support/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer, startServer, stopCleanly } from './support/server.js';

const cliEntry = new URL('../../packages/server/dist/cli/courtyard.js', import.meta.url).pathname;

describe('the console: one email, two communities', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    // The first start seeds the demo community and its admin; then, with the server stopped (PGlite is one
    // process), the CLI adds a second community where the same email is an admin with the same password.
    const first = await startServer();
    assert.equal(await first.stop(), 0, first.output());
    const env = {
      PATH: process.env.PATH,
      COURTYARD_DATA_DIR: first.storage.dataDir,
      ...(first.storage.databaseUrl ? { DATABASE_URL: first.storage.databaseUrl } : {}),
    };
    const run = (args: string[]) => promisify(execFile)(process.execPath, [cliEntry, ...args], { env });
    await run(['community', 'create', '--slug', 'fangzhuang', '--name-zh', '芳庄社区', '--name-en', 'Fangzhuang']);
    const created = await run([
      'staff',
      'create',
      '--community',
      'fangzhuang',
      '--email',
      ADMIN_EMAIL,
      '--name',
      '芳庄管理员',
      '--role',
      'admin',
      '--password',
      ADMIN_PASSWORD,
    ]);
    assert.match(created.stdout, /Created admin admin@example.org/);
    server = await startServer({ storage: first.storage });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stopCleanly(server);
  });

  async function typeCredentials(page: Page, labels: { email: RegExp; password: RegExp }) {
    await page.getByLabel(labels.email).fill(ADMIN_EMAIL);
    await page.getByLabel(labels.password).fill(ADMIN_PASSWORD);
    await page.getByLabel(labels.password).press('Enter');
  }

  it('asks which community, then signs in to the one chosen; signing in again can choose the other', async () => {
    const { context, page, problems } = await watchedPage(browser, { locale: 'en-US' });
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await typeCredentials(page, { email: /^Email$/, password: /^Password$/ });

    const question = page.getByRole('heading', { name: 'Which community?' });
    await question.waitFor();
    assert.ok(await question.evaluate((el) => el.matches(':focus')), 'focus moves to the question');
    const choices = page.getByRole('button', { name: /^Sign in to / });
    assert.deepEqual(await choices.allTextContents().then((texts) => texts.map((text) => text.trim())), [
      'Sign in to Puhuangyu Community',
      'Sign in to Fangzhuang',
    ]);
    assert.deepEqual(await accessibilityViolations(page), [], 'the community choice');
    const session = await page.request.get(`${server.url}/admin/api/session`);
    assert.equal(session.status(), 401, 'no session before choosing');

    await page.getByRole('button', { name: 'Sign in to Fangzhuang' }).click();
    await page.getByRole('heading', { level: 2, name: 'Signed in · Fangzhuang' }).waitFor();

    // Switching: sign out, sign in again, and choose the other one with the keyboard alone.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await typeCredentials(page, { email: /^Email$/, password: /^Password$/ });
    await question.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /^Signed in · Puhuangyu/ }).waitFor();

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The console's first look for a session answers 401 (signed out), which Chromium logs; nothing else may be.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('goes back to the form with the email kept, and asks in Chinese on a Chinese console', async () => {
    const { context, page, problems } = await watchedPage(browser, { locale: 'zh-CN' });
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await typeCredentials(page, { email: /^邮箱$/, password: /^密码$/ });
    await page.getByRole('heading', { name: '选择社区' }).waitFor();
    await page.getByRole('button', { name: '登录芳庄社区' }).waitFor();
    await page.getByRole('button', { name: '登录蒲黄榆社区' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the community choice in Chinese');

    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    assert.equal(await page.getByLabel(/^邮箱$/).inputValue(), ADMIN_EMAIL);
    assert.ok(
      await page.getByLabel(/^密码$/).evaluate((el) => el.matches(':focus')),
      'the cursor waits in the password field',
    );
    assert.deepEqual((await problems.collect()).cspViolations, []);
    await context.close();
  });
});
