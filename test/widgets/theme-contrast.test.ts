// Host accents in light and dark: the text on the accent (buttons) and the accent as text (links, secondary
// buttons) must keep WCAG AA contrast whatever colour the page gives, checked by axe on every widget.
import { expect, fixtureSync, html } from '@open-wc/testing';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import { service, serviceRequest, until } from './support/service.js';

// The demo page's red and the strict-CSP example's teal (both failed in dark mode), and a light yellow.
const ACCENTS = ['#b3261e', '#0f766e', '#fbbf24'];
const TAGS = ['courtyard-suggestion-box', 'courtyard-suggestion-board', 'courtyard-poll', 'courtyard-repair-request'];

/** Rendered past "Loading…". */
const loaded = (element: Element) => {
  const text = element.shadowRoot?.textContent ?? '';
  return text.trim() !== '' && !text.includes('Loading');
};

describe('a host accent colour', () => {
  let pollId: string;
  before(async () => {
    pollId = (
      await serviceRequest<{ id: string }>('/widget-fixtures/polls', {
        poll: { title: 'Which day for the clean-up?', options: [{ label: 'Saturday' }, { label: 'Sunday' }] },
      })
    ).id;
  });

  for (const theme of ['dark', 'light']) {
    for (const tag of TAGS) {
      it(`keeps <${tag}> readable in ${theme} mode with the accents ${ACCENTS.join(', ')}`, async () => {
        const wrapper = fixtureSync<HTMLDivElement>(html`<div></div>`);
        const element = document.createElement(tag) as CourtyardElement;
        for (const [name, value] of Object.entries({ lang: 'en', site: service.siteKey, api: service.url, theme })) {
          element.setAttribute(name, value);
        }
        if (tag === 'courtyard-poll') element.setAttribute('poll', pollId);
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
