// Staff record what arrived elsewhere, in a real Chromium against the real server: from the Repairs screen, a
// phone repair is recorded with the keyboard (a missing source is pointed out first), the tracking code is
// shown to read out, the inbox lists it with its source, the dashboard counts it under "Phone call", and the
// resident's tracking page shows it. The suggestion form in Chinese. axe on the form and the result.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessibilityViolations, serverAndBrowser, signInToConsole, watchedPage } from './support/browser.js';
import { tabTo } from './support/keyboard.js';

/** No CSP violation and no console error but the session check's 401 before signing in. */
async function noProblems(problems: Awaited<ReturnType<typeof watchedPage>>['problems']) {
  const { cspViolations, consoleErrors } = await problems.collect();
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(
    consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of 401/.test(text)),
    [],
  );
}

describe('the console’s “Record what arrived elsewhere” screen', () => {
  const running = serverAndBrowser();

  it('records a phone repair with the keyboard; the inbox shows its source and the dashboard counts it', async () => {
    const { server, browser } = running;
    const { context, page, problems } = await watchedPage(browser, {
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    await signInToConsole(page, { from: server.url });
    await tabTo(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Repairs' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Repairs' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: /^Record a repair that arrived by phone/ }));
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 2, name: 'Record what arrived elsewhere' });
    await heading.waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/record/repair');
    assert.ok(await heading.evaluate((element) => element.matches(':focus')), 'focus moves to the heading');
    assert.ok(await page.getByLabel('A repair request').isChecked());
    assert.deepEqual(await accessibilityViolations(page), [], 'the form');

    // Sending without a source says so and puts the keyboard on the field to fix.
    await tabTo(page, page.getByRole('button', { name: 'Record it' }));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Choose where it arrived.' }).waitFor();
    const source = page.getByLabel('Where did it arrive?');
    assert.ok(await source.evaluate((element) => element.matches(':focus')));
    assert.equal(await source.getAttribute('aria-invalid'), 'true');

    await source.selectOption({ label: 'Phone call' });
    await tabTo(page, page.getByLabel('Service'));
    await page.getByLabel('Service').selectOption({ label: 'Water leak' });
    await tabTo(page, page.getByLabel('Building'));
    await page.getByLabel('Building').selectOption({ label: '2号楼' });
    await tabTo(page, page.getByLabel('Where is it leaking? (required)'));
    await page.getByLabel('Where is it leaking? (required)').selectOption({ label: 'Kitchen' });
    await tabTo(page, page.getByLabel('What is wrong'));
    await page.keyboard.type('张阿姨来电：厨房水管滴水');
    await tabTo(page, page.getByLabel('Phone (optional)'));
    await page.keyboard.type('13811112222');
    await tabTo(page, page.getByLabel('The resident agrees to be contacted about it'));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByLabel('Contact note (staff only)'));
    await page.keyboard.type('上午在家');
    await tabTo(page, page.getByRole('button', { name: 'Record it' }));
    await page.keyboard.press('Enter');

    const recorded = page.getByRole('heading', { level: 3, name: 'Recorded' });
    await recorded.waitFor();
    assert.ok(await recorded.evaluate((element) => element.matches(':focus')), 'focus moves to the result');
    const code = ((await page.locator('[data-code]').textContent()) ?? '').trim();
    assert.match(code, /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.getByRole('link', { name: new RegExp(`/p/demo/track/${code}$`) }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the result');

    // The resident follows it with that code like any other report.
    const tracked = await fetch(`${server.url}/api/v1/sites/demo/repairs/${code}`);
    assert.equal(tracked.status, 200);
    assert.doesNotMatch(await tracked.text(), /上午在家|13811112222/);

    // The inbox lists it with where it arrived.
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Inbox' }).click();
    const item = page.getByRole('article').filter({ hasText: code });
    await item.waitFor();
    await item.getByText('Phone call').waitFor();

    // The dashboard counts it under "Phone call".
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Dashboard' }).click();
    const table = page.getByRole('table', { name: 'Where it arrived: the numbers' });
    await table.waitFor();
    const row = table.getByRole('row', { name: /^Phone call/ });
    assert.deepEqual(
      (await row.getByRole('cell').allTextContents()).map((text) => text.trim()),
      ['0', '1'],
      'no suggestion and one repair by phone',
    );
    assert.deepEqual(await accessibilityViolations(page), [], 'the dashboard');

    await noProblems(problems);
    await context.close();
  });

  it('records a suggestion from a WeChat group in Chinese and gives its follow code', async () => {
    const { server, browser } = running;
    const { context, page, problems } = await watchedPage(browser, { locale: 'zh-CN' });
    await signInToConsole(page, { from: server.url });
    await page.getByRole('navigation').getByRole('link', { name: '居民建议' }).click();
    await page.getByRole('link', { name: '代为登记电话、微信群、上门或纸质收到的建议' }).click();
    await page.getByRole('heading', { level: 2, name: '代为登记' }).waitFor();
    assert.ok(await page.getByLabel('建议', { exact: true }).isChecked());
    await page.getByLabel('从哪里收到？').selectOption({ label: '微信群' });
    await page.getByLabel('建议内容').fill('群里说：小区东门晚上太暗，希望加路灯');
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByRole('heading', { level: 3, name: '已登记' }).waitFor();
    const code = ((await page.locator('[data-code]').textContent()) ?? '').trim();
    const followed = await fetch(`${server.url}/api/v1/sites/demo/suggestions/follow/${code}`);
    assert.equal(followed.status, 200);
    assert.deepEqual(await accessibilityViolations(page), [], 'the result in Chinese');
    await noProblems(problems);
    await context.close();
  });
});
