// What every widget shows when it cannot work here at all, against the real server in Chromium: a page
// whose origin the site does not allow (the test page's own origin is not on the refused site's list),
// and a `site` or `poll` changed to one that does not exist. The old content goes; the reason shows.
import { expect, fixtureSync, html } from '@open-wc/testing';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import { service, serviceRequest, until } from './support/service.js';
import { WIDGET_TAGS } from './support/widgets.js';

const REFUSED = {
  en: 'This page is not allowed to send to the community yet.',
  'zh-CN': '本页面尚未获准向社区提交内容。',
};
const UNKNOWN_SITE = { en: 'This website is not set up for Courtyard yet.', 'zh-CN': '本网站尚未开通此服务。' };

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const untilText = (element: Element, expected: string) =>
  until(() => text(element).includes(expected)).catch(() => {
    throw new Error(`"${expected}" never appeared in: ${text(element)}`);
  });

function mount(tag: string, lang: string, siteKey: string, extra = ''): { element: CourtyardElement; codes: string[] } {
  const codes: string[] = [];
  const wrapper = fixtureSync<HTMLDivElement>(html`<div></div>`);
  wrapper.addEventListener('courtyard-error', (event) => codes.push((event as CustomEvent).detail.code));
  const element = document.createElement(tag) as CourtyardElement;
  element.setAttribute('lang', lang);
  element.setAttribute('site', siteKey);
  element.setAttribute('api', service.url);
  if (extra) element.setAttribute('poll', extra);
  wrapper.append(element);
  return { element, codes };
}

describe('a widget that cannot be used here', () => {
  for (const tag of WIDGET_TAGS) {
    for (const lang of ['zh-CN', 'en'] as const) {
      it(`<${tag}> on an origin the site does not allow says so in ${lang} and fires COURTYARD_ORIGIN_NOT_ALLOWED`, async () => {
        const { element, codes } = mount(tag, lang, service.refusedSiteKey);
        await untilText(element, REFUSED[lang]);
        await until(() => codes.includes('COURTYARD_ORIGIN_NOT_ALLOWED'));
        expect(element.shadowRoot!.querySelector('form, ol, table, [part=results]')).to.equal(null);
        expect(text(element)).not.to.contain(lang === 'en' ? 'No connection' : '网络');
        await expect(element).to.be.accessible();
      });
    }
  }

  it('clears a suggestion box when its site changes to an unknown key, and says why in both languages', async () => {
    const { element, codes } = mount('courtyard-suggestion-box', 'en', service.siteKey);
    await until(() => element.shadowRoot!.querySelector('form') !== null);
    element.setAttribute('site', 'no-such-site');
    await untilText(element, UNKNOWN_SITE.en);
    expect(element.shadowRoot!.querySelector('form')).to.equal(null);
    expect(text(element)).not.to.contain(service.community.en);
    expect(codes).to.include('COURTYARD_SITE_NOT_FOUND');
    element.setAttribute('lang', 'zh-CN');
    await element.updateComplete;
    expect(text(element)).not.to.contain(UNKNOWN_SITE.en);
    expect(text(element)).to.contain(UNKNOWN_SITE['zh-CN']);
    await expect(element).to.be.accessible();
    // Back to a real site: its content returns.
    element.setAttribute('site', service.siteKey);
    await until(() => element.shadowRoot!.querySelector('form') !== null);
  });

  it('clears a poll when its poll attribute changes to one that does not exist, and says why in both languages', async () => {
    const poll = await serviceRequest<{ id: string }>('/widget-fixtures/polls', {
      poll: { title: 'Which day for the clean-up?', options: [{ label: 'Saturday' }, { label: 'Sunday' }] },
    });
    const { element, codes } = mount('courtyard-poll', 'en', service.siteKey, poll.id);
    await untilText(element, 'Which day for the clean-up?');
    element.setAttribute('poll', crypto.randomUUID());
    await untilText(element, 'This could not be found.');
    expect(text(element)).not.to.contain('Which day for the clean-up?');
    expect(text(element)).not.to.contain('Saturday');
    expect(text(element)).not.to.contain('check your connection');
    expect(codes).to.include('COURTYARD_NOT_FOUND');
    element.setAttribute('lang', 'zh-CN');
    await untilText(element, '没有找到相关内容');
    await expect(element).to.be.accessible();
  });
});
