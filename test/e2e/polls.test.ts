// Polls in a real Chromium against the real server (PGlite, or PostgreSQL with DATABASE_URL): a resident votes
// on the demo page's poll; a household opens its code sheet's QR link, finds its code filled in and votes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessibilityViolations, newContext, serverAndBrowser, watchedPage } from './support/browser.js';
import { signInAsAdmin } from './support/server.js';

describe('polls end to end', () => {
  const e2e = serverAndBrowser();

  const staffCookie = () => signInAsAdmin(e2e.server.url);

  it("votes on the demo page's poll and sees the live results, with no accessibility violation", async () => {
    const { context, page, problems } = await watchedPage(e2e.browser);
    await page.goto(`${e2e.server.url}/#poll`);
    const poll = page.locator('courtyard-poll');
    await poll.getByText('周末便民服务，您最希望增加哪些项目？').waitFor();
    await poll.getByLabel('理发').check();
    await poll.getByLabel('法律咨询').check();
    await poll.getByRole('button', { name: '投票' }).click();
    await poll.getByText('谢谢，您的投票已记录。').waitFor();
    await poll.getByText('共 1 票').waitFor();
    assert.equal(await poll.getByText('1 票 · 100%').count(), 2);
    assert.deepEqual(await accessibilityViolations(page), []);
    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await context.close();
  });

  it("opens a household's QR link on the hosted page with the code filled in, sees its own cost share, and votes once", async () => {
    const cookie = await staffCookie();
    const polls = await (await fetch(`${e2e.server.url}/api/v1/sites/demo/polls`)).json();
    const owners = polls.items.find((item: { decision: string }) => item.decision === 'owners');
    const staffPoll = await (
      await fetch(`${e2e.server.url}/admin/api/polls/${owners.id}`, { headers: { cookie } })
    ).json();
    const issued = await fetch(`${e2e.server.url}/admin/api/polls/${owners.id}/ballot-codes`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: { type: 'unit', unitId: staffPoll.scope.unitId } }),
    });
    assert.equal(issued.status, 201);
    const codes = (await issued.json()).items as { label: string; code: string; url: string }[];
    const top = codes.find((code) => code.label.endsWith('601'))!;
    assert.ok(top.url.startsWith(`${e2e.server.url}/p/demo/polls/${owners.id}?code=`), top.url);

    const { context, page, problems } = await watchedPage(e2e.browser);
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    // The hosted page names its own empty icon, so the browser asks for no /favicon.ico: any error is real.
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
    });
    await page.goto(top.url);
    const poll = page.locator('courtyard-poll');
    await poll.getByText('1号楼 1单元 601 · 88.6 平方米').waitFor();
    assert.equal(await poll.locator('#code').inputValue(), top.code);
    // Floor 6 pays 32 % of the lift; its two flats 16 % each. Before 2026-12 this said 32 % to each flat.
    await poll.getByText('您户分摊费用：16%').waitFor();
    await poll.getByText('6 层合计分摊 32%，由该层 2 户平均承担。').waitFor();
    // Results are "after voting": the widget does not ask for them before the vote, so nothing fails.
    assert.deepEqual(failed, []);
    assert.deepEqual(consoleErrors, []);
    await poll.getByLabel('同意', { exact: true }).check();
    await poll.getByRole('button', { name: '投票' }).click();
    await poll.getByText('谢谢，您的投票已记录。').waitFor();
    // "After voting": this household now sees turnout and approval by households and floor area.
    await poll.getByText(/参与表决：1\/12 户/).waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);

    // The same link again, in another browser: the code says it has been used.
    const other = await newContext(e2e.browser);
    const again = await other.newPage();
    await again.goto(top.url);
    await again.locator('courtyard-poll').getByText('此表决码已被使用。').waitFor();
    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await context.close();
    await other.close();
  });
});
