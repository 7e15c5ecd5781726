// The suggestion box's story on the demo page, in a real Chromium against the real server: a resident
// writes in Chinese, staff publish and answer it through the staff API, and the board shows the answer
// and the support count; the follow link opens the hosted page with the same answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessibilityViolations, serverAndBrowser, watchedPage } from './support/browser.js';
import { signInAsAdmin, staffApi } from './support/server.js';

describe('the suggestion box on the demo page', () => {
  const e2e = serverAndBrowser();

  it('a resident writes in Chinese, staff publish and answer it, and the board shows the answer and supports', async () => {
    const { context, page, problems } = await watchedPage(e2e.browser);
    await page.goto(`${e2e.server.url}/`);

    // The resident: the box in the page's language, keyboard and a phone number for staff only.
    const box = page.locator('courtyard-suggestion-box');
    await box.locator('textarea').waitFor();
    const suggestion = `希望在四号楼门口加一个无障碍坡道，推轮椅进出很困难 ${Date.now()}`;
    await box.locator('textarea').fill(suggestion);
    await box.locator('input[name="phone"]').fill('139 1234 5678');
    await box.locator('button[type="submit"]').click();
    const thanks = box.locator('[part="thanks"]');
    await thanks.waitFor();
    assert.match(await thanks.innerText(), /谢谢/);
    const followCode = (await thanks.locator('.code').innerText()).trim();
    assert.match(followCode, /^[2-9A-HJKMNP-Z]{10}$/);
    const followUrl = await thanks.locator('a').getAttribute('href');
    assert.equal(followUrl, `${e2e.server.url}/p/demo/follow/${followCode}`);

    // Staff: the moderation queue has it, with the phone masked; publish it with an official answer.
    const cookie = await signInAsAdmin(e2e.server.url);
    const queue = await staffApi(e2e.server.url, cookie, 'GET', '/suggestions?moderation=pending');
    const item = queue.items.find((entry: { text: string }) => entry.text === suggestion);
    assert.equal(item.phoneMasked, '•••••••5678');
    const answer = '已联系物业，坡道将于下周施工。';
    await staffApi(e2e.server.url, cookie, 'PATCH', `/suggestions/${item.id}`, {
      moderation: 'publish',
      status: 'adopted',
      response: answer,
    });

    // The board: the answer with its badge, and a support from this device.
    await page.reload();
    const card = page.locator('courtyard-suggestion-board [part="item"]', { hasText: suggestion });
    await card.waitFor();
    assert.equal(await card.locator('[part="badge"]').innerText(), '已采纳');
    assert.match(await card.locator('[part="response"]').innerText(), new RegExp(answer));
    const support = card.locator('[part="support"]');
    assert.match(await support.innerText(), /0 人支持/);
    await support.click();
    await page.waitForFunction(
      (text) =>
        [...(document.querySelector('courtyard-suggestion-board')?.shadowRoot?.querySelectorAll('[part="item"]') ?? [])]
          .find((element) => element.textContent?.includes(text))
          ?.querySelector('[part="support"]')
          ?.textContent?.includes('1 人支持'),
      suggestion,
    );
    assert.deepEqual(await accessibilityViolations(page), []);

    // The follow link: the hosted page shows the same answer.
    await page.goto(followUrl as string);
    const followed = page.locator('courtyard-suggestion-board [part="item"]');
    await followed.waitFor();
    assert.match(await followed.innerText(), new RegExp(answer));
    assert.match(await followed.innerText(), /1 人支持/);
    assert.deepEqual(await accessibilityViolations(page), []);

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleErrors, []);
    // The phone never reached a public response: the board's raw JSON has no phone field and none of the
    // number's digits in a row ("1234" alone turns up inside random ids now and then).
    const board = await (await fetch(`${e2e.server.url}/api/v1/sites/demo/suggestions`)).text();
    assert.ok(board.includes(answer));
    assert.ok(!/phone/i.test(board), 'no phone field in the public board');
    assert.ok(!board.replace(/[\s-]/g, '').includes('13912345678'), 'the phone number is not in the public board');
    await context.close();
  });
});
