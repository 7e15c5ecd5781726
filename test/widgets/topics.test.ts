// <courtyard-topics> against the real server: a topic's status, reason and next meeting in both languages;
// support once per device and a short opinion before the meeting, both through the outbox; staff moving the
// topic on, or changing a meeting's agenda, reaches the page live.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardTopics } from '../../packages/widgets/src/components/topics/topics.component.js';
import { service, serviceRequest, uniqueName, until } from './support/service.js';

const text = (element: Element | null | undefined) =>
  element?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? element?.textContent?.replace(/\s+/g, ' ') ?? '';

/** A staff action through the real staff API (test/support/fixture-topic-routes.ts). */
const staff = <Body>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
  serviceRequest<Body>('/widget-fixtures/topics/staff', { method, path, ...(body === undefined ? {} : { body }) });

async function newTopic(title: string): Promise<string> {
  const topic = await staff<{ id: string }>('POST', '/topics', {
    scope: { type: 'community' },
    title,
    summary: '东门车棚',
  });
  return topic.id;
}

async function widget(lang: string): Promise<CourtyardTopics> {
  const element = await fixture<CourtyardTopics>(
    html`<courtyard-topics lang=${lang} site=${service.siteKey} api=${service.url}></courtyard-topics>`,
  );
  await until(() => element.shadowRoot!.querySelector('ol, [role="alert"]') !== null);
  return element;
}

const card = (element: CourtyardTopics, needle: string) =>
  [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="item"]')].find((item) =>
    item.textContent?.includes(needle),
  );

describe('<courtyard-topics>', () => {
  it('shows each topic with its status in Chinese and English, accessible', async () => {
    const title = uniqueName('增设电动自行车充电桩');
    await newTopic(title);
    const zh = await widget('zh-CN');
    expect(text(zh)).to.contain('议事协商');
    expect(card(zh, title)!.querySelector('[part="badge"]')!.textContent).to.equal('已立项');
    await expect(zh).to.be.accessible();
    const en = await widget('en');
    expect(card(en, title)!.querySelector('[part="badge"]')!.textContent).to.equal('Proposed');
    expect(text(en)).not.to.match(/议事协商|人支持/);
    await expect(en).to.be.accessible();
  });

  it('supports a topic once by keyboard, and keeps an opinion for staff to publish', async () => {
    const title = uniqueName('楼道堆物清理');
    const id = await newTopic(title);
    const element = await widget('zh-CN');
    const button = () => card(element, title)!.querySelector<HTMLButtonElement>('[part="support"]')!;
    button().focus();
    await sendKeys({ press: 'Enter' });
    await until(() => button().textContent!.includes('1 人支持'));
    expect(button().getAttribute('aria-pressed')).to.equal('true');

    const form = card(element, title)!.querySelector<HTMLFormElement>('[part="opinion"]')!;
    form.querySelector('textarea')!.focus();
    await sendKeys({ type: '同意，希望周末清理' });
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => text(card(element, title)).includes('谢谢！'));
    const stored = await staff<{ opinions: { text: string; moderation: string }[] }>('GET', `/topics/${id}`);
    expect(stored.opinions.map((opinion) => [opinion.text, opinion.moderation])).to.deep.equal([
      ['同意，希望周末清理', 'pending'],
    ]);
    await expect(element).to.be.accessible();
  });

  it('shows staff moving the topic on and scheduling its meeting live, without a reload', async () => {
    const title = uniqueName('小区停车管理');
    const id = await newTopic(title);
    const element = await widget('zh-CN');
    await staff('POST', `/topics/${id}/status`, { status: 'scheduled', reason: '列入本月议事会' });
    await until(() => card(element, title)!.querySelector('[part="badge"]')!.textContent === '待议事');
    expect(text(card(element, title))).to.contain('列入本月议事会');
    await staff('POST', '/meetings', {
      title: '停车议事会',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      place: '社区活动室',
      parties: ['owners-committee', 'property-company'],
      topicIds: [id],
      scope: { type: 'community' },
    });
    await until(() => text(card(element, title)).includes('下次议事会'));
    expect(text(card(element, title)!.querySelector('[part="meeting"]'))).to.contain('社区活动室');
  });

  it('shows a meeting’s changed agenda live: a topic taken off loses the meeting, one added gains it', async () => {
    const first = uniqueName('东门车棚');
    const second = uniqueName('西门路灯');
    const [firstId, secondId] = [await newTopic(first), await newTopic(second)];
    const meeting = await staff<{ id: string }>('POST', '/meetings', {
      title: '五月议事会',
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      place: '二楼会议室',
      parties: ['owners-committee'],
      topicIds: [firstId],
      scope: { type: 'community' },
    });
    const element = await widget('zh-CN');
    expect(text(card(element, first)!.querySelector('[part="meeting"]'))).to.contain('二楼会议室');
    expect(card(element, second)!.querySelector('[part="meeting"]')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the live stream opens
    await staff('PUT', `/meetings/${meeting.id}/agenda`, { topicIds: [secondId] });
    await until(() => card(element, second)!.querySelector('[part="meeting"]') !== null);
    await until(() => card(element, first)!.querySelector('[part="meeting"]') === null);
    expect(text(card(element, second)!.querySelector('[part="meeting"]'))).to.contain('二楼会议室');
    await expect(element).to.be.accessible();
  });
});
