// <courtyard-suggestion-box> against the real server: a resident writes in Chinese or English, keyboard
// only, sees similar suggestions to support instead, gets a follow code; offline, it is kept and sent once.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardSuggestionBox } from '../../packages/widgets/src/components/suggestion-box/suggestion-box.component.js';
import { service, serviceRequest, setOffline, uniqueName, until } from './support/service.js';
import { publish, stored } from './support/suggestions.js';

type Box = CourtyardSuggestionBox;

const text = (element: Element) => (element.shadowRoot ?? element).textContent?.replace(/\s+/g, ' ') ?? '';
const part = (element: Element, name: string) => element.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const once = <T extends Event>(element: Element, name: string) =>
  new Promise<T>((resolve) => element.addEventListener(name, (event) => resolve(event as T), { once: true }));

async function box(lang: string): Promise<Box> {
  const element = await fixture<Box>(
    html`<courtyard-suggestion-box lang=${lang} site=${service.siteKey} api=${service.url}></courtyard-suggestion-box>`,
  );
  element.outbox = new Outbox({ name: `box-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
  await until(() => part(element, 'form') !== null);
  return element;
}

/** Types into the text area as a person would (focus, then keys). */
async function write(element: Box, value: string) {
  part(element, 'text')!.focus();
  await sendKeys({ type: value });
  await element.updateComplete;
}

/** Tabs forward until the send button has focus, then presses Enter: keyboard only. */
async function sendByKeyboard(element: Box) {
  for (let step = 0; step < 12 && element.shadowRoot!.activeElement !== part(element, 'submit'); step++) {
    await sendKeys({ press: 'Tab' });
  }
  expect(element.shadowRoot!.activeElement).to.equal(part(element, 'submit'));
  await sendKeys({ press: 'Enter' });
}

describe('<courtyard-suggestion-box>', () => {
  afterEach(() => setOffline(false));

  it('sends a suggestion in Chinese, keyboard only, and shows the follow code and link', async () => {
    const element = await box('zh-CN');
    expect(text(element)).to.contain(service.community['zh-CN']);
    expect(text(element)).to.contain('仅社区工作人员可见');
    await expect(element).to.be.accessible();
    const suggestion = uniqueName('希望楼道里装感应灯');
    await write(element, suggestion);
    expect(part(element, 'count')!.textContent).to.equal(`${[...suggestion].length} / 2000 字`);
    const submitted = once<CustomEvent>(element, 'courtyard-submitted');
    await sendByKeyboard(element);
    const event = await submitted;
    await element.updateComplete;
    const { followCode, followUrl } = event.detail.response;
    expect(event.detail.response).not.to.have.property('moderation');
    expect(text(part(element, 'thanks')!))
      .to.contain('谢谢')
      .and.contain(followCode);
    expect(part(element, 'thanks')!.querySelector('a')!.getAttribute('href')).to.equal(followUrl);
    expect(followUrl).to.match(new RegExp(`/p/${service.siteKey}/follow/${followCode}$`));
    await expect(element).to.be.accessible();
    expect(await stored(suggestion)).to.have.length(1);
  });

  it('speaks English, counts emoji as one character each, and refuses an empty or too long text before sending', async () => {
    const element = await box('en');
    expect(text(element)).to.contain('Send a suggestion').and.contain('Only community staff can see this.');
    await write(element, '🏠🏠');
    expect(part(element, 'count')!.textContent).to.equal('2 / 2000 characters');
    const textarea = part(element, 'text') as HTMLTextAreaElement;
    textarea.value = '长'.repeat(2001);
    textarea.dispatchEvent(new Event('input'));
    await element.updateComplete;
    expect(textarea.getAttribute('aria-invalid')).to.equal('true');
    expect(text(element)).to.contain('Please shorten it to 2000 characters.');
    let sent = false;
    element.addEventListener('courtyard-submit', () => (sent = true));
    part(element, 'submit')!.click();
    textarea.value = '   ';
    textarea.dispatchEvent(new Event('input'));
    part(element, 'submit')!.click();
    await element.updateComplete;
    expect(text(element)).to.contain('Please write your suggestion first.');
    expect(sent).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('keeps name and phone for staff, and sends the honeypot empty', async () => {
    const element = await box('en');
    const suggestion = uniqueName('Benches for the garden');
    await write(element, suggestion);
    const input = (name: string) => element.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input('name').focus();
    await sendKeys({ type: 'Mrs Li' });
    input('phone').focus();
    await sendKeys({ type: '138 0013 8000' });
    const submitted = once<CustomEvent>(element, 'courtyard-submitted');
    part(element, 'submit')!.click();
    const event = await submitted;
    expect(JSON.stringify(event.detail.response)).not.to.contain('Mrs Li');
    const rows = await stored(suggestion);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ name: 'Mrs Li', moderation: 'pending' });
  });

  it('keeps a suggestion written offline and sends it exactly once when back online', async () => {
    const element = await box('en');
    const suggestion = uniqueName('Offline: the gate lock is broken');
    await write(element, suggestion);
    await setOffline(true);
    const queued = once<CustomEvent>(element, 'courtyard-queued');
    part(element, 'submit')!.click();
    await queued;
    await element.updateComplete;
    expect(text(part(element, 'status')!)).to.contain('Saved — will send when you are back online.');
    await expect(element).to.be.accessible();
    expect(await stored(suggestion)).to.have.length(0);

    const submitted = once<CustomEvent>(element, 'courtyard-submitted');
    await setOffline(false);
    window.dispatchEvent(new Event('online'));
    const event = await submitted;
    expect(event.detail.fromOutbox).to.equal(true);
    await element.updateComplete;
    expect(text(part(element, 'thanks')!)).to.contain(event.detail.response.followCode);
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await stored(suggestion)).to.have.length(1);
  });

  it('offers a similar published suggestion while the resident types, and supports it instead', async () => {
    const published = uniqueName('小区西门的路灯坏了很久');
    const id = await publish(published);
    const element = await box('zh-CN');
    await write(element, '西门的路灯坏了');
    await until(() => part(element, 'similar') !== null);
    expect(text(part(element, 'similar')!)).to.contain(published);
    await expect(element).to.be.accessible();
    const button = part(element, 'similar')!.querySelector('button')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => button.getAttribute('aria-pressed') === 'true');
    expect(button.textContent?.trim()).to.equal('已支持');
    const board = await serviceRequest<{ items: { id: string; supportCount: number }[] }>('/suggestions?limit=50');
    expect(board.items.find((item) => item.id === id)?.supportCount).to.equal(1);
  });

  it('sends an optional photo with the suggestion through the platform upload', async () => {
    const element = await box('en');
    const suggestion = uniqueName('Photo: the railing is loose');
    await write(element, suggestion);
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    canvas.getContext('2d')!.fillRect(0, 0, 40, 30);
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    const files = new DataTransfer();
    files.items.add(new File([png], 'railing.png', { type: 'image/png' }));
    const input = element.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    input.files = files.files;
    const submitted = once<CustomEvent>(element, 'courtyard-submitted');
    part(element, 'submit')!.click();
    const event = await submitted;
    expect(event.detail.response.status).to.equal('received');
    const rows = await stored(suggestion);
    expect(rows).to.have.length(1);
    expect(rows[0]?.photos).to.equal(1);
  });
});
