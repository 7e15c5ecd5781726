// The extend example (examples/extend) as a developer runs it without a bundler: the page and the ESM build
// of @courtyard/widgets with Lit, served from this repository through the page's import map, against the
// real server. The subclass registers under its own tag and renders its override; the original tag still works.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, watchProblems } from './support/browser.js';
import { type RunningServer, startServer, stopCleanly } from './support/server.js';

const repoRoot = new URL('../../', import.meta.url);
const servedFolders = ['/examples/extend/', '/node_modules/'];
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves the example and node_modules from the repository on localhost, with the service origin filled in. */
async function serveExample(service: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname.replace(/\/$/, '/index.html');
    const type = types[extname(path)];
    if (!type || path.includes('..') || !servedFolders.some((folder) => path.startsWith(folder))) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(fileURLToPath(new URL(`.${path}`, repoRoot)), 'utf8');
      response.writeHead(200, { 'content-type': type });
      response.end(path.endsWith('.html') ? body.replaceAll('http://localhost:8080', service) : body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

/** The text of `#id`'s shadow root once its site configuration has loaded (the community's name shows). */
async function shadowText(page: Page, id: string, communityName: string): Promise<string> {
  await page.waitForFunction(
    ([selector, name]) => document.querySelector(selector)?.shadowRoot?.textContent?.includes(name) ?? false,
    [`#${id}`, communityName] as const,
  );
  return page.$eval(`#${id}`, (element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

describe('the extend example', () => {
  let server: RunningServer;
  let browser: Browser;
  let example: { url: string; server: Server };
  let community: { 'zh-CN': string; en: string };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    example = await serveExample(server.url);
    community = (await (await fetch(`${server.url}/api/v1/sites/demo/config`)).json()).community.names;
  });

  after(async () => {
    await new Promise((resolve) => example?.server.close(resolve));
    await browser?.close();
    await stopCleanly(server);
  });

  it('registers the subclass under its own tag, renders its banner, and leaves the original tag working', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${example.url}/examples/extend/`);

    // A wait with the context's timeout: a module the import map cannot resolve leaves the tag undefined forever.
    await page
      .waitForFunction(() => customElements.get('my-community-suggestion-box') !== undefined)
      .catch((error) => assert.fail(`the subclass was never defined (${problems.consoleErrors.join('; ')}): ${error}`));
    const classes = await page.evaluate(() => {
      const ours = customElements.get('my-community-suggestion-box')!;
      const original = customElements.get('courtyard-suggestion-box')!;
      return {
        subclass: ours.prototype instanceof original,
        distinct: ours !== original,
        name: ours.name,
      };
    });
    assert.deepEqual(classes, { subclass: true, distinct: true, name: 'MyCommunitySuggestionBox' });

    // Ours: the banner in the page's language (en), then the original content with the community's name.
    const ours = await shadowText(page, 'ours', community.en);
    assert.match(ours, /^Suggestion box for Building 3 The building head collects them every Monday/);
    assert.ok(
      await page.$eval(
        '#ours',
        (element) => element.shadowRoot?.querySelector('[part="banner"] + [part="base"]') !== null,
      ),
      'the banner sits above the original widget',
    );
    // The banner follows the theme's tokens: the default accent, as the parent's buttons use it.
    // Colours as sRGB bytes: the text on the accent is computed in CSS, so it may come back in another space.
    const banner = await page.$eval('#ours', (element) => {
      const style = getComputedStyle(element.shadowRoot!.querySelector('[part="banner"]')!);
      const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
      const [background, color] = [style.backgroundColor, style.color].map((colour) => {
        context.clearRect(0, 0, 1, 1);
        context.fillStyle = colour;
        context.fillRect(0, 0, 1, 1);
        const [red, green, blue] = context.getImageData(0, 0, 1, 1).data;
        return `rgb(${red}, ${green}, ${blue})`;
      });
      return { background, color };
    });
    assert.deepEqual(banner, { background: 'rgb(29, 78, 216)', color: 'rgb(255, 255, 255)' });

    // With its own lang, the same subclass speaks Chinese.
    const oursZh = await shadowText(page, 'ours-zh', community['zh-CN']);
    assert.match(oursZh, /^三号楼居民意见箱 楼长每周一汇总/);

    // The original tag: the same widget without the banner.
    const original = await shadowText(page, 'original', community.en);
    assert.equal(
      await page.$eval('#original', (element) => element.shadowRoot?.querySelector('[part="banner"]')),
      null,
    );
    assert.ok(ours.endsWith(original), `ours keeps the original content:\n${ours}\n${original}`);

    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(cspViolations, []);
    await context.close();
  });
});
