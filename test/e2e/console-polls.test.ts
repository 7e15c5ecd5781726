// The console's Polls screen in Chromium against the real server: a stairwell's owners' decision created
// with the keyboard alone, its household codes generated and printed, one household voting through its QR
// link, a paper ballot entered for another, the poll closed and the art. 278 tally read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accessibilityViolations,
  newContext,
  serverAndBrowser,
  signInToConsole,
  submitSignInForm,
  watchedPage,
} from './support/browser.js';
import { tabTo } from './support/keyboard.js';
import { guideScreenshot } from './support/screenshots.js';

describe('console: Polls', () => {
  const e2e = serverAndBrowser();

  it("runs an owners' decision from creation to the tally, printing the household code sheet", async () => {
    const { context, page, problems } = await watchedPage(e2e.browser, {
      locale: 'en-US',
      viewport: { width: 1100, height: 900 },
    });
    await page.goto(`${e2e.server.url}/admin/polls`);
    await submitSignInForm(page, 'en');
    const listHeading = page.getByRole('heading', { level: 2, name: 'Polls' });
    await listHeading.waitFor();
    await page.getByRole('link', { name: '1号楼1单元加装电梯表决' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the list of polls');

    // Create, keyboard only.
    await tabTo(page, page.getByRole('link', { name: 'New poll' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'New poll' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the create form');
    await tabTo(page, page.getByLabel('Question'));
    await page.keyboard.type('1号楼1单元更换单元门');
    await tabTo(page, page.getByLabel('Option 1', { exact: true }));
    await page.keyboard.type('同意');
    await tabTo(page, page.getByLabel('Option 2', { exact: true }));
    await page.keyboard.type('不同意');
    await tabTo(page, page.getByLabel(/^Owners’ decision/));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByLabel('Counts as approval (同意)').first());
    await page.keyboard.press('Space');
    const scope = page.getByLabel('Households in');
    await tabTo(page, scope);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await scope.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text), '1号楼 1单元');
    assert.deepEqual(await accessibilityViolations(page), [], 'the create form, filled in');
    await tabTo(page, page.getByRole('button', { name: 'Create poll' }));
    await page.keyboard.press('Enter');

    const pollHeading = page.getByRole('heading', { level: 2, name: '1号楼1单元更换单元门' });
    await pollHeading.waitFor();
    assert.match(new URL(page.url()).pathname, /^\/admin\/polls\/[0-9a-f-]{36}$/);
    await page.waitForFunction(() => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.tagName === 'H2';
    });
    assert.ok(await pollHeading.evaluate((element) => element.matches(':focus')), "focus is on the poll's heading");
    await page.getByText('ordinary matter (more than half)').first().waitFor();

    // Household codes for the stairwell's 12 households on record, then the print sheet.
    assert.equal(
      await page.getByLabel('Where').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text),
      '1号楼 1单元',
    );
    await page.getByRole('button', { name: 'Generate codes' }).click();
    await page.getByRole('status').filter({ hasText: '12 code(s) generated' }).waitFor();
    const cards = page.locator('courtyard-admin-poll-codes .code-card');
    assert.equal(await cards.count(), 12);
    await page.getByRole('cell', { name: 'Not used' }).first().waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'the poll with its code sheet');
    await guideScreenshot(page, 'polls');

    await page.emulateMedia({ media: 'print' });
    assert.ok(await cards.first().isVisible(), 'the cards print');
    assert.equal(await page.getByRole('heading', { name: 'Enter a paper ballot' }).isVisible(), false);
    assert.equal(await page.getByRole('navigation', { name: 'Menu' }).isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Print the sheet' }).isVisible(), false);
    const printed = await cards.evaluateAll((elements) =>
      elements.map((card) => ({
        label: card.querySelector('h4')?.textContent ?? '',
        code: card.querySelector('.code')?.textContent ?? '',
        url: card.querySelector('.url')?.textContent ?? '',
        qrLoaded: (card.querySelector('img') as HTMLImageElement).naturalWidth > 0,
        breaksAfter: getComputedStyle(card).breakAfter,
      })),
    );
    assert.ok(
      printed.every((card) => /^[0-9A-Z-]{10,16}$/.test(card.code) && card.qrLoaded),
      'codes and QR codes',
    );
    assert.equal(printed[8]!.breaksAfter, 'page', 'a page break after every ninth card');
    await page.emulateMedia({ media: 'screen' });

    // A household lost its code: revoke and reissue it; the new card joins the sheet, the old code is dead.
    const lost = printed.find((card) => card.label.endsWith('101'))!;
    await page.getByRole('button', { name: `Revoke and reissue ${lost.label}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `A new code for ${lost.label} is on the sheet` })
      .waitFor();
    assert.equal(await cards.count(), 13);
    await page.getByRole('row', { name: new RegExp(`^${lost.label}.*Revoked`) }).waitFor();
    const lostCheck = await page.request.get(
      `${e2e.server.url}/api/v1/sites/demo/polls/${page.url().split('/').at(-1)}/ballot?code=${encodeURIComponent(lost.code)}`,
    );
    assert.equal(
      ((await lostCheck.json()) as { error: { code: string } }).error.code,
      'COURTYARD_BALLOT_CODE_INVALID',
      'the revoked code no longer opens a ballot',
    );

    // A household votes through its QR link on the hosted page.
    const top = printed.find((card) => card.label.endsWith('601'))!;
    const second = printed.find((card) => card.label.endsWith('501'))!;
    const resident = await newContext(e2e.browser);
    const ballot = await resident.newPage();
    await ballot.goto(top.url);
    const widget = ballot.locator('courtyard-poll');
    assert.equal(await widget.locator('#code').inputValue(), top.code);
    await widget.getByLabel('同意', { exact: true }).check();
    await widget.getByRole('button', { name: '投票' }).click();
    await widget.getByText('谢谢，您的投票已记录。').waitFor();
    await resident.close();

    // Staff enter another household's paper ballot; a used code is refused with a clear message.
    await page.getByRole('textbox', { name: 'Ballot code', exact: true }).fill(top.code);
    const paper = page.locator('courtyard-admin-poll-detail form').filter({ hasText: 'Enter ballot' });
    await paper.getByLabel('不同意', { exact: true }).check();
    await paper.getByRole('button', { name: 'Enter ballot' }).click();
    await page.getByRole('alert').filter({ hasText: 'This code was already used to vote.' }).waitFor();
    await page.getByRole('textbox', { name: 'Ballot code', exact: true }).fill(second.code);
    await paper.getByRole('button', { name: 'Enter ballot' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Paper ballot entered for ${second.label}.` })
      .waitFor();

    // Close, then the tally: 2 of 12 households took part — no quorum, not passed.
    await page.getByRole('button', { name: 'Close the poll now' }).click();
    await page.getByRole('button', { name: 'Yes, close it' }).click();
    await page.getByRole('status').filter({ hasText: 'The poll is closed.' }).waitFor();
    const verdict = page.locator('courtyard-admin-poll-detail [data-verdict]');
    await verdict.waitFor();
    assert.match((await verdict.textContent()) ?? '', /Quorum not met\s*·\s*Not passed/);
    const tookPart = page.getByRole('row', { name: /^Took part/ });
    assert.match((await tookPart.textContent()) ?? '', /2 of 12/);
    const approved = page.getByRole('row', { name: /^Approved/ });
    assert.match((await approved.textContent()) ?? '', /1 of 2/);
    await page.getByRole('img', { name: /Votes per option: 同意 1 \(50%\); 不同意 1 \(50%\)/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Generate codes' }).count(), 0, 'no codes after closing');
    assert.deepEqual(await accessibilityViolations(page), [], 'the closed poll with its tally');

    const { cspViolations, consoleErrors } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    // The session check before sign-in (401) and the used code (409) are logged by Chromium as failed
    // resource loads; nothing else may be.
    assert.deepEqual(
      consoleErrors.filter(
        (text) => !/^Failed to load resource: the server responded with a status of (401|409)/.test(text),
      ),
      [],
    );
    await context.close();
  });

  it('shows the screen in Chinese and fits a phone', async () => {
    const context = await newContext(e2e.browser, { locale: 'zh-CN', viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/admin/polls/new`);
    await submitSignInForm(page, 'zh-CN');
    await page.getByRole('heading', { level: 2, name: '新建投票' }).waitFor();
    // Submitting without a question marks the field and says so.
    await page.getByRole('button', { name: '创建投票' }).click();
    await page.getByRole('alert').filter({ hasText: '表单中有内容不正确' }).waitFor();
    assert.equal(await page.getByLabel('问题').getAttribute('aria-invalid'), 'true');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the form scrolls sideways by ${overflow}px`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the form in Chinese on a phone');
    await page.getByRole('link', { name: '全部投票' }).click();
    await page.getByRole('heading', { level: 2, name: '投票' }).waitFor();
    await page.getByRole('link', { name: '1号楼1单元加装电梯表决' }).click();
    await page.getByRole('heading', { level: 3, name: '每户表决码' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], 'a poll in Chinese on a phone');
    await context.close();
  });

  it('edits a poll before it is used, and generates a long list of household codes with progress', async () => {
    const context = await newContext(e2e.browser, { locale: 'en-US' });
    const page = await context.newPage();
    await signInToConsole(page, { from: e2e.server.url });
    const created = await page.request.post(`${e2e.server.url}/admin/api/polls`, {
      data: { title: 'Bike shed colour', eligibility: 'ballot-code', options: [{ label: 'Red' }, { label: 'Blue' }] },
    });
    assert.equal(created.status(), 201, await created.text());
    const { id } = (await created.json()) as { id: string };

    // On a slow network neither form offers a scope to pick before the community's buildings arrive.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/admin/api/poll-scopes', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${e2e.server.url}/admin/polls/${id}`);
    await page.getByText('Loading household codes…').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Generate codes' }).count(), 0);
    await page.goto(`${e2e.server.url}/admin/polls/new`);
    await page.getByRole('heading', { level: 2, name: 'New poll' }).waitFor();
    await page.getByText('Loading…').waitFor();
    assert.equal(await page.getByLabel('Question').count(), 0);
    release();
    await page.getByLabel('Households in').waitFor();
    await page.unroute('**/admin/api/poll-scopes');

    // Nobody has a code yet: the options can still change.
    await page.goto(`${e2e.server.url}/admin/polls/${id}/edit`);
    await page.getByRole('heading', { level: 2, name: 'Edit poll' }).waitFor();
    assert.equal(await page.getByLabel('Option 2', { exact: true }).inputValue(), 'Blue');
    await page.getByRole('button', { name: 'Add an option' }).click();
    await page.getByLabel('Option 3', { exact: true }).fill('Green');
    await page.getByLabel('Several choices').check();
    await page.getByLabel('At most this many choices').fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 2, name: 'Bike shed colour' }).waitFor();
    const saved = (await (await page.request.get(`${e2e.server.url}/admin/api/polls/${id}`)).json()) as {
      selection: string;
      maxChoices: number;
      options: { label: string }[];
    };
    assert.deepEqual(
      saved.options.map((option) => option.label),
      ['Red', 'Blue', 'Green'],
    );
    assert.equal(saved.selection, 'multiple');
    assert.equal(saved.maxChoices, 2);

    // 120 households typed as a list: sent 50 at a time, with a progress bar. The server's answers are
    // held back a little so the test can watch the bar move (the codes are real).
    await page.route('**/admin/api/polls/*/ballot-codes', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.fulfill({ response });
    });
    await page.getByLabel('A list of households I type').check();
    const list = page.getByLabel('Households, one per line: label, floor area m², floor');
    await list.fill('A-101, 88.6, 1\nA-102, ninety, 1');
    await page.getByRole('button', { name: 'Generate codes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Line 2: write a label' }).waitFor();
    const lines = Array.from({ length: 120 }, (_, index) => `B-${index + 1}, 70.5, ${Math.floor(index / 4) + 1}`);
    await list.fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Generate codes' }).click();
    await page.getByText('Generated 50 of 120').waitFor();
    assert.equal(await page.locator('courtyard-admin-poll-codes progress').getAttribute('max'), '120');
    await page.getByRole('status').filter({ hasText: '120 code(s) generated' }).waitFor();
    assert.equal(await page.locator('courtyard-admin-poll-codes .code-card').count(), 120);
    assert.equal(await page.locator('courtyard-admin-poll-codes progress').count(), 0);
    await page.unrouteAll({ behavior: 'wait' });
    assert.deepEqual(await accessibilityViolations(page), [], 'a poll with 120 codes on its sheet');

    // Codes exist now: the options are frozen, the title is not.
    await page.goto(`${e2e.server.url}/admin/polls/${id}/edit`);
    await page.getByText(/^Codes were issued, someone voted/).waitFor();
    assert.equal(await page.getByLabel('Option 1', { exact: true }).isDisabled(), true);
    await page.getByLabel('Question').fill('Bike shed colour (final)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 2, name: 'Bike shed colour (final)' }).waitFor();
    await context.close();
  });
});
