// A resident reports a leak with a photo on the demo page, in a real Chromium against the real server;
// staff post progress through the staff API; the resident's tracking view changes live. The hosted
// tracking page shows the demo's burst pipe.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { accessibilityViolations, serverAndBrowser, watchedPage } from './support/browser.js';
import { signInAsAdmin, staffApi } from './support/server.js';

describe('repair requests end to end', () => {
  const e2e = serverAndBrowser();
  let cookie: string;

  const staff = (method: 'GET' | 'POST', path: string, body?: object) =>
    staffApi(e2e.server.url, cookie, method, path, body);

  before(async () => {
    cookie = await signInAsAdmin(e2e.server.url);
  });

  it('a resident reports a leak with a photo and watches staff updates arrive live', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser);
    await page.goto(`${e2e.server.url}/`);
    const widget = page.locator('courtyard-repair-request');
    await widget.locator('select[name=category] option', { hasText: '水管漏水' }).waitFor({ state: 'attached' });
    await widget.locator('select[name=category]').selectOption({ label: '水管漏水' });
    await widget.locator('[part=emergency]').waitFor();
    assert.match((await widget.locator('[part=emergency]').textContent()) ?? '', /总阀/);
    await widget.locator('select[name=q-where]').selectOption({ label: '厨房' });
    await widget.locator('select[name=buildingId]').selectOption({ label: '2号楼' });
    await widget.locator('select[name=unitId]').selectOption({ label: '1单元' });
    await widget.locator('input[name=room]').fill('302');
    await widget.locator('textarea[name=description]').fill('厨房水管接头漏水，地上全是水');
    await widget.locator('input[name=phone]').fill('13912345678');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4477aa' } })
      .jpeg()
      .toBuffer();
    await widget
      .locator('input[name=photos]')
      .setInputFiles({ name: 'leak.jpg', mimeType: 'image/jpeg', buffer: photo });
    await widget.locator('button[type=submit]').click();

    const heading = widget.locator('[part=tracking] .muted');
    await heading.waitFor();
    const code = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await heading.textContent()) ?? '')?.[0];
    assert.ok(code, 'a tracking code is shown');
    assert.match((await widget.locator('[part=timeline]').textContent()) ?? '', /已受理/);

    const list = await staff('GET', '/repairs?limit=10');
    const repair = list.items.find((item: { trackingCode: string }) => item.trackingCode === code);
    assert.ok(repair, 'staff see the report');
    const detail = await staff('GET', `/repairs/${repair.id}`);
    assert.equal(detail.contact.phoneMasked, '139****5678');
    assert.equal(detail.photos.length, 1);

    await staff('POST', `/repairs/${repair.id}/updates`, {
      status: 'acknowledged',
      note: '网格员已收到，十分钟到',
      public: true,
    });
    await widget.locator('[part=timeline]', { hasText: '网格员已收到，十分钟到' }).waitFor({ timeout: 15_000 });
    await staff('POST', `/repairs/${repair.id}/updates`, { status: 'in_progress', note: '正在更换接头', public: true });
    await widget.locator('[part=timeline]', { hasText: '正在更换接头' }).waitFor({ timeout: 15_000 });
    assert.match((await widget.locator('[part=tracking] h2').textContent()) ?? '', /维修中/);

    assert.deepEqual(await accessibilityViolations(page), []);
    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('the hosted tracking page shows the demo burst pipe’s public timeline', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser);
    const response = await page.goto(`${e2e.server.url}/p/demo/track/R-7K3Q-9X2M`);
    assert.equal(response?.status(), 200);
    const timeline = page.locator('courtyard-repair-request [part=timeline]');
    await timeline.waitFor();
    const text = (await timeline.textContent()) ?? '';
    assert.match(text, /维修中/);
    assert.match(text, /凌晨2点恢复/);
    assert.doesNotMatch(text, /腿脚不便/, 'the internal note stays internal');
    assert.deepEqual(await accessibilityViolations(page), []);
    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await context.close();
  });
});
