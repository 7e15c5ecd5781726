// The system Chromium (CHROME_PATH, set by test/run.mjs) driven by playwright-core; nothing is downloaded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { chromeArgs, chromePath } from '../../support/chromium.mjs';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer, startServer, stopCleanly } from './server.js';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromePath,
    headless: true,
    args: chromeArgs,
  });
}

/**
 * A fresh context (own cookies and storage) whose waits fail after 30 s with a clear message. CI runs two e2e
 * files at once on 2 cores, one of them sometimes the fault test's 1,500 writes: a vote took over 15 s there.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(30_000);
  return context;
}

export interface ServerAndBrowser {
  server: RunningServer;
  browser: Browser;
}

/**
 * Call inside a describe: starts the real server and Chromium before its tests, and after them closes the
 * browser and stops the server, failing unless it exits cleanly. Read `server` and `browser` inside tests.
 */
export function serverAndBrowser(options: Parameters<typeof startServer>[0] = {}): ServerAndBrowser {
  const running = {} as ServerAndBrowser;
  before(async () => {
    running.server = await startServer(options);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await stopCleanly(running.server);
  });
  return running;
}

/** A fresh context and page whose console errors and CSP violations are recorded. */
export async function watchedPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  return { context, page, problems: await watchProblems(page) };
}

export interface PageProblems {
  consoleErrors: string[];
  cspViolations: string[];
}

/**
 * Records console errors, uncaught exceptions and CSP violations (reported by the browser both as console
 * errors and as `securitypolicyviolation` events, which an init script collects past the page's CSP).
 */
export async function watchProblems(page: Page): Promise<PageProblems & { collect(): Promise<PageProblems> }> {
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    consoleErrors.push(text);
    if (/Content Security Policy|Trusted Type/i.test(text)) cspViolations.push(text);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return {
    consoleErrors,
    cspViolations,
    async collect() {
      const fromEvents = await page
        .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
        .catch(() => []);
      return { consoleErrors: [...consoleErrors], cspViolations: [...cspViolations, ...fromEvents] };
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.x A/AA violations on the page as it is now (shadow roots included). axe is injected
 * through the DevTools protocol, which the page's CSP does not govern, so the page itself stays strict.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Once a document: the console and the widgets redraw in place, so most checks find axe loaded already.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } })
      .axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      // Only violations are read: axe then skips describing every element that passed (a fifth of its time).
      resultTypes: ['violations'],
    });
    return results.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  });
}

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

const signInWords = {
  en: { email: 'Email', password: 'Password', button: 'Sign in' },
  'zh-CN': { email: '邮箱', password: '密码', button: '登录' },
};

/**
 * Fills the console's sign-in form with the seeded admin's account and clicks its button, finding the fields
 * by their labels in `language` (so a test in Chinese still proves the form is in Chinese); the caller waits
 * for the screen it expects next.
 */
export async function submitSignInForm(page: Page, language: keyof typeof signInWords): Promise<void> {
  const words = signInWords[language];
  await page.getByLabel(words.email).fill(ADMIN_EMAIL);
  await page.getByLabel(words.password).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: words.button }).click();
}

/**
 * Signs in through the console's own form, in either language, and waits for the signed-in home. With
 * `from`, opens the console there first; without, the page is already on the sign-in form.
 */
export async function signInToConsole(
  page: Page,
  { from, email = ADMIN_EMAIL, password = ADMIN_PASSWORD }: { from?: string; email?: string; password?: string } = {},
): Promise<void> {
  if (from) await page.goto(`${from}/admin`);
  await page.getByRole('heading', { name: /^(Sign in|登录)$/ }).waitFor();
  await page.getByLabel(/^(Email|邮箱)$/).fill(email);
  await page.getByLabel(/^(Password|密码)$/).fill(password);
  await page.getByLabel(/^(Password|密码)$/).press('Enter');
  await page.getByRole('heading', { level: 2, name: /^(Signed in|已登录)/ }).waitFor();
}

/** Polls `done` every 50 ms; fails naming `what` after `timeoutMs`. */
export async function waitUntil(page: Page, what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (const started = Date.now(); !done(); await page.waitForTimeout(50)) {
    assert.ok(Date.now() - started < timeoutMs, `waited ${timeoutMs / 1000} s for ${what}`);
  }
}

/**
 * Holds back the page's next GET of `url`: the server answers it at once, the page gets that answer only on
 * `release()`. An answer from before what the test does meanwhile, arriving after it: a live refresh overtaken
 * by the member's own action. `answers()` counts the answers to GETs of `url` the page has received.
 */
export async function holdNextAnswer(page: Page, url: string) {
  let answers = 0;
  page.on('response', (response) => {
    if (response.url() === url && response.request().method() === 'GET') answers += 1;
  });
  let release: (() => Promise<void>) | undefined;
  await page.route(url, async (route) => {
    if (route.request().method() !== 'GET' || release) return route.continue();
    const answer = await route.fetch();
    release = () => route.fulfill({ response: answer });
  });
  return {
    answers: () => answers,
    /** Waits until the page has asked for `url` and the server's answer is held. */
    held: () => waitUntil(page, `a GET of ${url}`, () => release !== undefined),
    release: async () => {
      assert.ok(release, 'nothing is held');
      await release();
    },
  };
}

/** Waits for the console's live stream (/admin/api/events) to be open; start it before signing in. */
export function liveStreamOpen(page: Page): Promise<unknown> {
  return page.waitForResponse((response) => response.url().endsWith('/admin/api/events') && response.ok());
}
