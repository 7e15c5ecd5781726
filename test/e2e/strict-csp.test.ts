// The strict-CSP example (examples/strict-csp) as a host site serves it: from its own origin, with
// `script-src 'self' <service>; style-src 'self'; connect-src <service>; require-trusted-types-for 'script';
// trusted-types lit-html`. Every widget must load its site's configuration and render in the page's
// language without a single CSP or Trusted Types violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { serveStrictCsp } from '../../examples/strict-csp/serve.mjs';
import { launchBrowser, newContext, watchProblems } from './support/browser.js';
import { type RunningServer, signInAsAdmin, startServer, stopCleanly } from './support/server.js';

const TAGS = ['courtyard-suggestion-box', 'courtyard-suggestion-board', 'courtyard-poll', 'courtyard-repair-request'];
const HAN = /[\u4e00-\u9fff]/;

/** Each widget's rendered shadow text, once every widget has rendered more than a loading line. */
async function widgetTexts(page: Page): Promise<Record<string, string>> {
  await page.waitForFunction(
    (tags) =>
      tags.every((tag) => {
        const element = document.querySelector(tag);
        const text = element?.shadowRoot?.textContent?.trim() ?? '';
        return text !== '' && !/^(Loading…|正在加载…)$/.test(text);
      }),
    TAGS,
  );
  // What residents and staff wrote (a suggestion's text, an answer) and the community's own data in a
  // <select> (its building names) stay in their language; only the widgets' own words follow the page's.
  // No named helper inside: tsx would wrap it in a __name() call the page does not have.
  return page.evaluate(
    (tags) =>
      Object.fromEntries(
        tags.map((tag) => {
          const root = document.querySelector(tag)?.shadowRoot;
          let text = '';
          if (root) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const node = walker.currentNode;
              if (!node.parentElement?.closest('[part="item"] p, option')) text += node.textContent;
            }
          }
          return [tag, text.replace(/\s+/g, ' ').trim()];
        }),
      ),
    TAGS,
  );
}

describe('the strict-CSP example page', () => {
  let server: RunningServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStrictCsp>>;
  let community: { 'zh-CN': string; en: string };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // localhost, not 127.0.0.1: a different origin from the service, allowed by the demo site's allowLocalhost.
    site = await serveStrictCsp({ service: server.url, host: 'localhost' });
    const config = await (await fetch(`${server.url}/api/v1/sites/demo/config`)).json();
    community = config.community.names;
  });

  after(async () => {
    await site?.close();
    await browser?.close();
    await stopCleanly(server);
  });

  async function open(path: string) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const configLoaded = page.waitForResponse(
      (response) => response.url().startsWith(`${server.url}/api/v1/sites/demo/config`) && response.status() === 200,
    );
    const response = await page.goto(`${site.url}${path}`);
    await configLoaded;
    return { context, page, problems, response };
  }

  it('is served with exactly the policy the docs give, from an origin other than the service', async () => {
    const { context, response } = await open('/');
    assert.notEqual(new URL(site.url).origin, new URL(server.url).origin);
    assert.equal(
      response?.headers()['content-security-policy'],
      `default-src 'self'; script-src 'self' ${server.url}; style-src 'self'; connect-src ${server.url}; ` +
        "require-trusted-types-for 'script'; trusted-types lit-html",
    );
    await context.close();
  });

  it('renders every widget in Chinese under <html lang="zh-CN"> with no violation or error', async () => {
    const { context, page, problems } = await open('/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    const texts = await widgetTexts(page);
    for (const tag of TAGS) {
      assert.match(texts[tag] ?? '', HAN, `${tag} speaks Chinese: ${texts[tag]}`);
      assert.doesNotMatch(texts[tag] ?? '', /coming soon|Loading/i, `${tag}: ${texts[tag]}`);
    }
    // The site's configuration reached the widgets through connect-src and CORS.
    assert.ok(
      Object.values(texts).some((text) => text?.includes(community['zh-CN'])),
      JSON.stringify(texts),
    );
    // The page's own stylesheet applied (style-src 'self').
    const border = await page
      .locator('.page-header')
      .evaluate((element) => getComputedStyle(element).borderBottomColor);
    assert.equal(border, 'rgb(15, 118, 110)');

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('renders every widget in English under <html lang="en"> with no violation or error', async () => {
    const { context, page, problems } = await open('/en.html');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const texts = await widgetTexts(page);
    // What staff wrote (the demo poll's question and options, in Chinese) is shown as written; the widget's
    // own words must be English.
    const polls = (await (await fetch(`${server.url}/api/v1/sites/demo/polls`)).json()).items as {
      title: string;
      description: string;
      options: { label: string }[];
    }[];
    const written = polls.flatMap((poll) => [poll.title, poll.description, ...poll.options.map((o) => o.label)]);
    for (const content of written) texts['courtyard-poll'] = (texts['courtyard-poll'] ?? '').split(content).join(' ');
    for (const tag of TAGS) {
      assert.doesNotMatch(texts[tag] ?? '', HAN, `${tag} speaks English only: ${texts[tag]}`);
      assert.match(texts[tag] ?? '', /[A-Za-z]{3,}/, `${tag}: ${texts[tag]}`);
    }
    assert.ok(
      Object.values(texts).some((text) => text?.includes(community.en)),
      JSON.stringify(texts),
    );

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('follows a language switch made after load, still without violations', async () => {
    const { context, page, problems } = await open('/en.html');
    await widgetTexts(page);
    await page.evaluate(() => document.documentElement.setAttribute('lang', 'zh-CN'));
    await page.waitForFunction(
      (tag) => /[\u4e00-\u9fff]/.test(document.querySelector(tag)?.shadowRoot?.textContent ?? ''),
      'courtyard-poll',
    );
    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('sends a suggestion through the widget from the strict-CSP page, still without a violation', async () => {
    const { context, page, problems } = await open('/');
    const box = page.locator('courtyard-suggestion-box');
    await box.locator('textarea').waitFor();
    const suggestion = `严格CSP页面上的建议：希望增加自行车棚 ${Date.now()}`;
    await box.locator('textarea').fill(suggestion);
    // Similar suggestions are looked up while typing (a cross-origin GET through connect-src).
    await page.waitForTimeout(600);
    await box.locator('button[type="submit"]').click();
    const thanks = box.locator('[part="thanks"]');
    await thanks.waitFor();
    assert.match(await thanks.innerText(), /谢谢/);
    const followCode = (await thanks.locator('.code').innerText()).trim();
    const followed = await fetch(`${server.url}/api/v1/sites/demo/suggestions/follow/${followCode}`);
    assert.equal((await followed.json()).text, suggestion);

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('proves work for a site that asks it of every write, on the strict-CSP page, without a violation', async () => {
    const cookie = await signInAsAdmin(server.url);
    const staff = { cookie, origin: server.url, 'content-type': 'application/json' };
    const sites = (await (await fetch(`${server.url}/admin/api/sites`, { headers: { cookie } })).json()) as {
      items: { id: string; siteKey: string }[];
    };
    const demo = sites.items.find((item) => item.siteKey === 'demo');
    assert.ok(demo);
    const setAlways = (always: boolean) =>
      fetch(`${server.url}/admin/api/sites/${demo.id}/proof-of-work`, {
        method: 'PUT',
        headers: staff,
        body: JSON.stringify({ always }),
      });
    assert.equal((await setAlways(true)).status, 200);
    try {
      const { context, page, problems } = await open('/en.html');
      const box = page.locator('courtyard-suggestion-box');
      await box.locator('textarea').waitFor();
      const suggestion = `Strict CSP page, proof of work: a bench by the gate ${Date.now()}`;
      await box.locator('textarea').fill(suggestion);
      const challenged = page.waitForResponse(
        (response) => response.url().endsWith('/api/v1/sites/demo/suggestions') && response.status() === 428,
      );
      await box.locator('button[type="submit"]').click();
      await challenged;
      const thanks = box.locator('[part="thanks"]');
      await thanks.waitFor();
      assert.match(await thanks.innerText(), /Thank you/);
      const followCode = (await thanks.locator('.code').innerText()).trim();
      const followed = await fetch(`${server.url}/api/v1/sites/demo/suggestions/follow/${followCode}`);
      assert.equal((await followed.json()).text, suggestion);

      const { cspViolations, consoleErrors } = await problems.collect();
      assert.deepEqual(cspViolations, []);
      // The 428 itself is logged by the browser as a failed request; nothing else may be.
      assert.deepEqual(
        consoleErrors.filter((line) => !/status of 428/.test(line)),
        [],
      );
      await context.close();
    } finally {
      await setAlways(false);
    }
  });
});
