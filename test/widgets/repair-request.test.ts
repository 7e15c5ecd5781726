// <courtyard-repair-request> against the real server: the form with its service's emergency notice and
// questions, the location picker from the site config, a photo with progress, the tracking timeline that
// changes live when staff post an update, confirm and rate, both languages, keyboard only, axe in every
// state, and a report made offline sent exactly once.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import type { CourtyardRepairRequest } from '../../packages/widgets/src/components/repair-request/repair-request.component.js';
import '../../packages/widgets/src/components/repair-request/repair-request.define.js';
import { service, serviceRequest, setOffline, until } from './support/service.js';

const waitFor = <T extends Event>(target: EventTarget, name: string) =>
  new Promise<T>((resolve) => target.addEventListener(name, (event) => resolve(event as T), { once: true }));

const root = (element: CourtyardRepairRequest) => element.shadowRoot!;
const text = (element: CourtyardRepairRequest) => root(element).textContent?.replace(/\s+/g, ' ') ?? '';
const $ = <T extends Element>(element: CourtyardRepairRequest, selector: string) =>
  root(element).querySelector<T>(selector)!;

async function widget(lang: 'en' | 'zh-CN', code = '') {
  const element = await fixture<CourtyardRepairRequest>(
    html`<courtyard-repair-request lang=${lang} site=${service.siteKey} api=${service.url} code=${code}></courtyard-repair-request>`,
  );
  element.outbox = new Outbox({ name: `repair-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
  // A new outbox's first flush (on start) must be over before a test goes offline: an `online` event that
  // arrives while that flush is still running joins it instead of sending again (see the report).
  element.outbox.start();
  await element.outbox.flush();
  await until(() => root(element).querySelectorAll('select[name=category] option').length > 1 || !!code);
  return element;
}

/** Picks a <select> option by its visible text and tells the widget, as a resident's choice would. */
async function choose(element: CourtyardRepairRequest, name: string, label: string) {
  const select = $<HTMLSelectElement>(element, `select[name=${name}]`);
  const option = [...select.options].find((candidate) => candidate.textContent?.trim() === label);
  if (!option) throw new Error(`no option ${label} in ${name}`);
  select.value = option.value;
  select.dispatchEvent(new Event('change'));
  await element.updateComplete;
}

async function fill(element: CourtyardRepairRequest, description: string) {
  await choose(element, 'category', 'Water leak');
  await choose(element, 'q-where', 'Kitchen');
  await choose(element, 'buildingId', '3号楼');
  await choose(element, 'unitId', '1单元');
  $<HTMLInputElement>(element, 'input[name=room]').value = '501';
  $<HTMLTextAreaElement>(element, 'textarea[name=description]').value = description;
  $<HTMLInputElement>(element, 'input[name=phone]').value = '138 0013 8000';
}

function photo(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 600;
  canvas.height = 400;
  const context = canvas.getContext('2d')!;
  const pixels = context.createImageData(600, 400);
  crypto.getRandomValues(pixels.data.subarray(0, 65_536));
  for (let alpha = 3; alpha < pixels.data.length; alpha += 4) pixels.data[alpha] = 255;
  context.putImageData(pixels, 0, 0);
  return new Promise((resolve) =>
    canvas.toBlob((blob) => resolve(new File([blob!], 'leak.png', { type: 'image/png' })), 'image/png'),
  );
}

const staffUpdate = (code: string, body: object) =>
  serviceRequest('/widget-fixtures/repair-updates', { code, ...body });

describe('<courtyard-repair-request>', () => {
  afterEach(() => setOffline(false));

  it('shows the category’s emergency notice and questions before sending, and is accessible (en)', async () => {
    const element = await widget('en');
    expect(text(element)).to.contain('Report a repair');
    expect(root(element).querySelector('[part=emergency]')).to.equal(null);
    await choose(element, 'category', 'Water leak');
    expect($(element, '[part=emergency]').textContent).to.contain('close the main valve first');
    expect($<HTMLSelectElement>(element, 'select[name=q-where]').required).to.equal(true);
    await choose(element, 'buildingId', '3号楼');
    const units = [...$<HTMLSelectElement>(element, 'select[name=unitId]').options].map((option) => option.textContent);
    expect(units).to.include.members(['1单元', '2单元']);
    const phone = $<HTMLInputElement>(element, 'input[name=phone]');
    phone.value = 'call me';
    expect(phone.checkValidity(), 'a phone number is checked before sending').to.equal(false);
    phone.value = '+86 (10) 6512-3456';
    expect(phone.checkValidity()).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('shows what is already reported in the chosen building and service, with a link to follow it (en, zh-CN)', async () => {
    const config = await (await fetch(`${service.url}/api/v1/sites/${service.siteKey}/config`)).json();
    const leak = config.categories.find((category: { slug: string }) => category.slug === 'water-leak');
    const building = config.buildings.find((candidate: { name: string }) => candidate.name === '3号楼');
    const sent = await fetch(`${service.url}/api/v1/sites/${service.siteKey}/repairs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        category: leak.id,
        buildingId: building.id,
        description: '停水了',
        answers: { where: 'kitchen' },
      }),
    });
    expect(sent.status).to.equal(201);
    const element = await widget('en');
    await choose(element, 'category', 'lighting');
    await choose(element, 'buildingId', '3号楼');
    await element.updateComplete;
    expect(root(element).querySelector('[part=reported]'), 'no lighting report is open there').to.equal(null);
    await choose(element, 'category', 'Water leak');
    await until(() => !!root(element).querySelector('[part=reported]'));
    const hint = $<HTMLAnchorElement>(element, '[part=reported]');
    expect(hint.textContent).to.match(/Already reported: Water leak in 3号楼 since .+ Follow it instead\?/);
    expect(new URL(hint.href).pathname).to.match(new RegExp(`^/p/${service.siteKey}/incidents/[0-9a-f-]{36}$`));
    await expect(element).to.be.accessible();

    const chinese = await widget('zh-CN');
    await choose(chinese, 'category', '水管漏水');
    await choose(chinese, 'buildingId', '3号楼');
    await until(() => !!root(chinese).querySelector('[part=reported]'));
    expect($(chinese, '[part=reported]').textContent).to.contain('已有人报修：3号楼水管漏水');
  });

  it('speaks Chinese: labels, the notice and the questions', async () => {
    const element = await widget('zh-CN');
    await choose(element, 'category', '水管漏水');
    expect(text(element)).to.contain('报修类别');
    expect(text(element)).to.contain('水大时先关总阀。');
    expect(text(element)).to.contain('漏水位置');
    await expect(element).to.be.accessible();
  });

  it('reports with a photo (progress shown), then shows the live timeline that a staff update changes', async function () {
    // Several round trips to the real server (and staff updates through it): more than the default 10 s on a busy machine.
    this.timeout(30_000);
    const element = await widget('en');
    await fill(element, 'Kitchen pipe burst with photo');
    const transfer = new DataTransfer();
    transfer.items.add(await photo());
    $<HTMLInputElement>(element, 'input[name=photos]').files = transfer.files;
    let sawProgress = false;
    const observer = new MutationObserver(() => {
      if (root(element).querySelector('[part=progress]')) sawProgress = true;
    });
    observer.observe(root(element), { childList: true, subtree: true });
    const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
    $<HTMLButtonElement>(element, 'button[type=submit]').click();
    const event = await submitted;
    observer.disconnect();
    expect(sawProgress, 'a progress bar was shown').to.equal(true);
    const code = event.detail.response.trackingCode as string;
    expect(code).to.match(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await until(() => text(element).includes(`Tracking code ${code}`));
    expect(text(element)).to.contain('Received');
    expect(text(element)).not.to.contain('138');
    await expect(element).to.be.accessible();

    // Give the live stream a moment to subscribe, then staff post progress.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await staffUpdate(code, { status: 'acknowledged', note: 'Grid worker on the way', public: true });
    await until(() => text(element).includes('Grid worker on the way'), 10_000);
    expect(text(element)).to.contain('Acknowledged');
    await staffUpdate(code, { note: 'internal: resident is elderly', public: false });
    await staffUpdate(code, { status: 'resolved', note: 'Water is back', public: true });
    await until(() => text(element).includes('Water is back'), 10_000);
    expect(text(element)).not.to.contain('internal');
    await expect(element).to.be.accessible();
  });

  it('lets the resident confirm the fix and rate it, keyboard only', async function () {
    // Several round trips to the real server (and staff updates through it): more than the default 10 s on a busy machine.
    this.timeout(30_000);
    const element = await widget('en');
    await fill(element, 'Bathroom leak to confirm');
    const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
    $<HTMLButtonElement>(element, 'button[type=submit]').click();
    const code = (await submitted).detail.response.trackingCode as string;
    await until(() => text(element).includes(code));
    await staffUpdate(code, { status: 'resolved', note: 'Fixed the seal', public: true });
    await until(() => !!root(element).querySelector('[part=confirm]'), 10_000);
    await expect(element).to.be.accessible();
    $<HTMLInputElement>(element, 'input[name=rating][value="5"]').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    const confirmed = waitFor<CustomEvent>(element, 'courtyard-submitted');
    await sendKeys({ press: 'Enter' });
    const response = (await confirmed).detail.response;
    expect(response).to.include({ status: 'closed', rating: 5 });
    await until(() => text(element).includes('Thank you for your feedback.'));
    expect(text(element)).to.contain('Closed');
  });

  it('follows a code given as an attribute (typed in lower case), in Chinese, with the private link on the device that sent it', async function () {
    // Several round trips to the real server (and staff updates through it): more than the default 10 s on a busy machine.
    this.timeout(30_000);
    const element = await widget('en');
    await fill(element, 'Follow me by code');
    const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
    $<HTMLButtonElement>(element, 'button[type=submit]').click();
    const { trackingCode: code, residentKey } = (await submitted).detail.response;
    const follower = await widget('zh-CN', code.toLowerCase());
    await until(() => text(follower).includes(`查询码 ${code}`));
    expect(text(follower)).to.contain('已受理');
    const link = $<HTMLAnchorElement>(follower, 'a');
    // This device sent the report, so it holds the key: the hosted page's link is the private one.
    expect(link.href).to.equal(`${service.url}/p/${service.siteKey}/track/${code}#key=${residentKey}`);
    expect(link.textContent).to.contain('专属链接');
    await expect(follower).to.be.accessible();
  });

  it('keeps a report made offline and sends it once when back online, then tracks it', async function () {
    // Several round trips to the real server (and staff updates through it): more than the default 10 s on a busy machine.
    this.timeout(30_000);
    const element = await widget('en');
    const description = `Offline report ${crypto.randomUUID().slice(0, 8)}`;
    await fill(element, description);
    await setOffline(true);
    const queued = waitFor<CustomEvent>(element, 'courtyard-queued');
    $<HTMLButtonElement>(element, 'button[type=submit]').click();
    await queued;
    await element.updateComplete;
    expect(text(element)).to.contain('Saved — will send when you are back online.');
    await expect(element).to.be.accessible();
    const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
    await setOffline(false);
    window.dispatchEvent(new Event('online'));
    const delivered = await submitted;
    expect(delivered.detail.fromOutbox).to.equal(true);
    const code = delivered.detail.response.trackingCode as string;
    await until(() => text(element).includes(description));
    // Sent once: one request with this description reached the database, and nothing waits in the outbox.
    expect(await element.outbox.pending()).to.have.length(0);
    const count = await serviceRequest<{ count: number }>(
      `/widget-fixtures/repair-count?description=${encodeURIComponent(description)}`,
    );
    expect(count.count).to.equal(1);
    const view = await serviceRequest<{ trackingCode: string; description: string }>(`/repairs/${code}`);
    expect(view.description).to.equal(description);
  });
});
