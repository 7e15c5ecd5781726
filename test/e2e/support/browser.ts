// The system Chromium (CHROME_PATH, set by test/run.mjs) driven by playwright-core; nothing is downloaded.
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromeArgs,
  });
}

/** A fresh context (own cookies and storage) whose waits fail after 15 s with a clear message. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  return context;
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
