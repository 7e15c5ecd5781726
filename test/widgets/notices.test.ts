// <courtyard-notices> against the real server: the notices of the page's place in both languages, updates
// arriving live and announced once, the copy this device kept shown offline with its age, following and
// offering help through the outbox (sent once), and errors in the resident's language.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardNotices } from '../../packages/widgets/src/components/notices/notices.component.js';
import { service, serviceRequest, setOffline, uniqueName, until } from './support/service.js';

type Notice = { id: string; followerCount: number; offers: { id: string; text: string; moderation: string }[] };
type Place = { id: string; name: string; units: { id: string; name: string }[] };

const text = (element: Element | null | undefined) =>
  (element?.shadowRoot ?? element)?.textContent?.replace(/\s+/g, ' ') ?? '';
const staff = <Body = Notice>(method: 'GET' | 'POST', path: string, body?: object, photo = false) =>
  serviceRequest<Body>('/widget-fixtures/notices-staff', { method, path, ...(body ? { body } : {}), photo });

async function building(name: string): Promise<Place> {
  const config = await (await fetch(`${service.url}/api/v1/sites/${service.siteKey}/config`)).json();
  return (config.buildings as Place[]).find((place) => place.name === name)!;
}

/** An outage published by staff for a building's floors 1–5 (or the scope given). */
async function outage(title: string, scope?: object): Promise<Notice> {
  const five = await building('5号楼');
  return staff('POST', '/notices', {
    kind: 'outage',
    title,
    body: '一层厨房水管爆裂，已关闭总阀。',
    scope: scope ?? { type: 'floors', buildingId: five.id, floorFrom: 1, floorTo: 5 },
    startsAt: '2026-12-05T12:30:00.000Z',
    expectedEndAt: '2026-12-05T18:00:00.000Z',
  });
}

async function notices(attributes: { lang?: string; building?: string; unit?: string } = {}) {
  const element = await fixture<CourtyardNotices>(
    html`<courtyard-notices lang=${attributes.lang ?? 'en'} site=${service.siteKey} api=${service.url} building=${attributes.building ?? '5号楼'} unit=${attributes.unit ?? ''}></courtyard-notices>`,
  );
  element.outbox = new Outbox({ name: `notices-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
  // Loaded (or refused): the list, or an alert.
  const state = element as unknown as { notices?: unknown; loadError?: unknown };
  await until(() => state.notices !== undefined || state.loadError !== undefined);
  await element.updateComplete;
  return element;
}

/** The notice showing `title`. */
const card = (element: CourtyardNotices, title: string) =>
  [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="notice"]')].find((item) =>
    item.textContent?.includes(title),
  );

describe('<courtyard-notices>', () => {
  afterEach(() => setOffline(false));

  it('shows an outage for building 5 floors 1–5 with its times, progress with photos and how it ended, in Chinese and English', async () => {
    const title = uniqueName('5号楼1–5层临时停水');
    const notice = await outage(title);
    await staff('POST', `/notices/${notice.id}/updates`, { text: '维修师傅已到场' }, true);
    await staff('POST', `/notices/${notice.id}/close`, { closingText: '02:00 恢复供水' });

    const zh = await notices({ lang: 'zh-CN' });
    const item = card(zh, title)!;
    expect(text(zh.shadowRoot!.querySelector('h2'))).to.equal('社区通知');
    expect(item.querySelector('h3')!.textContent).to.equal(title);
    expect(text(item))
      .to.contain('停水停电')
      .and.contain('已结束')
      .and.contain('5号楼 1–5 层')
      .and.contain('开始时间')
      .and.contain('预计结束')
      .and.contain('维修师傅已到场')
      .and.contain('02:00 恢复供水');
    const times = [...item.querySelectorAll('time')].map((time) => time.getAttribute('datetime'));
    expect(times).to.include('2026-12-05T12:30:00.000Z').and.include('2026-12-05T18:00:00.000Z');
    const photo = item.querySelector<HTMLImageElement>('[part="updates"] img')!;
    expect(photo.alt).to.equal('本条进展的第 1 张照片');
    // Photos load lazily, and a page the test runner has in the background never scrolls them into view.
    expect(photo.loading).to.equal('lazy');
    photo.loading = 'eager';
    await until(() => photo.complete && photo.naturalWidth > 0);
    expect(item.querySelector('[part="offer"]'), 'an ended notice takes no offers').to.equal(null);
    await expect(zh).to.be.accessible();

    const en = await notices({ lang: 'en' });
    expect(text(card(en, title)))
      .to.contain('Outage')
      .and.contain('Ended')
      .and.contain('5号楼, floors 1–5')
      .and.contain('Expected to end')
      .and.contain('Progress');
    expect(text(en)).not.to.match(/社区通知|已结束|开始时间/);
    await expect(en).to.be.accessible();
  });

  it('reflows at 200% text in a 320 px column: nothing scrolls sideways, every control stays 44 px tall', async function () {
    // Two notices, an update with a photo and a render at 200%: more than the default 10 s on a busy 2-core machine.
    this.timeout(30_000);
    const title = uniqueName('5号楼1–5层临时停水，请各位邻居提前储水，维修师傅正在赶来');
    const notice = await outage(title);
    await staff(
      'POST',
      `/notices/${notice.id}/updates`,
      { text: '维修师傅已到场，正在更换一层厨房的水管接头。' },
      true,
    );
    document.documentElement.style.fontSize = '200%';
    try {
      const column = await fixture<HTMLDivElement>(
        html`<div style="width: 320px"><courtyard-notices lang="zh-CN" site=${service.siteKey} api=${service.url} building="5号楼"></courtyard-notices></div>`,
      );
      const element = column.querySelector('courtyard-notices')!;
      await until(() => card(element, title) !== undefined);
      const photo = card(element, title)!.querySelector<HTMLImageElement>('img')!;
      photo.loading = 'eager';
      await until(() => photo.complete);
      const base = element.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
      expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
      expect(base.getBoundingClientRect().width).to.be.at.most(320);
      for (const control of card(element, title)!.querySelectorAll('button, summary')) {
        expect(control.getBoundingClientRect().height, control.textContent!).to.be.at.least(44);
      }
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });

  it('shows the notices concerning its place only: building 5’s page, building 3’s page, a unit’s page', async () => {
    const five = uniqueName('Building 5 water off');
    const three = uniqueName('Building 3 lift works');
    const everyone = uniqueName('Residents’ meeting');
    const unitTwo = uniqueName('Unit 2 door entry');
    const b3 = await building('3号楼');
    await outage(five);
    await staff('POST', '/notices', { kind: 'works', title: three, scope: { type: 'building', buildingId: b3.id } });
    await staff('POST', '/notices', { kind: 'meeting', title: everyone, scope: { type: 'community' } });
    const unit2 = b3.units.find((unit) => unit.name === '2单元')!;
    await staff('POST', '/notices', { kind: 'general', title: unitTwo, scope: { type: 'unit', unitId: unit2.id } });

    const fivePage = await notices({ building: '5号楼' });
    expect(card(fivePage, five)).not.to.equal(undefined);
    expect(card(fivePage, everyone)).not.to.equal(undefined);
    expect(card(fivePage, three)).to.equal(undefined);
    // Newest first.
    const titles = [...fivePage.shadowRoot!.querySelectorAll('h3')].map((heading) => heading.textContent);
    expect(titles.indexOf(everyone)).to.be.lessThan(titles.indexOf(five));

    const threePage = await notices({ building: b3.id });
    expect(card(threePage, three)).not.to.equal(undefined);
    expect(card(threePage, unitTwo)).not.to.equal(undefined);
    expect(card(threePage, five)).to.equal(undefined);

    const unitOne = await notices({ building: '3号楼', unit: '1单元' });
    expect(card(unitOne, three)).not.to.equal(undefined);
    expect(card(unitOne, unitTwo)).to.equal(undefined);

    const all = await notices({ building: 'all' });
    for (const title of [five, three, everyone, unitTwo]) expect(card(all, title), title).not.to.equal(undefined);
  });

  it('says so in the resident’s language when the building is not one of the site’s', async () => {
    const codes: string[] = [];
    const element = await fixture<CourtyardNotices>(
      html`<courtyard-notices lang="zh-CN" site=${service.siteKey} api=${service.url} building="99号楼" @courtyard-error=${(event: CustomEvent) => codes.push(event.detail.code)}></courtyard-notices>`,
    );
    await until(() => element.shadowRoot!.querySelector('[role="alert"]') !== null);
    expect(text(element.shadowRoot!.querySelector('[role="alert"]'))).to.equal('请重新选择楼号和单元。');
    expect(codes).to.include('COURTYARD_UNKNOWN_LOCATION');
    await expect(element).to.be.accessible();
  });

  it('shows an update staff post while the page is open, and announces it once in a polite live region', async () => {
    const title = uniqueName('Water off tonight');
    const notice = await outage(title);
    const element = await notices({ lang: 'en' });
    const announcer = element.shadowRoot!.querySelector('[part="announcer"]')!;
    expect(announcer.getAttribute('role')).to.equal('status');
    expect(announcer.textContent).to.equal('', 'loading the list announces nothing');
    await new Promise((resolve) => setTimeout(resolve, 400)); // the live stream opens

    await staff('POST', `/notices/${notice.id}/updates`, { text: 'The plumber is on site' });
    await until(() => text(card(element, title)).includes('The plumber is on site'));
    expect(announcer.textContent).to.equal(`New update on “${title}”: The plumber is on site`);
    // A re-render for another reason (the language) does not announce it again.
    element.lang = 'zh-CN';
    await element.updateComplete;
    expect(announcer.textContent).to.equal(`New update on “${title}”: The plumber is on site`);
    element.lang = 'en';

    await staff('POST', `/notices/${notice.id}/close`, { closingText: 'Water restored at 02:00' });
    await until(() => text(card(element, title)).includes('Water restored at 02:00'));
    expect(announcer.textContent).to.equal(`“${title}” has ended: Water restored at 02:00`);
    await expect(element).to.be.accessible();
  });

  it('shows a notice staff publish while the page is open, on that building’s page only, and announces it once', async () => {
    const b3 = await building('3号楼');
    const unit2 = b3.units.find((unit) => unit.name === '2单元')!;
    const five = await notices({ building: '5号楼', lang: 'en' });
    const three = await notices({ building: '3号楼', lang: 'en' });
    const unitOne = await notices({ building: '3号楼', unit: '1单元', lang: 'en' });
    const announcer = five.shadowRoot!.querySelector('[part="announcer"]')!;
    const heard: string[] = [];
    const observer = new MutationObserver(() => heard.push(announcer.textContent ?? ''));
    observer.observe(announcer, { childList: true, characterData: true, subtree: true });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the live stream opens

    const title = uniqueName('Water off tonight, floors 1–5');
    const notice = await outage(title);
    await until(() => card(five, title) !== undefined, 5000);
    expect(five.shadowRoot!.querySelector('h3')!.textContent, 'newest first').to.equal(title);
    expect(announcer.textContent).to.equal(`New notice: ${title}`);
    // Now followed on its own topic too: its progress arrives live.
    await staff('POST', `/notices/${notice.id}/updates`, { text: 'The plumber is on site' });
    await until(() => text(card(five, title)).includes('The plumber is on site'));

    // Another unit's notice reaches unit 1's page on building 3's list but is not shown there; the building's
    // own, published after it, is.
    const otherUnit = uniqueName('Unit 2 door entry');
    const wholeBuilding = uniqueName('Building 3 lift works');
    await staff('POST', '/notices', { kind: 'general', title: otherUnit, scope: { type: 'unit', unitId: unit2.id } });
    await staff('POST', '/notices', {
      kind: 'works',
      title: wholeBuilding,
      scope: { type: 'building', buildingId: b3.id },
    });
    await until(() => card(unitOne, wholeBuilding) !== undefined && card(three, wholeBuilding) !== undefined, 5000);
    expect(card(three, otherUnit), 'building 3’s page shows all its units’').not.to.equal(undefined);
    expect(card(unitOne, otherUnit)).to.equal(undefined);
    expect(card(three, title), 'building 3’s page never shows building 5’s outage').to.equal(undefined);
    expect(card(five, wholeBuilding)).to.equal(undefined);

    await staff('POST', `/notices/${notice.id}/close`, { closingText: 'Water restored at 02:00' });
    await until(() => text(card(five, title)).includes('Water restored at 02:00'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the end arrives on two topics
    observer.disconnect();
    expect(heard.filter((said) => said.includes(title))).to.deep.equal([
      `New notice: ${title}`,
      `New update on “${title}”: The plumber is on site`,
      `“${title}” has ended: Water restored at 02:00`,
    ]);
    await expect(five).to.be.accessible();
  });

  it('shows the copy this device kept when there is no connection, and how old it is', async () => {
    const title = uniqueName('停水通知（离线）');
    await outage(title);
    await notices({ lang: 'zh-CN', building: '5号楼' });
    const [name] = Object.keys(localStorage).filter(
      (key) => key.startsWith('courtyard:notices:') && key.endsWith(' 5号楼/'),
    );
    const copy = JSON.parse(localStorage.getItem(name!)!);
    localStorage.setItem(name!, JSON.stringify({ ...copy, at: Date.now() - 3 * 3600_000 }));

    await setOffline(true);
    const zh = await notices({ lang: 'zh-CN', building: '5号楼' });
    await until(() => card(zh, title) !== undefined);
    expect(text(zh)).to.contain('暂无网络。以下是本设备3小时前保存的内容。');
    await expect(zh).to.be.accessible();
    const en = await notices({ lang: 'en', building: '5号楼' });
    await until(() => card(en, title) !== undefined);
    expect(text(en)).to.contain('No connection. This is the copy saved on this device 3 hours ago.');

    // A place never seen on this device has no copy: the widget says it cannot load, with a way to retry.
    const unseen = await notices({ lang: 'en', building: '3号楼', unit: '2单元' });
    expect(text(unseen.shadowRoot!.querySelector('[role="alert"]'))).to.equal(
      'No connection right now. Please try again.',
    );
  });

  it('follows a notice by keyboard through the outbox: kept offline, sent once when back online', async () => {
    const title = uniqueName('Follow me');
    const notice = await outage(title);
    const element = await notices({ lang: 'en' });
    const button = () => card(element, title)!.querySelector<HTMLButtonElement>('[part="follow"]')!;
    expect(button().getAttribute('aria-pressed')).to.equal('false');
    expect(button().textContent).to.contain('0 following');

    await setOffline(true);
    const queued = oneEvent(element, 'courtyard-queued');
    button().focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await queued;
    await element.updateComplete;
    expect(button().getAttribute('aria-pressed')).to.equal('true');
    expect(text(card(element, title))).to.contain('Saved — will send when you are back online.');

    const submitted = oneEvent(element, 'courtyard-submitted');
    await setOffline(false);
    await element.outbox.flush({ ignoreBackoff: true });
    expect((await submitted).detail.idempotencyKey).to.equal(detail.idempotencyKey);
    await element.outbox.flush({ ignoreBackoff: true });
    const stored = await (await fetch(`${service.url}/api/v1/sites/${service.siteKey}/notices/${notice.id}`)).json();
    expect(stored.followerCount).to.equal(1);
    await until(() => button().textContent!.includes('1 following'));

    // Pressed again: no longer followed, on this device and on the server.
    button().click();
    await until(
      () => button().getAttribute('aria-pressed') === 'false' && button().textContent!.includes('0 following'),
    );
  });

  it('offers help through the outbox once, shown to neighbours only after staff publish it', async () => {
    const title = uniqueName('Offer help here');
    const notice = await outage(title);
    const element = await notices({ lang: 'zh-CN' });
    const item = () => card(element, title)!;
    const details = item().querySelector<HTMLDetailsElement>('[part="offer"]')!;
    details.querySelector('summary')!.click();
    expect(details.open).to.equal(true);
    expect(text(details)).to.contain('请勿填写电话');
    const offer = uniqueName('302 有桶装水，随时敲门');
    details.querySelector('textarea')!.value = offer;
    await expect(element).to.be.accessible();

    await setOffline(true);
    const queued = oneEvent(element, 'courtyard-queued');
    details.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await queued;
    const submitted = oneEvent(element, 'courtyard-submitted');
    await setOffline(false);
    await element.outbox.flush({ ignoreBackoff: true });
    await submitted;
    await element.outbox.flush({ ignoreBackoff: true });
    await until(() => text(item()).includes('谢谢您！工作人员审核后会显示您的帮助信息。'));

    const detail = await staff('GET', `/notices/${notice.id}`);
    const sent = detail.offers.filter((entry) => entry.text === offer);
    expect(sent).to.have.length(1);
    expect(sent[0]!.moderation).to.equal('pending');
    expect(text(item())).not.to.contain(offer);

    await new Promise((resolve) => setTimeout(resolve, 300));
    await staff('POST', `/notices/${notice.id}/offers/${sent[0]!.id}/moderation`, { action: 'publish' });
    await until(() => text(item().querySelector('[part="offers"]')).includes(offer));
    expect(text(item())).to.contain('邻里互助');
  });

  it('shows the server’s refusal when the notice ended before a kept offer could be sent, and writes nothing', async () => {
    const title = uniqueName('Ends before the offer');
    const notice = await outage(title);
    const element = await notices({ lang: 'en' });
    const details = card(element, title)!.querySelector<HTMLDetailsElement>('[part="offer"]')!;
    details.open = true;
    details.querySelector('textarea')!.value = 'Water at 302';
    await setOffline(true);
    const queued = oneEvent(element, 'courtyard-queued');
    details.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await queued;
    await staff('POST', `/notices/${notice.id}/close`, { closingText: 'Done' });

    const failed = oneEvent(element, 'courtyard-error');
    await setOffline(false);
    await element.outbox.flush({ ignoreBackoff: true });
    expect((await failed).detail.code).to.equal('COURTYARD_CONFLICT');
    await element.updateComplete;
    expect(text(card(element, title)!.querySelector('[role="alert"]'))).to.equal(
      'This changed in the meantime. Please reload and try again.',
    );
    expect((await staff('GET', `/notices/${notice.id}`)).offers).to.deep.equal([]);
  });
});
