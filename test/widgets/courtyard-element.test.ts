// The base element as a host page meets it, against the real server: language, theme, strings, the
// site configuration, typed events through the submission controller, and axe in every state.
import { expect, fixture, fixtureSync, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import { loadedSharedOutbox } from '../../packages/widgets/src/api/shared-outbox.js';
import '../../packages/widgets/src/all.define.js';
import { SubmissionController } from '../../packages/widgets/src/controllers/submission-controller.js';
import { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import { controls } from '../../packages/widgets/src/styles/controls.js';
import { theme } from '../../packages/widgets/src/styles/theme.js';
import { NOTES_PATH, serverSaw, service, setOffline, uniqueName } from './support/service.js';

/** A minimal form widget built the way feature widgets are: base element + SubmissionController. */
class TestNoteForm extends CourtyardElement {
  static override styles = [theme, controls];
  submission = new SubmissionController(this);
  name = '';
  fail?: { status: number; times: number; retryAfter?: number };

  override render() {
    const { state, error } = this.submission;
    return litHtml`<form part="base" class="base" @submit=${this.onSubmit}>
      <label for="name">Name</label><input id="name" name="name" />
      <button part="submit" type="submit">${this.t(state === 'pending' ? 'sending' : 'send')}</button>
      <p role="status" part="status" class="status">${
        state === 'queued' ? this.t('queued') : state === 'sent' ? this.t('sent') : ''
      }${error ? this.errorText(error.code) : ''}</p>
    </form>`;
  }

  private onSubmit(event: Event) {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input')!;
    void this.submission.submit({
      path: NOTES_PATH,
      json: { name: input.value, ...(this.fail ? { fail: this.fail } : {}) },
    });
  }
}
TestNoteForm.define('test-note-form');

/**
 * A display widget of the test's own, so the base element's tests depend on no feature: the community's
 * name from the site configuration and two shared strings, one with a placeholder.
 */
class TestBaseWidget extends CourtyardElement {
  static override styles = [theme, controls];

  override render() {
    const community = this.localized(this.siteConfig?.community.names);
    return litHtml`<section part="base" class="base" aria-label=${this.t('loading')}>
      <p part="community" class="muted">${community}</p>
      <p part="message" class="heading" role="status">${this.t('retry')}</p>
      <p part="detail">${this.t('uploading', { percent: '50%' })}</p>
    </section>`;
  }
}
TestBaseWidget.define('test-base-widget');
declare global {
  interface HTMLElementTagNameMap {
    'test-base-widget': TestBaseWidget;
  }
}

const waitFor = <T extends Event>(target: EventTarget, name: string) =>
  new Promise<T>((resolve) => target.addEventListener(name, (event) => resolve(event as T), { once: true }));

// Wrappers use fixtureSync: fixture() waits an animation frame, which a background test page may not get.
describe('<courtyard-*> base element', () => {
  afterEach(() => setOffline(false));

  describe('language', () => {
    it('uses its own lang, then the closest [lang] ancestor across shadow roots, then the document', async () => {
      const outer = fixtureSync<HTMLDivElement>(
        html`<div lang="en"><test-base-widget lang="zh-CN" site=${service.siteKey} api=${service.url}></test-base-widget></div>`,
      );
      expect(outer.querySelector('test-base-widget')!.language).to.equal('zh-CN');

      const host = fixtureSync<HTMLDivElement>(html`<div lang="zh"></div>`);
      const shadow = host.attachShadow({ mode: 'open' });
      const inner = document.createElement('test-base-widget');
      shadow.append(inner);
      expect(inner.language).to.equal('zh-CN');
      host.setAttribute('lang', 'fr'); // not shipped: skipped, next comes the document
      document.documentElement.lang = 'en-GB';
      expect(inner.language).to.equal('en');
    });

    it('falls back to the browser language when the page says nothing it ships', async () => {
      document.documentElement.lang = '';
      const element = await fixture<TestBaseWidget>(
        html`<test-base-widget site=${service.siteKey} api=${service.url}></test-base-widget>`,
      );
      const browser = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
      expect(element.language).to.equal(browser);
    });

    it("re-renders when the host page's lang changes, with the community name from the site config", async () => {
      const wrapper = fixtureSync<HTMLDivElement>(
        html`<div lang="en"><test-base-widget site=${service.siteKey} api=${service.url}></test-base-widget></div>`,
      );
      const widget = wrapper.querySelector('test-base-widget')!;
      await waitUntilText(widget, service.community.en);
      expect(text(widget)).to.contain('Try again');
      wrapper.setAttribute('lang', 'zh-CN');
      await waitUntilText(widget, '重试');
      expect(text(widget)).to.contain(service.community['zh-CN']);
      await expect(widget).to.be.accessible();
    });

    it('lets the host override strings for the page and per element', async () => {
      const widget = await fixture<TestBaseWidget>(
        html`<test-base-widget lang="en" site=${service.siteKey} api=${service.url}></test-base-widget>`,
      );
      CourtyardElement.setStrings('en', { retry: 'Load again', uploading: 'Sending photos: {percent}' });
      await widget.updateComplete;
      expect(text(widget)).to.contain('Load again').and.contain('Sending photos: 50%');
      widget.strings = { retry: 'Reload this one' };
      await widget.updateComplete;
      expect(text(widget)).to.contain('Reload this one').and.not.contain('Load again');
      expect(text(widget)).to.contain('Sending photos: 50%');
      CourtyardElement.setStrings('en', { retry: 'Try again', uploading: 'Uploading {percent}' });
    });

    it('formats dates and numbers through Intl in its language', async () => {
      const widget = await fixture<TestBaseWidget>(
        html`<test-base-widget lang="zh-CN" site=${service.siteKey} api=${service.url}></test-base-widget>`,
      );
      expect(widget.formatNumber(12345.5)).to.equal(new Intl.NumberFormat('zh-CN').format(12345.5));
      expect(widget.formatDate('2024-05-01T12:00:00Z', { year: 'numeric', timeZone: 'UTC' })).to.contain('2024年');
    });
  });

  describe('theme', () => {
    it('applies --courtyard-* tokens and keeps the host page CSS out', async () => {
      const wrapper = fixtureSync<HTMLDivElement>(html`<div>
        <style>
          .host-page { color: rgb(255, 0, 0); font-family: serif; letter-spacing: 9px; text-transform: uppercase; }
          .host-page test-base-widget { --courtyard-accent: rgb(1, 2, 3); --courtyard-surface: rgb(250, 240, 230); --courtyard-radius: 3px; }
        </style>
        <div class="host-page"><test-base-widget lang="en" site=${service.siteKey} api=${service.url}></test-base-widget></div>
      </div>`);
      const widget = wrapper.querySelector('test-base-widget')!;
      await widget.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 0));
      const base = getComputedStyle(widget.shadowRoot!.querySelector('[part=base]')!);
      expect(base.backgroundColor).to.equal('rgb(250, 240, 230)');
      expect(base.borderTopLeftRadius).to.equal('3px');
      expect(base.color).not.to.equal('rgb(255, 0, 0)');
      expect(base.letterSpacing).to.equal('normal');
      expect(base.textTransform).to.equal('none');
      expect(base.fontFamily).not.to.equal('serif');
    });

    it('turns dark with theme="dark", as attribute or property', async () => {
      const widget = await fixture<TestBaseWidget>(
        html`<test-base-widget lang="en" theme="light" site=${service.siteKey} api=${service.url}></test-base-widget>`,
      );
      const base = () => getComputedStyle(widget.shadowRoot!.querySelector('[part=base]')!).backgroundColor;
      expect(base()).to.equal('rgb(255, 255, 255)');
      widget.theme = 'dark';
      await widget.updateComplete;
      expect(widget.getAttribute('theme')).to.equal('dark');
      expect(base()).to.equal('rgb(22, 24, 29)');
      await expect(widget).to.be.accessible();
    });
  });

  describe('submitting', () => {
    const form = async (fail?: TestNoteForm['fail']) => {
      const element = await fixture<TestNoteForm>(
        html`<test-note-form lang="en" site=${service.siteKey} api=${service.url}></test-note-form>`,
      );
      element.outbox = new Outbox({ name: `element-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
      element.fail = fail;
      return element;
    };
    const type = async (element: TestNoteForm, value: string) => {
      element.renderRoot.querySelector('input')!.focus();
      await sendKeys({ type: value });
    };

    it('fires courtyard-submit then courtyard-submitted with the server answer, keyboard only', async () => {
      const element = await form();
      const name = uniqueName('keyboard');
      await type(element, name);
      const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
      const submit = waitFor<CustomEvent>(element, 'courtyard-submit');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      const before = await submit;
      expect(before.cancelable && before.bubbles && before.composed).to.equal(true);
      const event = await submitted;
      expect(event.detail.idempotencyKey).to.equal(before.detail.idempotencyKey);
      expect(event.detail.response).to.include({ name });
      expect(event.detail.fromOutbox).to.equal(false);
      await element.updateComplete;
      expect(text(element)).to.contain('Sent. Thank you!');
      await expect(element).to.be.accessible();
      expect((await serverSaw(name, event.detail.idempotencyKey)).rows).to.equal(1);
    });

    it('sends nothing when courtyard-submit is cancelled', async () => {
      const element = await form();
      const name = uniqueName('cancelled');
      await type(element, name);
      element.addEventListener('courtyard-submit', (event) => event.preventDefault(), { once: true });
      element.renderRoot.querySelector('button')!.click();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(element.submission.state).to.equal('idle');
      expect((await serverSaw(name)).rows).to.equal(0);
    });

    it('says it saved the submission offline, fires courtyard-queued, then courtyard-submitted once sent', async () => {
      const element = await form();
      const name = uniqueName('queued');
      await type(element, name);
      await setOffline(true);
      const queued = waitFor<CustomEvent>(element, 'courtyard-queued');
      element.renderRoot.querySelector('button')!.click();
      const event = await queued;
      await element.updateComplete;
      expect(text(element)).to.contain('Saved — will send when you are back online.');
      await expect(element).to.be.accessible();
      const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
      await setOffline(false);
      window.dispatchEvent(new Event('online'));
      const delivered = await submitted;
      expect(delivered.detail.fromOutbox).to.equal(true);
      expect(delivered.detail.idempotencyKey).to.equal(event.detail.idempotencyKey);
      expect(await serverSaw(name, event.detail.idempotencyKey)).to.deep.equal({ rows: 1, attempts: 1 });
    });

    it('loads the shared outbox when its form is first touched, so a write made offline after that is kept', async () => {
      const element = await fixture<TestNoteForm>(
        html`<test-note-form lang="en" site=${service.siteKey} api=${service.url}></test-note-form>`,
      );
      expect(element.outbox).to.equal(undefined);
      const name = uniqueName('shared');
      await type(element, name);
      const deadline = Date.now() + 5000;
      while (!loadedSharedOutbox() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(loadedSharedOutbox()).to.be.instanceOf(Outbox);
      await setOffline(true);
      const queued = waitFor<CustomEvent>(element, 'courtyard-queued');
      element.renderRoot.querySelector('button')!.click();
      const event = await queued;
      const submitted = waitFor<CustomEvent>(element, 'courtyard-submitted');
      await setOffline(false);
      window.dispatchEvent(new Event('online'));
      expect((await submitted).detail.fromOutbox).to.equal(true);
      expect(await serverSaw(name, event.detail.idempotencyKey)).to.deep.equal({ rows: 1, attempts: 1 });
    });

    it('shows a refusal in the resident language and fires courtyard-error with the code', async () => {
      const element = await form({ status: 409, times: 1 });
      element.lang = 'zh-CN';
      await type(element, uniqueName('refused'));
      const failed = waitFor<CustomEvent>(element, 'courtyard-error');
      element.renderRoot.querySelector('button')!.click();
      const event = await failed;
      expect(event.detail).to.include({ code: 'COURTYARD_CONFLICT', status: 409 });
      await element.updateComplete;
      expect(text(element)).to.contain('内容已有变化，请刷新后再试。');
      await expect(element).to.be.accessible();
    });
  });

  it('ignores a second registration of the same tag', () => {
    class Again extends CourtyardElement {}
    expect(() => Again.define('courtyard-poll')).not.to.throw();
    expect(customElements.get('courtyard-poll')).not.to.equal(Again);
  });
});

function text(element: Element): string {
  return element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

async function waitUntilText(element: Element, expected: string) {
  const started = Date.now();
  while (!text(element).includes(expected)) {
    if (Date.now() - started > 5000) throw new Error(`"${expected}" never appeared in: ${text(element)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
