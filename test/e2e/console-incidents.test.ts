// Merging reports into one incident in the console, in a real Chromium against the real server: two
// residents report the same leak in 2号楼; staff merge the second into the first from its detail, post
// progress on the lead, and the second resident's tracking page (never reloaded) shows it live; then staff
// take the report out again. axe on the detail with an incident.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  accessibilityViolations,
  newContext,
  serverAndBrowser,
  signInToConsole,
  watchedPage,
} from './support/browser.js';

describe('the console’s incidents: one leak, two reports', () => {
  let resident: BrowserContext;
  let residentPage: Page;
  const codes: string[] = [];
  // Registered first, so the resident's context closes before the browser does.
  after(() => resident?.close());
  const e2e = serverAndBrowser();

  async function report(description: string) {
    const config = (await (await fetch(`${e2e.server.url}/api/v1/sites/demo/config`)).json()) as {
      categories: { id: string; slug: string; kind: string }[];
      buildings: { id: string; name: string }[];
    };
    const leak = config.categories.find((category) => category.kind === 'repair' && category.slug === 'water-leak');
    const building = config.buildings.find((candidate) => candidate.name === '2号楼');
    assert.ok(leak && building);
    const response = await fetch(`${e2e.server.url}/api/v1/sites/demo/repairs`, {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      body: JSON.stringify({
        category: leak.id,
        buildingId: building.id,
        description,
        answers: { where: 'kitchen' },
      }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { trackingCode: string }).trackingCode;
  }

  before(async () => {
    codes.push(await report('2号楼一层管道爆了，水漫出来'), await report('我家停水了'));
    resident = await newContext(e2e.browser, { locale: 'zh-CN' });
    residentPage = await resident.newPage();
    await residentPage.goto(`${e2e.server.url}/p/demo/track/${codes[1]}`);
    await residentPage.locator('courtyard-repair-request [part=timeline]').waitFor();
  });

  it('merges a report into the incident; its resident sees the lead’s progress live; unmerging frees it', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    await signInToConsole(page, { from: e2e.server.url });
    const list = (await (await page.request.get(`${e2e.server.url}/admin/api/repairs?limit=200`)).json()) as {
      items: { id: string; trackingCode: string }[];
    };
    const [leadId, followerId] = codes.map((code) => list.items.find((item) => item.trackingCode === code)?.id);
    assert.ok(leadId && followerId);

    // From the second report: pick the first as the lead.
    await page.goto(`${e2e.server.url}/admin/repairs/${followerId}`);
    const incident = page.getByRole('region', { name: 'Incident' });
    await incident.waitFor();
    await incident.getByLabel('Merge this report into the incident led by').selectOption({ value: leadId });
    await incident.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Merged into the incident.' }).waitFor();
    await incident.getByText('This report is merged into an incident.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Post update' }).count(), 0, 'progress goes on the lead');

    // The lead lists it; progress posted there reaches the merged resident's page live.
    await incident.getByRole('link', { name: 'Open the lead report' }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${codes[0]}`) }).waitFor();
    await incident.getByRole('link', { name: codes[1] as string }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the lead with its merged report');
    await page.getByLabel('New status').selectOption({ value: 'in_progress' });
    await page.getByRole('textbox', { name: 'Note' }).fill('已关总阀，正在抢修');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.getByRole('status').filter({ hasText: 'The resident’s tracking page shows it now.' }).waitFor();
    const residentTimeline = residentPage.locator('courtyard-repair-request [part=timeline]');
    await residentTimeline.filter({ hasText: '已关总阀，正在抢修' }).waitFor({ timeout: 15_000 });
    assert.match((await residentTimeline.textContent()) ?? '', /维修中/);

    // Unmerge from the lead.
    await incident.getByRole('button', { name: 'Unmerge' }).click();
    await page.getByRole('status').filter({ hasText: 'Taken out of the incident.' }).waitFor();
    await incident.getByText('No other report is merged into this one.').waitFor();
    const { consoleErrors, cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // Before signing in, the session check's 401 is logged by Chromium as a failed load; nothing else may be.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });
});
