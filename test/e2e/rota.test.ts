// The duty rota in a real Chromium against the real server: a resident signs up for today on a rota's hosted
// page and marks it done; signs up for a day next week and asks another household (a second browser) to swap;
// the other accepts and both pages redraw live; staff see the coverage by room, and the gaps, in the console,
// create a rota from the New rota form and change one from its screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import {
  accessibilityViolations,
  newContext,
  serverAndBrowser,
  submitSignInForm,
  watchedPage,
} from './support/browser.js';
import { signInAsAdmin, staffApi } from './support/server.js';

describe('duty rota end to end', () => {
  const e2e = serverAndBrowser();

  it('signs up, marks done, swaps with another household, and staff see the coverage', async () => {
    const cookie = await signInAsAdmin(e2e.server.url);
    const scopes = await staffApi(e2e.server.url, cookie, 'GET', '/poll-scopes');
    const building5 = scopes.items.find((building: { name: string }) => building.name === '5号楼');
    const unit = building5.units.find((entry: { name: string }) => entry.name === '2单元');
    const rota = await staffApi(e2e.server.url, cookie, 'POST', '/rotas', {
      title: '5号楼2单元楼道值日',
      buildingId: building5.id,
      unitId: unit.id,
      tasks: ['扫楼梯', '擦扶手'],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      perDay: 1,
    });
    const url = `${e2e.server.url}/p/demo/rotas/${rota.id}`;

    const { context, page, problems } = await watchedPage(e2e.browser);
    await page.goto(url);
    const widget = page.locator('courtyard-rota');
    await widget.getByRole('table').waitFor();
    // Today: take it, then mark it done.
    const today = widget.locator('tr[aria-current=date]');
    await today.getByRole('checkbox').check();
    await widget.getByLabel('房号', { exact: true }).fill('501');
    await widget.getByRole('button', { name: '报名勾选的日期' }).click();
    await today.getByText('501 （我家）').waitFor();
    await today.getByRole('button', { name: '标记已完成' }).click();
    await today.getByText('✓ 已完成').waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);

    // Next week: Monday for this household, Wednesday for another (its own phone), then a swap.
    await showNextWeek(widget);
    const rows = widget.locator('tbody tr');
    await rows.nth(0).getByRole('checkbox').check();
    await widget.getByRole('button', { name: '报名勾选的日期' }).click();
    await rows.nth(0).getByText('501 （我家）').waitFor();

    const other = await newContext(e2e.browser);
    const otherPage = await other.newPage();
    await otherPage.goto(url);
    const otherWidget = otherPage.locator('courtyard-rota');
    await otherWidget.getByRole('table').waitFor();
    await showNextWeek(otherWidget);
    const otherRows = otherWidget.locator('tbody tr');
    await otherRows.nth(2).getByRole('checkbox').check();
    await otherWidget.getByLabel('房号', { exact: true }).fill('601');
    await otherWidget.getByRole('button', { name: '报名勾选的日期' }).click();
    await otherRows.nth(2).getByText('601 （我家）').waitFor();

    // The first page hears of it live, and asks to swap its Monday for that Wednesday.
    await rows
      .nth(2)
      .getByRole('button', { name: /^和我的/ })
      .click();
    await rows.nth(2).getByText('已申请换班').waitFor();
    await otherRows.nth(2).getByRole('button', { name: '同意换班' }).click();
    await rows.nth(0).getByText('601').waitFor();
    await rows.nth(2).getByText('501 （我家）').waitFor();
    await otherRows.nth(0).getByText('601 （我家）').waitFor();
    const { cspViolations } = await problems.collect();
    assert.deepEqual(cspViolations, []);
    await other.close();
    await context.close();

    // Staff: the coverage by room, with the gaps.
    const staff = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1100, height: 900 } });
    await staff.page.goto(`${e2e.server.url}/admin/rotas/${rota.id}`);
    await submitSignInForm(staff.page, 'en');
    await staff.page.getByRole('heading', { level: 2, name: '5号楼2单元楼道值日' }).waitFor();
    const table = staff.page.getByRole('table').first();
    await table.getByText('501 ✓ done').waitFor();
    assert.ok((await table.getByText('601').count()) >= 1);
    assert.ok((await staff.page.getByText(/Gap: 1 open/).count()) >= 1);
    assert.deepEqual(await accessibilityViolations(staff.page), []);
    await staff.context.close();
  });

  it('staff change a rota’s tasks, weekdays, households a day, floors and code rule from its screen', async () => {
    const cookie = await signInAsAdmin(e2e.server.url);
    const scopes = await staffApi(e2e.server.url, cookie, 'GET', '/poll-scopes');
    const building5 = scopes.items.find((building: { name: string }) => building.name === '5号楼');
    const rota = await staffApi(e2e.server.url, cookie, 'POST', '/rotas', {
      title: '5号楼整栋值日',
      buildingId: building5.id,
      tasks: ['扫楼梯'],
      weekdays: [1, 2, 3, 4, 5],
      perDay: 1,
    });
    const staff = await watchedPage(e2e.browser, { locale: 'zh-CN', viewport: { width: 1100, height: 900 } });
    const { page } = staff;
    await page.goto(`${e2e.server.url}/admin/rotas/${rota.id}`);
    await submitSignInForm(page, 'zh-CN');
    await page.getByRole('heading', { level: 2, name: '5号楼整栋值日' }).waitFor();
    await page.getByRole('button', { name: '修改值日表' }).click();
    const form = page.getByRole('form', { name: '修改这个值日表' });
    await form.getByLabel('任务，每行一项').fill('扫楼梯\n倒垃圾');
    await form.getByLabel('周六').check();
    await form.getByLabel('周一').uncheck();
    await form.getByLabel('每天户数').fill('2');
    await form.getByLabel('起始楼层（可不填）').fill('2');
    await form.getByLabel('结束楼层（可不填）').fill('6');
    await form.getByLabel('报名时须填写值日表上的户码').check();
    assert.deepEqual(await accessibilityViolations(page), []);
    await form.getByRole('button', { name: '保存修改' }).click();
    await page.getByRole('status').getByText('已保存修改。').waitFor();
    await page.getByText('2–6层').first().waitFor();
    const changed = await staffApi(e2e.server.url, cookie, 'GET', `/rotas/${rota.id}/coverage?days=7`);
    assert.deepEqual(changed.rota.tasks, ['扫楼梯', '倒垃圾']);
    assert.deepEqual(changed.rota.weekdays, [2, 3, 4, 5, 6]);
    assert.equal(changed.rota.perDay, 2);
    assert.deepEqual([changed.rota.place.floorFrom, changed.rota.place.floorTo], [2, 6]);
    assert.equal(changed.rota.requireCode, true);
    // Floors the wrong way round: the server refuses, the form says so and nothing changes.
    await page.getByRole('button', { name: '修改值日表' }).click();
    await form.getByLabel('起始楼层（可不填）').fill('9');
    await form.getByRole('button', { name: '保存修改' }).click();
    await page.getByRole('alert').filter({ hasText: '表单中有内容不正确' }).waitFor();
    const unchanged = await staffApi(e2e.server.url, cookie, 'GET', `/rotas/${rota.id}/coverage?days=7`);
    assert.deepEqual([unchanged.rota.place.floorFrom, unchanged.rota.place.floorTo], [2, 6]);
    const { cspViolations } = await staff.problems.collect();
    assert.deepEqual(cspViolations, []);
    await staff.context.close();
  });

  it('staff create a rota from the New rota form, in English: a unit’s floors, its days and tasks; a bad one is refused', async () => {
    const cookie = await signInAsAdmin(e2e.server.url);
    const staff = await watchedPage(e2e.browser, { locale: 'en-US', viewport: { width: 1100, height: 900 } });
    const { page } = staff;
    await page.goto(`${e2e.server.url}/admin/rotas`);
    await submitSignInForm(page, 'en');
    await page.getByRole('link', { name: 'New rota' }).click();
    await page.getByRole('heading', { level: 2, name: 'New duty rota' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Unit 2 stairwell, floors 3–5');
    await page.getByLabel('Building', { exact: true }).selectOption({ label: '5号楼' });
    await page.getByLabel('Unit (optional: the whole building)').selectOption({ label: '2单元' });
    await page.getByLabel('From floor (optional)').fill('5');
    await page.getByLabel('To floor (optional)').fill('3');
    await page.getByLabel('Tasks, one a line').fill('Sweep the stairs\nWipe the handrail');
    await page.getByLabel('Sun').uncheck();
    await page.getByLabel('Households a day').fill('2');
    await page.getByLabel('Households must type the code from the sheet to sign up').check();
    assert.deepEqual(await accessibilityViolations(page), []);
    const titled = async () =>
      (await staffApi(e2e.server.url, cookie, 'GET', '/rotas')).items.filter(
        (rota: { title: string }) => rota.title === 'Unit 2 stairwell, floors 3–5',
      );
    // Floors the wrong way round: the server refuses, the form says so and keeps what was typed.
    await page.getByRole('button', { name: 'Create rota' }).click();
    await page.getByRole('alert').filter({ hasText: 'Something in the form is not right' }).waitFor();
    assert.deepEqual(await titled(), []);
    assert.equal(await page.getByLabel('Tasks, one a line').inputValue(), 'Sweep the stairs\nWipe the handrail');

    await page.getByLabel('From floor (optional)').fill('3');
    await page.getByLabel('To floor (optional)').fill('5');
    await page.getByRole('button', { name: 'Create rota' }).click();
    await page.getByRole('heading', { level: 2, name: 'Unit 2 stairwell, floors 3–5' }).waitFor();
    const [created] = await titled();
    assert.match(page.url(), new RegExp(`/admin/rotas/${created.id}$`));
    assert.deepEqual(created.tasks, ['Sweep the stairs', 'Wipe the handrail']);
    assert.deepEqual(created.weekdays, [1, 2, 3, 4, 5, 6]);
    assert.equal(created.perDay, 2);
    assert.equal(created.requireCode, true);
    assert.deepEqual(
      [created.place.buildingName, created.place.unitName, created.place.floorFrom, created.place.floorTo],
      ['5号楼', '2单元', 3, 5],
    );
    await page.getByRole('link', { name: 'All rotas' }).click();
    await page.getByRole('table').getByText('Unit 2 stairwell, floors 3–5').waitFor();
    const { cspViolations } = await staff.problems.collect();
    assert.deepEqual(cspViolations, []);
    await staff.context.close();
  });
});

/** Moves the widget to next week and waits until its table shows it: a box ticked before would be redrawn away. */
async function showNextWeek(widget: Locator) {
  const firstDay = widget.locator('tbody tr th time').first();
  const before = await firstDay.getAttribute('datetime');
  await widget.getByRole('button', { name: '下一周' }).click();
  for (const started = Date.now(); (await firstDay.getAttribute('datetime')) === before; ) {
    assert.ok(Date.now() - started < 15_000, 'next week is shown');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
