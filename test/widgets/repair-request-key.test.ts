// <courtyard-repair-request> and the resident key, against the real server: the device that sent a report
// keeps its key and offers it as a private link; a private link's fragment brings the key to another page;
// a code alone (from paper) shows progress and says how to confirm instead — in English and Chinese.
import { expect, fixture, html } from '@open-wc/testing';
import type { CourtyardRepairRequest } from '../../packages/widgets/src/components/repair-request/repair-request.component.js';
import '../../packages/widgets/src/components/repair-request/repair-request.define.js';
import { service, serviceRequest, until } from './support/service.js';

const root = (element: CourtyardRepairRequest) => element.shadowRoot!;
const text = (element: CourtyardRepairRequest) => root(element).textContent?.replace(/\s+/g, ' ') ?? '';
const api = (path: string) => `${service.url}/api/v1/sites/${service.siteKey}${path}`;
const hosted = (code: string) => `${service.url}/p/${service.siteKey}/track/${code}`;

const waitFor = <T extends Event>(target: EventTarget, name: string) =>
  new Promise<T>((resolve) => target.addEventListener(name, (event) => resolve(event as T), { once: true }));

/** A report sent by another device (a phone call, a neighbour's phone): this page never saw its key. */
async function reportElsewhere(): Promise<{ trackingCode: string; residentKey: string }> {
  const services = await (await fetch(api('/repair-services'))).json();
  const leak = services.items.find((item: { slug: string }) => item.slug === 'water-leak');
  const response = await fetch(api('/repairs'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ category: leak.id, description: 'Reported elsewhere', answers: { where: 'kitchen' } }),
  });
  expect(response.status).to.equal(201);
  return response.json();
}

const resolve = (code: string) =>
  serviceRequest('/widget-fixtures/repair-updates', { code, status: 'resolved', note: 'Pipe replaced', public: true });

async function tracking(lang: 'en' | 'zh-CN', code: string) {
  const element = await fixture<CourtyardRepairRequest>(
    html`<courtyard-repair-request lang=${lang} site=${service.siteKey} api=${service.url} code=${code}></courtyard-repair-request>`,
  );
  await until(() => !!root(element).querySelector('[part=timeline]'));
  return element;
}

describe('<courtyard-repair-request> and the resident key', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('offers the private link after sending, keeps the key on this device, and confirms with it', async function () {
    this.timeout(30_000);
    const element = await fixture<CourtyardRepairRequest>(
      html`<courtyard-repair-request lang="en" site=${service.siteKey} api=${service.url}></courtyard-repair-request>`,
    );
    await until(() => root(element).querySelectorAll('select[name=category] option').length > 1);
    const category = root(element).querySelector<HTMLSelectElement>('select[name=category]')!;
    category.value = [...category.options].find((option) => option.textContent?.trim() === 'Water leak')!.value;
    category.dispatchEvent(new Event('change'));
    await element.updateComplete;
    root(element).querySelector<HTMLSelectElement>('select[name=q-where]')!.value = 'kitchen';
    root(element).querySelector<HTMLTextAreaElement>('textarea[name=description]')!.value = 'Leak, key kept here';
    const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
    root(element).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const { trackingCode: code, residentKey } = (await submitted).detail.response;
    expect(residentKey).to.match(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await until(() => text(element).includes(code));

    const link = root(element).querySelector<HTMLAnchorElement>('[part=tracking] a')!;
    expect(link.href).to.equal(`${hosted(code)}#key=${residentKey}`);
    expect(link.textContent).to.contain('Your private link');
    expect(localStorage.getItem(`courtyard:resident-key:${code}`)).to.equal(residentKey);
    await expect(element).to.be.accessible();

    await resolve(code);
    await until(() => !!root(element).querySelector('[part=confirm]'), 10_000);
    const confirmed = waitFor<CustomEvent>(element, 'courtyard-submitted');
    root(element).querySelector<HTMLButtonElement>('[part=confirm] .actions button')!.click();
    expect((await confirmed).detail.response.status).to.equal('closed');
  });

  for (const [lang, message, follow] of [
    [
      'en',
      'This needs the private link from your receipt. Without it, please call the community staff.',
      'Follow this repair',
    ],
    ['zh-CN', '需要使用回执上的专属链接；没有链接请致电社区工作人员。', '查看维修进度'],
  ] as const) {
    it(`shows progress for a code from paper, and tells how to confirm without the key (${lang})`, async function () {
      this.timeout(30_000);
      const { trackingCode: code } = await reportElsewhere();
      await resolve(code);
      const element = await tracking(lang, code);
      await until(() => text(element).includes(message), 10_000);
      expect(root(element).querySelector('[part=confirm]'), 'no confirm controls without the key').to.equal(null);
      expect(text(element)).to.contain('Pipe replaced');
      const status = [...root(element).querySelectorAll('[role=status]')].find((node) =>
        node.textContent?.includes(message),
      );
      expect(status, 'the message is announced').to.not.equal(undefined);
      const link = root(element).querySelector<HTMLAnchorElement>('[part=tracking] a')!;
      expect(link.href).to.equal(hosted(code));
      expect(link.textContent?.trim()).to.equal(follow);
      await expect(element).to.be.accessible();
    });
  }

  it('takes the key from a private link’s fragment, keeps it, and confirms with it', async function () {
    this.timeout(30_000);
    const { trackingCode: code, residentKey } = await reportElsewhere();
    await resolve(code);
    history.replaceState(null, '', `${location.pathname}${location.search}#key=${residentKey}`);
    const element = await tracking('zh-CN', code);
    await until(() => !!root(element).querySelector('[part=confirm]'), 10_000);
    expect(localStorage.getItem(`courtyard:resident-key:${code}`)).to.equal(residentKey);
    root(element).querySelector<HTMLInputElement>('input[name=rating][value="4"]')!.click();
    const confirmed = waitFor<CustomEvent>(element, 'courtyard-submitted');
    root(element).querySelector<HTMLButtonElement>('[part=confirm] .actions button')!.click();
    expect((await confirmed).detail.response).to.include({ status: 'closed', rating: 4 });
    await until(() => text(element).includes('感谢您的反馈。'));
  });

  it('never lets a link’s key replace the one this device holds (a forged link serves only its own view)', async function () {
    this.timeout(30_000);
    const { trackingCode: code, residentKey } = await reportElsewhere();
    localStorage.setItem(`courtyard:resident-key:${code}`, residentKey);
    const forged = (await reportElsewhere()).residentKey;
    history.replaceState(null, '', `${location.pathname}${location.search}#key=${forged}`);
    const element = await tracking('en', code);
    const link = root(element).querySelector<HTMLAnchorElement>('[part=tracking] a')!;
    expect(link.href).to.equal(`${hosted(code)}#key=${forged}`, 'the view uses the link it was opened with');
    expect(localStorage.getItem(`courtyard:resident-key:${code}`)).to.equal(residentKey);
  });

  it('says how to confirm when the server refuses a key this device holds for the code', async function () {
    this.timeout(30_000);
    const { trackingCode: code } = await reportElsewhere();
    const other = await reportElsewhere();
    localStorage.setItem(`courtyard:resident-key:${code}`, other.residentKey);
    await resolve(code);
    const element = await tracking('en', code);
    await until(() => !!root(element).querySelector('[part=confirm]'), 10_000);
    const failed = waitFor<CustomEvent>(element, 'courtyard-error');
    root(element).querySelector<HTMLButtonElement>('[part=confirm] .actions button')!.click();
    expect((await failed).detail.code).to.equal('COURTYARD_RESIDENT_KEY_INVALID');
    await element.updateComplete;
    const alert = root(element).querySelector('[part=confirm] [role=alert]');
    expect(alert?.textContent).to.contain('private link from your receipt');
    const view = await serviceRequest<{ status: string }>(`/repairs/${code}`);
    expect(view.status).to.equal('resolved');
  });
});
