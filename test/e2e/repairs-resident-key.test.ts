// The resident key end to end, in a real Chromium against the real server over HTTP: the widget on the demo
// page gives the reporter a private link; on another device the tracking code alone shows progress but no
// way to confirm; the private link confirms, and its key never travels in a request. Staff erase a
// resident's contact from the console on request, recorded in the audit log.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  accessibilityViolations,
  newContext,
  serverAndBrowser,
  signInToConsole,
  watchedPage,
} from './support/browser.js';
import { signInAsAdmin, staffApi } from './support/server.js';

describe('the resident key end to end', () => {
  const e2e = serverAndBrowser();
  let cookie: string;

  const staff = (method: 'GET' | 'POST', path: string, body?: object) =>
    staffApi(e2e.server.url, cookie, method, path, body);
  const repairId = async (code: string) =>
    (await staff('GET', '/repairs?limit=50')).items.find((item: { trackingCode: string }) => item.trackingCode === code)
      .id as string;

  before(async () => {
    cookie = await signInAsAdmin(e2e.server.url);
  });

  it('gives the reporter a private link; the code alone cannot confirm, the link can, and the key stays out of requests', async () => {
    // The resident reports on the community page.
    const reporter = await newContext(e2e.browser, { locale: 'zh-CN' });
    const page = await reporter.newPage();
    await page.goto(`${e2e.server.url}/`);
    const widget = page.locator('courtyard-repair-request');
    await widget.locator('select[name=category] option', { hasText: '水管漏水' }).waitFor({ state: 'attached' });
    await widget.locator('select[name=category]').selectOption({ label: '水管漏水' });
    await widget.locator('select[name=q-where]').selectOption({ label: '卫生间' });
    await widget.locator('textarea[name=description]').fill('卫生间地漏反水');
    await widget.locator('input[name=phone]').fill('13912345678');
    await widget.locator('button[type=submit]').click();
    const privateLink = widget.locator('[part=tracking] a', { hasText: '专属链接' });
    await privateLink.waitFor();
    const href = (await privateLink.getAttribute('href')) ?? '';
    const match = /\/p\/demo\/track\/(R-[0-9A-Z]{4}-[0-9A-Z]{4})#key=([0-9A-Z-]{24})$/.exec(href);
    assert.ok(match, `a private link: ${href}`);
    const [, code, key] = match as unknown as [string, string, string];
    assert.deepEqual(await accessibilityViolations(page), [], 'the confirmation with its private link');
    await reporter.close();

    const id = await repairId(code);
    await staff('POST', `/repairs/${id}/updates`, { status: 'resolved', note: '已疏通地漏', public: true });

    // A neighbour (or the resident on another phone) with the code from paper: progress, no confirmation.
    const neighbour = await newContext(e2e.browser, { locale: 'zh-CN' });
    const paper = await neighbour.newPage();
    await paper.goto(`${e2e.server.url}/p/demo/track/${code}`);
    const paperWidget = paper.locator('courtyard-repair-request');
    await paperWidget.getByText('已疏通地漏').waitFor();
    await paperWidget.getByText('需要使用回执上的专属链接；没有链接请致电社区工作人员。').waitFor();
    assert.equal(await paperWidget.locator('[part=confirm]').count(), 0);
    assert.deepEqual(await accessibilityViolations(paper), [], 'the tracking page opened with the code alone');
    await neighbour.close();

    // The private link, opened on a device that never saw the report, confirms.
    const { context: owner, page: linked, problems } = await watchedPage(e2e.browser, { locale: 'zh-CN' });
    const urls: string[] = [];
    linked.on('request', (request) => {
      urls.push(request.url(), request.headers().referer ?? '');
    });
    await linked.goto(`${e2e.server.url}${href.replace(/^https?:\/\/[^/]+/, '')}`);
    const ownerWidget = linked.locator('courtyard-repair-request');
    await ownerWidget.locator('[part=confirm]').waitFor();
    await ownerWidget.locator('input[name=rating][value="5"]').check();
    await ownerWidget.getByRole('button', { name: '是的，已修好' }).click();
    await ownerWidget.getByText('感谢您的反馈。').waitFor();
    const detail = await staff('GET', `/repairs/${id}`);
    assert.equal(detail.status, 'closed');
    assert.equal(detail.rating, 5);
    for (const url of urls) assert.ok(!url.includes(key), `the key travelled in ${url}`);
    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await owner.close();
  });

  it('lets staff erase a resident’s contact from the console on request, audited', async () => {
    const services = await (await fetch(`${e2e.server.url}/api/v1/sites/demo/repair-services`)).json();
    const leak = services.items.find((item: { slug: string }) => item.slug === 'water-leak');
    const response = await fetch(`${e2e.server.url}/api/v1/sites/demo/repairs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        category: leak.id,
        description: '厨房漏水已修好，王阿姨打电话要求删除电话',
        answers: { where: 'kitchen' },
        room: '402',
        phone: '13700001111',
      }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const created = await response.json();
    const id = await repairId(created.trackingCode);

    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    await signInToConsole(page, { from: e2e.server.url });
    await page.goto(`${e2e.server.url}/admin/repairs/${id}`);
    await page.getByText('137****1111').waitFor();
    await page.getByRole('button', { name: 'Erase contact details…' }).click();
    const confirm = page.getByRole('button', { name: 'Yes, erase them' });
    await confirm.waitFor();
    assert.ok(
      await page.getByRole('button', { name: 'Cancel' }).evaluate((element) => element.matches(':focus')),
      'focus moves to the safe choice',
    );
    assert.deepEqual(await accessibilityViolations(page), [], 'the confirmation');
    await confirm.click();
    await page.getByRole('status').filter({ hasText: 'Contact details erased.' }).waitFor();
    await page.getByText('No phone number given.').waitFor();

    const detail = await staff('GET', `/repairs/${id}`);
    assert.equal(detail.contact.phoneMasked, null);
    assert.equal(detail.room, null);
    const audit = await staff('GET', `/audit?action=privacy.erased_by_staff&subjectId=${id}`);
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0].actor.type, 'staff');
    assert.deepEqual(audit.items[0].after, { contact: true, photos: 0 });
    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The console asks for a session before signing in: that 401 is expected.
    assert.deepEqual(
      consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
      [],
    );
    await context.close();
  });
});
