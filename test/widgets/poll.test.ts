// <courtyard-poll> against the real server: vote on a device poll, results as text and a chart that axe
// accepts, live tallies from another device, ballot codes filled in from a QR link, both languages, keyboard.
import { expect, fixtureSync, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/components/poll/poll.define.js';
import type { CourtyardPoll } from '../../packages/widgets/src/components/poll/poll.component.js';
import { service, serviceRequest, until } from './support/service.js';

interface Created {
  id: string;
  options: { id: string; label: string }[];
  codes: { code: string; label: string }[];
}

const createPoll = (poll: Record<string, unknown>, households?: unknown[]) =>
  serviceRequest<Created>('/widget-fixtures/polls', {
    poll: { title: '周末活动选哪天？', options: [{ label: '周六' }, { label: '周日' }], ...poll },
    ...(households ? { households } : {}),
  });

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const untilText = (element: Element, expected: string) =>
  until(() => text(element).includes(expected)).catch(() => {
    throw new Error(`"${expected}" never appeared in: ${text(element)}`);
  });

function mount(pollId: string, lang = 'zh-CN', extra: Record<string, string> = {}) {
  const element = fixtureSync<CourtyardPoll>(
    html`<courtyard-poll lang=${lang} site=${service.siteKey} api=${service.url} poll=${pollId}></courtyard-poll>`,
  );
  for (const [name, value] of Object.entries(extra)) element.setAttribute(name, value);
  element.outbox = new Outbox({ name: `poll-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
  return element;
}

const inputs = (element: CourtyardPoll) => [
  ...element.shadowRoot!.querySelectorAll<HTMLInputElement>('fieldset input'),
];
const voteButton = (element: CourtyardPoll) =>
  element.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!;

describe('<courtyard-poll>', () => {
  it('votes on a device poll and shows the results as numbers and percentages, accessible to axe', async () => {
    const poll = await createPoll({});
    const element = mount(poll.id);
    await untilText(element, '周末活动选哪天？');
    expect(voteButton(element).disabled).to.equal(true);
    await expect(element).to.be.accessible();
    inputs(element)[1]!.click();
    await element.updateComplete;
    const submitted = new Promise<CustomEvent>((resolve) =>
      element.addEventListener('courtyard-submitted', (event) => resolve(event as CustomEvent), { once: true }),
    );
    voteButton(element).click();
    const event = await submitted;
    expect(event.detail.response.receipt).to.match(/^[\w-]{16,}$/);
    await untilText(element, '谢谢，您的投票已记录。');
    await untilText(element, '1 票 · 100%');
    expect(text(element)).to.contain('0 票 · 0%');
    expect(text(element)).to.contain('共 1 票');
    expect(element.shadowRoot!.querySelector('form')).to.equal(null, 'no second ballot on this device');
    await expect(element).to.be.accessible();
  });

  it('updates the chart live when another device votes', async () => {
    const poll = await createPoll({});
    const element = mount(poll.id, 'en');
    await untilText(element, '0 votes in total');
    await serviceRequest(`/widget-fixtures/polls/${poll.id}/votes`, { optionIds: [poll.options[0]!.id] });
    await untilText(element, '1 votes in total');
    expect(text(element)).to.contain('1 · 100%');
    await serviceRequest(`/widget-fixtures/polls/${poll.id}/close`, {});
    await untilText(element, 'Voting has closed.');
  });

  it('keeps results hidden until this device has voted ("after voting"), then shows them', async () => {
    const poll = await createPoll({ visibility: 'after-voting' });
    const element = mount(poll.id, 'en');
    await untilText(element, 'Vote');
    expect(element.shadowRoot!.querySelector('[part=results]')).to.equal(null);
    inputs(element)[0]!.click();
    await element.updateComplete;
    voteButton(element).click();
    await untilText(element, '1 votes in total');
    // A reload on this device finds its receipt and still shows them.
    const again = mount(poll.id, 'en');
    await untilText(again, '1 votes in total');
  });

  it('is usable by keyboard alone, and multiple choice stops at the maximum', async () => {
    const poll = await createPoll({
      selection: 'multiple',
      maxChoices: 2,
      options: [{ label: 'A' }, { label: 'B' }, { label: 'C' }],
    });
    const element = mount(poll.id, 'en');
    await untilText(element, 'Choose up to 2.');
    inputs(element)[0]!.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect(inputs(element).map((input) => input.checked)).to.deep.equal([true, true, false]);
    expect(inputs(element)[2]!.disabled).to.equal(true);
    voteButton(element).focus();
    await sendKeys({ press: 'Enter' });
    await untilText(element, 'Thank you, your vote is recorded.');
    await untilText(element, '1 votes in total');
    expect(text(element)).to.contain('A 1 · 100% B 1 · 100% C 0 · 0%');
  });

  it("fills the ballot code from a QR link (?code=), shows the household's own cost share and the floor table, and votes once", async () => {
    const poll = await createPoll(
      {
        title: '加装电梯',
        eligibility: 'ballot-code',
        decision: 'owners',
        options: [{ label: '同意', approves: true }, { label: '不同意' }],
        costShares: {
          basis: 'floor',
          rows: [
            { floor: 1, percent: 0 },
            { floor: 6, percent: 32 },
          ],
        },
      },
      [
        { label: '2单元 601', area: 88.6, floor: 6 },
        { label: '2单元 602', area: 70, floor: 6 },
        { label: '2单元 101', area: 62.3, floor: 1 },
      ],
    );
    const code = poll.codes[0]!.code;
    const before = location.href;
    history.replaceState(null, '', `?code=${code}`);
    let element: CourtyardPoll;
    // Every render from the start: the choices must not show before the household's line, which would then
    // push them down under a resident's finger (a tap meant for 同意 landing elsewhere).
    const choicesBeforeHousehold: string[] = [];
    let watcher: MutationObserver | undefined;
    try {
      element = mount(poll.id);
      watcher = new MutationObserver(() => {
        const root = element.shadowRoot!;
        if (root.querySelector('input[name=o]') && !text(element).includes('2单元 601')) {
          choicesBeforeHousehold.push(text(element));
        }
      });
      watcher.observe(element.shadowRoot!, { childList: true, subtree: true, characterData: true });
    } finally {
      history.replaceState(null, '', before);
    }
    await untilText(element, '2单元 601 · 88.6 平方米');
    watcher?.disconnect();
    expect(choicesBeforeHousehold).to.deep.equal([]);
    expect(element.shadowRoot!.querySelector<HTMLInputElement>('#code')!.value).to.equal(code);
    // Floor 6 pays 32 % in all; its two households carry 16 % each, and this one is told its own 16 %.
    expect(text(element)).to.contain('您户分摊费用：16%');
    expect(text(element)).to.contain('6 层合计分摊 32%，由该层 2 户平均承担。');
    const rows = [...element.shadowRoot!.querySelectorAll('[part=shares] tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent!.trim()),
    );
    expect(rows).to.deep.equal([
      ['楼层', '该层合计', '户数', '每户'],
      ['1', '0%', '1', '0%'],
      ['6（您家）', '32%', '2', '16%'],
    ]);
    expect(element.shadowRoot!.querySelector('tr[aria-current]')!.textContent).to.contain('6');
    await expect(element).to.be.accessible();
    inputs(element)[0]!.click();
    await element.updateComplete;
    voteButton(element).click();
    await untilText(element, '谢谢，您的投票已记录。');
    await untilText(element, '参与表决：1/3 户，88.6/220.9 平方米');
    expect(text(element)).to.contain('同意：1 户，88.6 平方米');

    // Another browser with the same code: the code says it was used.
    localStorage.removeItem(`courtyard:poll-receipt:${poll.id}`);
    const second = mount(poll.id, 'en', { code });
    await untilText(second, 'This ballot code has already been used.');
    expect(text(second)).to.contain("Your household's share of the cost: 16%");
    expect(text(second)).to.contain('Floor 6 pays 32% in all, divided among its 2 households.');
    expect(text(second)).to.contain('6 (yours)');
  });

  it('says so when the code is wrong, in English', async () => {
    const poll = await createPoll({ eligibility: 'ballot-code' }, [{ label: '1单元 101', area: 60, floor: 1 }]);
    const element = mount(poll.id, 'en', { code: 'ZZZZZ-ZZZZZ' });
    await untilText(element, 'This ballot code is not right for this poll.');
    await expect(element).to.be.accessible();
  });

  it('shows a scheduled poll with its opening time in the community time zone, and no ballot', async () => {
    const opensAt = new Date(Date.now() + 86_400_000).toISOString();
    const poll = await createPoll({ opensAt });
    const element = mount(poll.id, 'en');
    await untilText(element, 'Opens ');
    expect(element.shadowRoot!.querySelector('form')).to.equal(null);
  });
});
