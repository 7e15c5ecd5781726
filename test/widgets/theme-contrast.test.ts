// Host accents in light and dark: the text on the accent (buttons) and the accent as text (links, secondary
// buttons) must keep WCAG AA contrast whatever colour the page gives, checked by axe on every widget.
import { expect, fixtureSync, html } from '@open-wc/testing';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import { service, serviceRequest, until } from './support/service.js';
import { WIDGET_TAGS } from './support/widgets.js';

// The demo page's red and the strict-CSP example's teal (both failed in dark mode), and a light yellow.
const ACCENTS = ['#b3261e', '#0f766e', '#fbbf24'];

/** Rendered past "Loading…". */
const loaded = (element: Element) => {
  const text = element.shadowRoot?.textContent ?? '';
  return text.trim() !== '' && !text.includes('Loading');
};

describe('a host accent colour', () => {
  /** Attributes a widget needs to show more than an empty state: the poll, the rota. */
  const shown: Record<string, Record<string, string>> = {};
  before(async () => {
    const poll = await serviceRequest<{ id: string }>('/widget-fixtures/polls', {
      poll: { title: 'Which day for the clean-up?', options: [{ label: 'Saturday' }, { label: 'Sunday' }] },
    });
    shown['courtyard-poll'] = { poll: poll.id };
    const rota = await serviceRequest<{ id: string }>('/widget-fixtures/rotas', {
      others: [{ room: '301', offset: 0, token: `other-${crypto.randomUUID()}`, displayName: '王阿姨' }],
    });
    shown['courtyard-rota'] = { rota: rota.id };
    // A topic open for support and opinions, so the topics list shows its buttons and form.
    await serviceRequest('/widget-fixtures/topics/staff', {
      method: 'POST',
      path: '/topics',
      body: { scope: { type: 'community' }, title: 'Charging points for e-bikes', summary: 'By the east gate' },
    });
  });

  for (const theme of ['dark', 'light']) {
    for (const tag of WIDGET_TAGS) {
      it(`keeps <${tag}> readable in ${theme} mode with the accents ${ACCENTS.join(', ')}`, async () => {
        const wrapper = fixtureSync<HTMLDivElement>(html`<div></div>`);
        const element = document.createElement(tag) as CourtyardElement;
        const attributes = { lang: 'en', site: service.siteKey, api: service.url, theme, ...shown[tag] };
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        element.outbox = new Outbox({ name: `contrast-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
        wrapper.append(element);
        await until(() => loaded(element));
        for (const accent of ACCENTS) {
          element.style.setProperty('--courtyard-accent', accent);
          await element.updateComplete;
          await expect(element, `${accent} in ${theme} mode`).to.be.accessible();
        }
      });
    }
  }
});
