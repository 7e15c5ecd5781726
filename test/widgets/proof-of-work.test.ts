// A busy site (here: one that asks every write) answers a write with a proof-of-work challenge; the widgets
// solve it in the browser and send the same write again, the resident seeing at most "checking…", announced
// politely. Against the real server: its challenge, its verification, its store.
import { expect, fixture, html } from '@open-wc/testing';
import { sendWrite } from '../../packages/widgets/src/api/client.js';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import { MemoryStore } from '../../packages/widgets/src/api/outbox-store.js';
import { proofHeader, solveChallenge } from '../../packages/widgets/src/api/proof-of-work.js';
import '../../packages/widgets/src/all.define.js';
import type { CourtyardSuggestionBox } from '../../packages/widgets/src/components/suggestion-box/suggestion-box.component.js';
import { service, uniqueName, until } from './support/service.js';
import { stored } from './support/suggestions.js';

const part = (element: Element, name: string) => element.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const suggestionsUrl = () => `${service.url}/api/v1/sites/${service.proofSiteKey}/suggestions`;

/** Every text the status line showed, with its role, while `action` ran. */
async function statusesDuring(element: Element, action: () => Promise<unknown>) {
  const seen: { text: string; role: string | null }[] = [];
  const record = () => {
    const status = part(element, 'status');
    const text = status?.textContent?.trim();
    if (status && text && seen.at(-1)?.text !== text) seen.push({ text, role: status.getAttribute('role') });
  };
  const observer = new MutationObserver(record);
  observer.observe(element.shadowRoot!, { subtree: true, childList: true, characterData: true });
  try {
    await action();
  } finally {
    observer.disconnect();
  }
  return seen;
}

async function box(lang: string): Promise<CourtyardSuggestionBox> {
  const element = await fixture<CourtyardSuggestionBox>(
    html`<courtyard-suggestion-box lang=${lang} site=${service.proofSiteKey} api=${service.url}></courtyard-suggestion-box>`,
  );
  element.outbox = new Outbox({ name: `pow-test-${crypto.randomUUID()}`, baseDelayMs: 60_000 });
  await until(() => part(element, 'form') !== null);
  return element;
}

async function send(element: CourtyardSuggestionBox, text: string) {
  const textarea = part(element, 'text') as HTMLTextAreaElement;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input'));
  await element.updateComplete;
  const submitted = new Promise<CustomEvent>((resolve) =>
    element.addEventListener('courtyard-submitted', (event) => resolve(event as CustomEvent), { once: true }),
  );
  part(element, 'submit')!.click();
  return submitted;
}

describe('proof of work in the widgets', () => {
  it('solves the challenge of a site that asks for one and sends the suggestion, saying “正在验证…” politely meanwhile', async () => {
    const element = await box('zh-CN');
    const text = uniqueName('工作量证明测试：希望增加路灯');
    const statuses = await statusesDuring(element, () => send(element, text));
    expect(statuses.map((status) => status.text)).to.include('正在验证…');
    expect(statuses.find((status) => status.text === '正在验证…')?.role).to.equal('status');
    expect(part(element, 'thanks')!.textContent).to.contain('谢谢');
    const rows = await stored(text);
    expect(rows).to.have.length(1);
    expect(rows[0]?.moderation).to.equal('pending');
    await expect(element).to.be.accessible();
  });

  it('says “Checking…” in English, and the send button says so too', async () => {
    const element = await box('en');
    const buttonTexts = new Set<string>();
    const watch = new MutationObserver(() => buttonTexts.add(part(element, 'submit')?.textContent?.trim() ?? ''));
    watch.observe(element.shadowRoot!, { subtree: true, childList: true, characterData: true });
    const statuses = await statusesDuring(element, () => send(element, uniqueName('Proof of work: more benches')));
    watch.disconnect();
    expect(statuses.map((status) => status.text)).to.include('Checking…');
    expect([...buttonTexts]).to.include('Checking…');
  });

  it('keeps the write in the outbox while it solves, and forgets it once delivered', async () => {
    const store = new MemoryStore();
    const outbox = new Outbox({ name: `pow-keep-${crypto.randomUUID()}`, store, baseDelayMs: 60_000 });
    const idempotencyKey = crypto.randomUUID();
    const text = uniqueName('outbox while checking');
    let keptWhileChecking: string[] = [];
    const outcome = await outbox.send(
      { url: suggestionsUrl(), method: 'POST', idempotencyKey, json: { text } },
      undefined,
      async () => {
        keptWhileChecking = (await store.all()).map((entry) => entry.idempotencyKey);
      },
    );
    outbox.stop();
    expect(keptWhileChecking).to.deep.equal([idempotencyKey]);
    expect(outcome.kind).to.equal('sent');
    expect(await store.all()).to.deep.equal([]);
    expect(await stored(text)).to.have.length(1);
  });

  it('gives the server a solution it refuses to take twice', async () => {
    const write = (key: string, proof?: string) =>
      fetch(suggestionsUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          ...(proof ? { 'courtyard-proof-of-work': proof } : {}),
        },
        body: JSON.stringify({ text: uniqueName('solution reuse') }),
      });
    const asked = await write(crypto.randomUUID());
    expect(asked.status).to.equal(428);
    const { challenge } = (await asked.json()).error;
    const proof = proofHeader(challenge, await solveChallenge(challenge));
    expect((await write(crypto.randomUUID(), proof)).status).to.equal(201);
    expect((await write(crypto.randomUUID(), proof)).status).to.equal(428);
    // sendWrite solves the fresh challenge by itself.
    const again = await sendWrite({
      url: suggestionsUrl(),
      method: 'POST',
      idempotencyKey: crypto.randomUUID(),
      json: { text: uniqueName('solved by the client') },
    });
    expect(again.status).to.equal(201);
  });
});
