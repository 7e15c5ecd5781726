// The dashboard and the CSV exports in a real Chromium against the real server: staff see this week's
// work, each chart's table holds exactly the numbers the chart draws (and the API gives), and the
// suggestions export downloads with its content checked; axe, keyboard only, a phone's width, strict CSP.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseCsv } from '../support/csv.js';
import { accessibilityViolations, serverAndBrowser, signInToConsole, watchedPage } from './support/browser.js';
import { tabTo } from './support/keyboard.js';
import { guideScreenshot } from './support/screenshots.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/server.js';

describe('the console dashboard and CSV exports', () => {
  const e2e = serverAndBrowser();
  const stamp = Date.now();
  const answered = `三号楼电梯经常停运，请尽快检修 ${stamp}`;
  const hostile = `=HYPERLINK("http://evil.example","点我") ${stamp}`;

  async function submitSuggestion(text: string): Promise<string> {
    const response = await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ text }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { id: string }).id;
  }

  const signIn = (page: Page) => signInToConsole(page, { from: e2e.server.url });

  /** Each chart's plotted series next to its table's columns, read from the page. */
  function chartAndTable(page: Page, chart: string) {
    return page.locator(`[data-chart="${chart}"]`).evaluate((section) => {
      const element = section.querySelector('courtyard-admin-chart') as HTMLElement & { plottedData: number[][] };
      const rows = [...section.querySelectorAll('tbody tr')].map((row) =>
        [...row.querySelectorAll('td.number')].map((cell) => Number((cell.textContent ?? '').replace(/[^\d]/g, ''))),
      );
      return { plotted: element.plottedData.slice(1), rows };
    });
  }

  it('shows the week’s figures as charts whose tables hold the same numbers, by keyboard, axe clean', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    await signIn(page);

    // Two suggestions this week; staff publish one, adopt it and answer it.
    const id = await submitSuggestion(answered);
    await submitSuggestion(hostile);
    const patch = await page.request.patch(`${e2e.server.url}/admin/api/suggestions/${id}`, {
      data: { moderation: 'publish', status: 'adopted', response: '已联系电梯公司，周五前完成检修。' },
    });
    assert.equal(patch.status(), 200, await patch.text());

    // Keyboard only: from the signed-in heading, Tab to the menu's Dashboard link and open it.
    await tabTo(page, (target) => target.tag === 'A' && target.text === 'Dashboard', 25);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 2, name: 'Dashboard' });
    await heading.waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
    assert.ok(await heading.evaluate((el) => el.matches(':focus')), 'focus moves to the dashboard heading');
    await page.locator('[data-chart="repairs"] canvas').first().waitFor();
    await page.locator('[data-chart="categories"] canvas').first().waitFor();

    const figures = (await (await page.request.get(`${e2e.server.url}/admin/api/dashboard?weeks=12`)).json()) as {
      perWeek: { suggestions: { received: number; answered: number }; repairs: Record<string, number> }[];
      byCategory: { received: number }[];
      notices: { openByKind: { open: number; households: number }[]; householdsAffected: number };
    };
    const thisWeek = figures.perWeek.at(-1)!;
    assert.ok(thisWeek.suggestions.received >= 2 && thisWeek.suggestions.answered >= 1, JSON.stringify(thisWeek));

    const suggestions = await chartAndTable(page, 'suggestions');
    assert.deepEqual(suggestions.plotted, [
      figures.perWeek.map((week) => week.suggestions.received),
      figures.perWeek.map((week) => week.suggestions.answered),
    ]);
    assert.deepEqual(
      suggestions.rows,
      figures.perWeek.map((week) => [week.suggestions.received, week.suggestions.answered]),
    );
    const repairs = await chartAndTable(page, 'repairs');
    assert.deepEqual(repairs.plotted, [
      figures.perWeek.map((week) => week.repairs.received),
      figures.perWeek.map((week) => week.repairs.answered),
      figures.perWeek.map((week) => week.repairs.resolved),
    ]);
    assert.deepEqual(
      repairs.rows,
      figures.perWeek.map((week) => [week.repairs.received, week.repairs.answered, week.repairs.resolved]),
    );
    const categories = await chartAndTable(page, 'categories');
    assert.deepEqual(categories.plotted, [figures.byCategory.map((row) => row.received)]);
    assert.deepEqual(
      categories.rows,
      figures.byCategory.map((row) => [row.received]),
    );

    // Notices: open ones by kind with the households affected, then every kind (a household counted once).
    const noticeRows = await page
      .getByRole('table', { name: 'Open notices by kind' })
      .evaluate((table) =>
        [...table.querySelectorAll('tbody tr, tfoot tr')].map((row) =>
          [...row.querySelectorAll('td.number')].map((cell) => Number((cell.textContent ?? '').replace(/[^\d]/g, ''))),
        ),
      );
    const open = figures.notices.openByKind;
    assert.ok(
      open.some((row) => row.open > 0 && row.households > 0),
      'the demo has open notices reaching households',
    );
    assert.deepEqual(noticeRows, [
      ...open.map((row) => [row.open, row.households]),
      [open.reduce((sum, row) => sum + row.open, 0), figures.notices.householdsAffected],
    ]);
    await page.getByRole('table', { name: 'Notices in the period' }).waitFor();

    // "You said, we did" shows the adopted suggestion with its answer, as text.
    await page.getByText(answered).waitFor();
    await page.getByText('已联系电梯公司，周五前完成检修。').first().waitFor();

    assert.deepEqual(await accessibilityViolations(page), [], 'the dashboard');
    await guideScreenshot(page, 'dashboard', { fullPage: true });

    // Export the suggestions with the keyboard; the browser saves the CSV.
    const exportButton = page.getByRole('button', { name: 'Export suggestions' });
    await exportButton.focus();
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^courtyard-suggestions-\d{4}-\d{2}-\d{2}\.csv$/);
    // A stream, not download.path(): the browser may be the e2e stage's shared one, in another process.
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    assert.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 with a byte-order mark');
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    assert.deepEqual(header?.slice(0, 4), ['id', 'received', 'category', 'text']);
    assert.deepEqual(header?.slice(-2), ['name', 'phone'], 'an admin gets the contact columns');
    const texts = rows.map((row) => row[3]);
    assert.ok(texts.includes(answered), 'Chinese text intact');
    assert.ok(texts.includes(`'${hostile}`), 'the formula is defused');
    const adopted = rows.find((row) => row[3] === answered);
    assert.equal(adopted?.[header!.indexOf('response')], '已联系电梯公司，周五前完成检修。');
    await page
      .getByRole('status')
      .filter({
        hasText: new RegExp(`Saved ${download.suggestedFilename().replace(/\./g, '\\.')} \\(${rows.length} rows\\)`),
      })
      .waitFor();

    // The export is in the audit log.
    const audit = await page.request.get(`${e2e.server.url}/admin/api/exports/audit-log.csv?lang=en`);
    assert.match(await audit.text(), /export\.downloaded,export,suggestions/);

    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, [], 'uPlot and the console run under the strict CSP');
    // The console asks for the session before signing in; that 401 is logged as a failed load, nothing else may be.
    assert.deepEqual(
      consoleErrors.filter((text) => !/status of 401/.test(text)),
      [],
    );
    await context.close();
  });

  it('fits a phone in Chinese at 320 CSS pixels without sideways scrolling, axe clean', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'zh-CN',
      viewport: { width: 320, height: 700 },
    });
    await page.goto(`${e2e.server.url}/admin`);
    await page.getByLabel('邮箱').fill(ADMIN_EMAIL);
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('heading', { level: 2, name: /^已登录/ }).waitFor();
    await page.goto(`${e2e.server.url}/admin/dashboard`);
    await page.getByRole('heading', { level: 2, name: '数据概览' }).waitFor();
    await page.locator('[data-chart="suggestions"] canvas').first().waitFor();
    await page.getByRole('button', { name: '导出建议' }).waitFor();
    await page.getByRole('table', { name: '进行中的通知（按类型）' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // What sticks out, when something does (a loop: tsx would wrap a named inner function in a helper).
    const wide = await page.evaluate(() => {
      const found: string[] = [];
      const roots: (Document | ShadowRoot)[] = [document];
      for (let root = roots.pop(); root; root = roots.pop()) {
        for (const element of root.querySelectorAll('*')) {
          const box = element.getBoundingClientRect();
          if (box.right > window.innerWidth + 1 && !element.closest('.table-wrap'))
            found.push(`${element.tagName.toLowerCase()}.${element.className} ${Math.round(box.right)}`);
          if (element.shadowRoot) roots.push(element.shadowRoot);
        }
      }
      return found.slice(0, 8);
    });
    assert.ok(overflow <= 0, `the dashboard scrolls sideways by ${overflow}px: ${wide.join('; ')}`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the dashboard in Chinese on a phone');
    const button = await page.getByRole('button', { name: '导出建议' }).boundingBox();
    assert.ok(button && button.height >= 44, 'the export button is a 44px target');
    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(
      consoleErrors.filter((text) => !/status of 401/.test(text)),
      [],
    );
    await context.close();
  });
});
