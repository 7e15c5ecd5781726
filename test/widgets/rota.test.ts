// <courtyard-rota> against the real server: this week's table read as a table (caption, headers), axe-clean in
// both languages; a household signs up by room with the keyboard, sees its own days, is told in the rota's own
// words when a day is taken; swaps with another household, which accepts, and the table follows live; withdraws
// a swap it asked and declines one it was asked; marks today done, with or without a photo.
import { expect, fixtureSync, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/components/rota/rota.define.js';
import type { CourtyardRota } from '../../packages/widgets/src/components/rota/rota.component.js';
import { service, serviceRequest, until } from './support/service.js';

interface Created {
  id: string;
  today: string;
  duties: Record<string, string>;
}

const createRota = (body: Record<string, unknown> = {}) => serviceRequest<Created>('/widget-fixtures/rotas', body);
const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const untilText = (element: Element, expected: string) =>
  until(() => text(element).includes(expected)).catch(() => {
    throw new Error(`"${expected}" never appeared in: ${text(element)}`);
  });
const otherToken = () => `other-${crypto.randomUUID()}`;

function mount(rotaId: string, lang = 'zh-CN') {
  const element = fixtureSync<CourtyardRota>(
    html`<courtyard-rota lang=${lang} site=${service.siteKey} api=${service.url} rota=${rotaId}></courtyard-rota>`,
  );
  element.outbox = new Outbox({ name: `rota-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
  return element;
}

const root = (element: CourtyardRota) => element.shadowRoot as ShadowRoot;
const buttonNamed = (element: CourtyardRota, name: string) =>
  [...root(element).querySelectorAll('button')].find((button) => button.textContent?.includes(name));

describe('<courtyard-rota>', () => {
  it('shows the week as a table with a caption and row and column headers, accessible in both languages', async () => {
    const rota = await createRota({ others: [{ room: '301', offset: 0, token: otherToken(), displayName: '王阿姨' }] });
    const element = mount(rota.id);
    await untilText(element, '王阿姨');
    const table = root(element).querySelector('table')!;
    expect(table.querySelector('caption')?.textContent).to.contain('楼道值日表');
    expect(table.querySelectorAll('th[scope=col]').length).to.equal(3);
    expect(table.querySelectorAll('th[scope=row]').length).to.equal(7);
    expect(table.querySelector('tr[aria-current=date]')?.textContent).to.contain('王阿姨');
    expect(text(element)).to.contain('任务：扫楼梯、擦扶手');
    await expect(element).to.be.accessible();
    const english = mount(rota.id, 'en');
    await untilText(english, 'Tasks: 扫楼梯, 擦扶手');
    expect(text(english)).to.contain('On duty');
    await expect(english).to.be.accessible();
  });

  it('signs a household up by room with the keyboard and marks its own days; a taken day says so in its own words', async () => {
    const rota = await createRota({ perDay: 1, others: [{ room: '101', offset: 2, token: otherToken() }] });
    const element = mount(rota.id);
    await untilText(element, '楼道值日表');
    const boxes = () => [...root(element).querySelectorAll<HTMLInputElement>('td input[type=checkbox]')];
    // Today is free: tick it from the keyboard.
    boxes()[0]!.focus();
    await sendKeys({ press: 'Space' });
    root(element).querySelector<HTMLInputElement>('#room')!.focus();
    await sendKeys({ type: '501' });
    const submitted = new Promise<CustomEvent>((resolve) =>
      element.addEventListener('courtyard-submitted', (event) => resolve(event as CustomEvent), { once: true }),
    );
    await sendKeys({ press: 'Enter' });
    const event = await submitted;
    expect(event.detail.response.duties[0].name).to.equal('501');
    await untilText(element, '501 （我家）');
    expect(buttonNamed(element, '让出')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('asks another household to swap; when it accepts, the table follows live', async () => {
    const token = otherToken();
    // Two days of one week from today on: today and tomorrow, or (on a Sunday) next Monday and Tuesday.
    const sunday = new Date(`${(await createRota()).today}T12:00Z`).getUTCDay() === 0;
    const [mine, theirs] = sunday ? [1, 2] : [0, 1];
    const rota = await createRota({ others: [{ room: '201', offset: theirs, token, displayName: '李叔' }] });
    const element = mount(rota.id);
    await untilText(element, '楼道值日表');
    if (sunday) buttonNamed(element, '下一周')!.click();
    await untilText(element, '李叔');
    const day = (offset: number) =>
      new Date(Date.parse(`${rota.today}T12:00Z`) + offset * 864e5).toISOString().slice(0, 10);
    const row = (offset: number) =>
      root(element)
        .querySelector(`time[datetime="${day(offset)}"]`)!
        .closest('tr')!;
    row(mine).querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await element.updateComplete;
    const room = root(element).querySelector<HTMLInputElement>('#room')!;
    room.value = '601';
    room.dispatchEvent(new Event('input'));
    root(element).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await untilText(element, '601 （我家）');
    const swapButton = await until(() => Boolean(buttonNamed(element, '和我的'))).then(
      () => buttonNamed(element, '和我的')!,
    );
    swapButton.click();
    await untilText(element, '已申请换班');
    const week = await (await fetch(`${service.url}/api/v1/sites/${service.siteKey}/rotas/${rota.id}`)).json();
    const swapId = week.swaps[0].id as string;
    await serviceRequest(`/widget-fixtures/rotas/${rota.id}/accept`, { swapId, token });
    // The other household is now on my old day and I on theirs: the live update redraws the rows.
    await until(() => Boolean(row(mine).textContent?.includes('李叔') && row(theirs).textContent?.includes('601')));
    expect(text(element)).not.to.contain('已申请换班');
  });

  it('withdraws a swap it asked for, and declines one it was asked for: both keep their days', async () => {
    const token = otherToken();
    const sunday = new Date(`${(await createRota()).today}T12:00Z`).getUTCDay() === 0;
    const [mine, theirs] = sunday ? [1, 2] : [0, 1];
    const rota = await createRota({ others: [{ room: '201', offset: theirs, token, displayName: '李叔' }] });
    const element = mount(rota.id);
    await untilText(element, '楼道值日表');
    if (sunday) buttonNamed(element, '下一周')!.click();
    await untilText(element, '李叔');
    const day = new Date(Date.parse(`${rota.today}T12:00Z`) + mine * 864e5).toISOString().slice(0, 10);
    const row = root(element).querySelector(`time[datetime="${day}"]`)!.closest('tr')!;
    row.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await element.updateComplete;
    const room = root(element).querySelector<HTMLInputElement>('#room')!;
    room.value = '601';
    room.dispatchEvent(new Event('input'));
    const submitted = new Promise<CustomEvent>((resolve) =>
      element.addEventListener('courtyard-submitted', (event) => resolve(event as CustomEvent), { once: true }),
    );
    root(element).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const myDuty = (await submitted).detail.response.duties[0].id as string;
    await until(() => Boolean(buttonNamed(element, '和我的')));
    buttonNamed(element, '和我的')!.click();
    await until(() => Boolean(buttonNamed(element, '撤回换班')));
    await expect(element).to.be.accessible();
    buttonNamed(element, '撤回换班')!.click();
    await until(() => !text(element).includes('已申请换班'));
    expect((await (await fetch(`${service.url}/api/v1/sites/${service.siteKey}/rotas/${rota.id}`)).json()).swaps).to.be
      .empty;
    // 李叔 asks me; the live update shows accept and decline, and I decline.
    await serviceRequest(`/widget-fixtures/rotas/${rota.id}/ask`, {
      dutyId: rota.duties['201'],
      withDutyId: myDuty,
      token,
    });
    await until(() => Boolean(buttonNamed(element, '拒绝换班')));
    expect(buttonNamed(element, '同意换班')).to.exist;
    buttonNamed(element, '拒绝换班')!.click();
    await until(() => !text(element).includes('已申请换班') && !buttonNamed(element, '同意换班'));
    expect(row.textContent).to.contain('601');
  });

  it('for a whole building’s rota, asks for the unit (a labelled select before the room) in both languages', async () => {
    const rota = await createRota({ building: '9号楼' });
    const english = mount(rota.id, 'en');
    await untilText(english, 'Choose your unit');
    const label = root(english).querySelector('label[for=unit]')!;
    expect(label.textContent).to.contain('Unit');
    const fields = [...root(english).querySelectorAll('form select, form input')].map((field) => field.id);
    expect(fields.indexOf('unit')).to.be.lessThan(fields.indexOf('room'));
    await expect(english).to.be.accessible();

    const element = mount(rota.id);
    await untilText(element, '请选择单元');
    boxes(element)[0]!.click();
    const room = root(element).querySelector<HTMLInputElement>('#room')!;
    room.value = '201';
    room.dispatchEvent(new Event('input'));
    // Pick 2单元 from the keyboard: focus the select and choose the option.
    const unit = root(element).querySelector<HTMLSelectElement>('#unit')!;
    expect(unit.required).to.equal(true);
    const second = [...unit.options].find((option) => option.textContent === '2单元')!;
    unit.focus();
    unit.value = second.value;
    unit.dispatchEvent(new Event('change'));
    await element.updateComplete;
    const submitted = new Promise<CustomEvent>((resolve) =>
      element.addEventListener('courtyard-submitted', (event) => resolve(event as CustomEvent), { once: true }),
    );
    root(element).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const event = await submitted;
    expect(event.detail.response.duties[0].name).to.equal('2单元 201');
    await untilText(element, '2单元 201 （我家）');
    await expect(element).to.be.accessible();
  });

  it('marks today’s duty done (已完成)', async () => {
    const rota = await createRota();
    const element = mount(rota.id);
    await untilText(element, '楼道值日表');
    boxes(element)[0]!.click();
    const room = root(element).querySelector<HTMLInputElement>('#room')!;
    room.value = '401';
    room.dispatchEvent(new Event('input'));
    await element.updateComplete;
    root(element).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await untilText(element, '401 （我家）');
    await until(() => Boolean(buttonNamed(element, '标记已完成')));
    buttonNamed(element, '标记已完成')!.click();
    await untilText(element, '✓ 已完成');
  });

  it('marks today done with a photo of the clean stairwell, which the server keeps and serves publicly', async () => {
    const rota = await createRota();
    const element = mount(rota.id, 'en');
    await untilText(element, '楼道值日表');
    boxes(element)[0]!.click();
    const room = root(element).querySelector<HTMLInputElement>('#room')!;
    room.value = '301';
    room.dispatchEvent(new Event('input'));
    await element.updateComplete;
    root(element).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await untilText(element, '301 (you)');
    await until(() => Boolean(root(element).querySelector('li input[type=file]')));
    await expect(element).to.be.accessible();
    const input = root(element).querySelector<HTMLInputElement>('li input[type=file]')!;
    expect(input.closest('label')?.textContent).to.contain('Done, with a photo');
    const files = new DataTransfer();
    files.items.add(await photo());
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await untilText(element, '✓ Done');
    const rotaUrl = `${service.url}/api/v1/sites/${service.siteKey}/rotas/${rota.id}`;
    const week = await (await fetch(rotaUrl)).json();
    const photoId = week.days
      .flatMap((day: { duties: { photoId: string | null }[] }) => day.duties)
      .find((duty: { photoId: string | null }) => duty.photoId)?.photoId as string;
    expect(photoId).to.be.a('string');
    const image = await fetch(`${service.url}/api/v1/sites/${service.siteKey}/photos/${photoId}`);
    expect(image.status).to.equal(200);
    expect(image.headers.get('content-type')).to.match(/^image\//);
  });
});

function boxes(element: CourtyardRota) {
  return [...root(element).querySelectorAll<HTMLInputElement>('td input[type=checkbox]')];
}

function photo(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#4a7';
  context.fillRect(0, 0, 320, 240);
  return new Promise((resolve) =>
    canvas.toBlob((blob) => resolve(new File([blob!], 'stairs.png', { type: 'image/png' })), 'image/png'),
  );
}
