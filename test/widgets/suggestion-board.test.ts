// <courtyard-suggestion-board> against the real server: published suggestions with badges, official
// answers and support counts in both languages; one support per device, withdrawn by pressing again;
// the follow view of one suggestion changes live when staff answer it; a suggestion made a topic says so, live.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardSuggestionBoard } from '../../packages/widgets/src/components/suggestion-board/suggestion-board.component.js';
import { service, serviceRequest, uniqueName, until } from './support/service.js';
import { publish, send, staff } from './support/suggestions.js';

type Board = CourtyardSuggestionBoard;
const text = (element: Element | null | undefined) =>
  element?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? element?.textContent?.replace(/\s+/g, ' ') ?? '';

async function board(lang: string, attributes: { sort?: string; follow?: string } = {}): Promise<Board> {
  const element = await fixture<Board>(
    html`<courtyard-suggestion-board lang=${lang} site=${service.siteKey} api=${service.url} sort=${attributes.sort ?? 'newest'} follow=${attributes.follow ?? ''}></courtyard-suggestion-board>`,
  );
  await until(() => element.shadowRoot!.querySelector('ol, [role="alert"]') !== null);
  return element;
}

/** The card showing `needle`. */
function card(element: Board, needle: string): HTMLElement | undefined {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="item"]')].find((item) =>
    item.textContent?.includes(needle),
  );
}

describe('<courtyard-suggestion-board>', () => {
  it('shows published suggestions with status badge, official response and its date, in Chinese and English', async () => {
    const answered = uniqueName('希望增加垃圾分类指导员');
    await publish(answered, { status: 'adopted', response: '已安排志愿者每天早晚值守。' });
    const pending = uniqueName('未审核的建议');
    await send(pending);

    const zh = await board('zh-CN');
    expect(text(zh)).to.contain('居民意见公示').and.contain(service.community['zh-CN']);
    const item = card(zh, answered)!;
    expect(item.querySelector('[part="badge"]')!.textContent).to.equal('已采纳');
    expect(text(item.querySelector('[part="response"]')))
      .to.match(/官方答复（.+）/)
      .and.contain('已安排志愿者每天早晚值守。');
    expect(card(zh, pending)).to.equal(undefined);
    await expect(zh).to.be.accessible();

    const en = await board('en');
    const english = card(en, answered)!;
    expect(english.querySelector('[part="badge"]')!.textContent).to.equal('Adopted');
    expect(text(english.querySelector('[part="response"]'))).to.match(/Official response, \w+ \d+, \d{4}/);
    expect(text(en)).not.to.match(/居民意见公示|官方答复|人支持/);
    await expect(en).to.be.accessible();
  });

  it('renders text as text: markup from a resident never becomes elements', async () => {
    const markup = uniqueName('<img src=x onerror="window.__hacked=1"><b>bold</b>');
    await publish(markup);
    const element = await board('en');
    const item = card(element, '<b>bold</b>')!;
    expect(item.querySelector('img, b')).to.equal(null);
    expect((window as unknown as { __hacked?: number }).__hacked).to.equal(undefined);
  });

  it('supports once per device by keyboard, and withdraws the support when pressed again', async () => {
    const value = uniqueName('楼下的长椅需要维修');
    await publish(value);
    const element = await board('zh-CN');
    const button = () => card(element, value)!.querySelector<HTMLButtonElement>('[part="support"]')!;
    expect(button().getAttribute('aria-pressed')).to.equal('false');
    expect(button().textContent).to.contain('0 人支持');
    button().focus();
    await sendKeys({ press: 'Enter' });
    await until(() => button().textContent!.includes('1 人支持'));
    expect(button().getAttribute('aria-pressed')).to.equal('true');
    await expect(element).to.be.accessible();

    // A second board (another page of the same device) counts the same support once.
    const again = await board('zh-CN');
    const other = card(again, value)!.querySelector<HTMLButtonElement>('[part="support"]')!;
    expect(other.getAttribute('aria-pressed')).to.equal('true');
    expect(other.textContent).to.contain('1 人支持');

    await sendKeys({ press: 'Space' });
    await until(() => button().textContent!.includes('0 人支持'));
    expect(button().getAttribute('aria-pressed')).to.equal('false');
  });

  it('orders by most supported when asked', async () => {
    const popular = uniqueName('Most supported idea');
    const id = await publish(popular);
    const supporters = ['tokenAtokenAtokenAtokenA', 'tokenBtokenBtokenBtokenB', 'tokenCtokenCtokenCtokenC'];
    for (const voterToken of supporters) {
      await fetch(`${service.url}/api/v1/sites/${service.siteKey}/suggestions/${id}/supports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ voterToken: `${voterToken}${crypto.randomUUID().slice(0, 8)}` }),
      });
    }
    await publish(uniqueName('Newer, unsupported idea'));
    const element = await board('en', { sort: 'supported' });
    const first = element.shadowRoot!.querySelector('[part="item"]')!;
    expect(first.textContent).to.contain(popular);
    expect(first.textContent).to.contain('3 supports');
  });

  it('follows one suggestion by its code: pending at first, then answered live when staff publish it', async () => {
    const value = uniqueName('跟进：希望开设老年人智能手机课堂');
    const { id, followCode } = await send(value);
    const element = await board('zh-CN', { follow: followCode });
    expect(text(element)).to.contain(value).and.contain('等待社区工作人员审核');
    expect(element.shadowRoot!.querySelector('[part="support"]')).to.equal(null);
    await expect(element).to.be.accessible();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the live stream opens
    await staff(id, { moderation: 'publish', status: 'adopted', response: '下月起每周三下午开课。' });
    await until(() => text(element).includes('下月起每周三下午开课。'));
    expect(text(element)).not.to.contain('等待社区工作人员审核');
    expect(element.shadowRoot!.querySelector('[part="badge"]')!.textContent).to.equal('已采纳');
  });

  it('tells the follower live, in both languages, that their suggestion became a topic, with a link to its page', async () => {
    const value = uniqueName('跟进：3号楼电梯经常停运');
    const { id, followCode } = await send(value);
    const element = await board('zh-CN', { follow: followCode });
    expect(element.shadowRoot!.querySelector('[part="topic"]')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the live stream opens
    const title = uniqueName('3号楼电梯更新');
    const topic = await serviceRequest<{ id: string }>('/widget-fixtures/topics/staff', {
      method: 'POST',
      path: '/topics',
      body: { scope: { type: 'community' }, title, suggestionIds: [id] },
    });
    await until(() => element.shadowRoot!.querySelector('[part="topic"]') !== null);
    const told = element.shadowRoot!.querySelector('[part="topic"]')!;
    expect(text(told)).to.contain('您的建议已列入议题：').and.contain(title);
    const link = told.querySelector('a')!;
    expect(link.href).to.equal(`${service.url}/p/${service.siteKey}/topics/${topic.id}?lang=zh-CN`);
    await expect(element).to.be.accessible();

    // Opened later, in English, the follow view says the same from the first answer.
    const english = await board('en', { follow: followCode });
    const line = english.shadowRoot!.querySelector('[part="topic"]')!;
    expect(text(line)).to.contain('Your suggestion is now being discussed:').and.contain(title);
    expect(line.querySelector('a')!.href).to.contain(`/topics/${topic.id}?lang=en`);
    await expect(english).to.be.accessible();
  });

  it('tells those who supported it on the board, live and in both languages, that it became a topic', async () => {
    const value = uniqueName('北门路灯太暗，晚上看不清');
    const id = await publish(value);
    const element = await board('zh-CN');
    const item = () => card(element, value)!;
    item().querySelector<HTMLButtonElement>('[part="support"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => item().querySelector('[part="support"]')!.textContent!.includes('1 人支持'));
    expect(item().querySelector('[part="topic"]')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the live stream opens
    const title = uniqueName('北门照明改造');
    const topic = await serviceRequest<{ id: string }>('/widget-fixtures/topics/staff', {
      method: 'POST',
      path: '/topics',
      body: { scope: { type: 'community' }, title, suggestionIds: [id] },
    });
    await until(() => item().querySelector('[part="topic"]') !== null);
    const told = item().querySelector('[part="topic"]')!;
    expect(text(told)).to.contain('已列入议题：').and.contain(title).and.not.contain('您的建议');
    const link = told.querySelector('a')!;
    expect(link.href).to.equal(`${service.url}/p/${service.siteKey}/topics/${topic.id}?lang=zh-CN`);
    // The support stays, and the link is reached by keyboard from the support button's card.
    expect(item().querySelector('[part="support"]')!.getAttribute('aria-pressed')).to.equal('true');
    link.focus();
    expect(element.shadowRoot!.activeElement).to.equal(link);
    await expect(element).to.be.accessible();

    // Opened later, in English, the board carries the topic from its first answer.
    const english = await board('en');
    const line = card(english, value)!.querySelector('[part="topic"]')!;
    expect(text(line)).to.contain('Being discussed:').and.contain(title);
    expect(line.querySelector('a')!.href).to.contain(`/topics/${topic.id}?lang=en`);
    await expect(english).to.be.accessible();
  });

  it('says so when the follow code is unknown', async () => {
    const element = await board('en', { follow: 'ABCDEFGHJK' });
    expect(text(element)).to.contain('This could not be found.');
    await expect(element).to.be.accessible();
  });
});
