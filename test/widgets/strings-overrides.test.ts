// Every widget takes its text through one lookup: the element's own `strings`, then the page's
// `setStrings` for the element's language, then the widget's table for that language, then English.
// docs/extending.md promises this for every key, the widget's own ones included.
import { expect, fixture, fixtureSync, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../packages/widgets/src/all.define.js';
import { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import type { StringOverrides } from '../../packages/widgets/src/translations/index.js';
import { service, serviceRequest, until } from './support/service.js';

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const untilText = (element: Element, expected: string) =>
  until(() => text(element).includes(expected)).catch(() => {
    throw new Error(`"${expected}" never appeared in: ${text(element)}`);
  });

/** An open poll of the test's own, so the poll widget has a ballot with its "Vote" button to show. */
const openPoll = () =>
  serviceRequest<{ id: string }>('/widget-fixtures/polls', {
    poll: { title: 'Which day for the clean-up?', options: [{ label: 'Saturday' }, { label: 'Sunday' }] },
  }).then((poll) => poll.id);

interface Case {
  tag: string;
  /** A key of the widget's own table and its shipped English and Chinese text. */
  key: string;
  en: string;
  zh: string;
  mount: (lang: string) => Promise<TemplateResult>;
}

const attributes = (lang: string) => ({ lang, site: service.siteKey, api: service.url });
const cases: Case[] = [
  {
    tag: 'courtyard-suggestion-box',
    key: 'boxTitle',
    en: 'Send a suggestion',
    zh: '提意见建议',
    mount: async (lang) => {
      const a = attributes(lang);
      return html`<courtyard-suggestion-box lang=${a.lang} site=${a.site} api=${a.api}></courtyard-suggestion-box>`;
    },
  },
  {
    tag: 'courtyard-suggestion-board',
    key: 'boardTitle',
    en: 'What residents suggested',
    zh: '居民意见公示',
    mount: async (lang) => {
      const a = attributes(lang);
      return html`<courtyard-suggestion-board lang=${a.lang} site=${a.site} api=${a.api}></courtyard-suggestion-board>`;
    },
  },
  {
    tag: 'courtyard-poll',
    key: 'vote',
    en: 'Vote',
    zh: '投票',
    mount: async (lang) => {
      const a = attributes(lang);
      const poll = await openPoll();
      return html`<courtyard-poll lang=${a.lang} site=${a.site} api=${a.api} poll=${poll}></courtyard-poll>`;
    },
  },
  {
    tag: 'courtyard-repair-request',
    key: 'title',
    en: 'Report a repair',
    zh: '报修',
    mount: async (lang) => {
      const a = attributes(lang);
      return html`<courtyard-repair-request lang=${a.lang} site=${a.site} api=${a.api}></courtyard-repair-request>`;
    },
  },
];

/** Puts the page's overrides back to the shipped text, so one test's overrides do not leak into the next. */
function restore({ key, en, zh }: Case) {
  CourtyardElement.setStrings('en', { [key]: en } as StringOverrides);
  CourtyardElement.setStrings('zh-CN', { [key]: zh } as StringOverrides);
}

describe('strings: one lookup order for every widget', () => {
  for (const widget of cases) {
    describe(`<${widget.tag}>`, () => {
      afterEach(() => restore(widget));

      it(`takes the page-wide setStrings override of its own key "${widget.key}"`, async () => {
        const element = fixtureSync<CourtyardElement>(await widget.mount('en'));
        await untilText(element, widget.en);
        CourtyardElement.setStrings('en', { [widget.key]: 'Overridden for the page' } as StringOverrides);
        await untilText(element, 'Overridden for the page');
        expect(text(element)).not.to.contain(widget.en);
      });

      it("prefers the element's own strings to the page's, and the page's only in their language", async () => {
        CourtyardElement.setStrings('en', { [widget.key]: 'Page-wide English' } as StringOverrides);
        const wrapper = fixtureSync<HTMLDivElement>(html`<div lang="zh-CN">${await widget.mount('')}</div>`);
        const element = wrapper.firstElementChild as CourtyardElement;
        // Chinese: the English page override does not apply; the shipped Chinese text does.
        await untilText(element, widget.zh);
        expect(text(element)).not.to.contain('Page-wide English');
        // Switching the page's language re-renders with that language's override.
        wrapper.setAttribute('lang', 'en');
        await untilText(element, 'Page-wide English');
        element.strings = { [widget.key]: 'Just this element' } as StringOverrides;
        await untilText(element, 'Just this element');
        expect(text(element)).not.to.contain('Page-wide English');
      });
    });
  }

  it('applies a page-wide override of a shared key (the loading text) to a widget', async () => {
    CourtyardElement.setStrings('en', { loading: 'One moment…' });
    const element = await fixture<CourtyardElement>(
      html`<courtyard-repair-request lang="en" site=${service.siteKey} api=${service.url} code="R-0000-0000"></courtyard-repair-request>`,
    );
    expect(text(element)).to.contain('One moment…');
    CourtyardElement.setStrings('en', { loading: 'Loading…' });
  });
});
