// docs/theming.md's examples, applied verbatim: each ```css block marked `/* doc-example: <name> */` is read
// from the doc and put on the page, and the widgets' computed styles must show what the doc promises.
import { expect, fixtureCleanup, fixtureSync, html } from '@open-wc/testing';
import '../../packages/widgets/src/all.define.js';
import { service, until } from './support/service.js';

const doc = await (await fetch('/docs/theming.md')).text();

function docExample(name: string): string {
  const block = doc.match(new RegExp(`\`\`\`css\\n(/\\* doc-example: ${name} \\*/\\n[\\s\\S]*?)\`\`\``));
  if (!block) throw new Error(`docs/theming.md has no css block marked doc-example: ${name}`);
  return block[1]!;
}

const applied: HTMLStyleElement[] = [];
function apply(css: string) {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  applied.push(style);
}

async function widget(tag: string, attributes = '') {
  const wrapper = fixtureSync<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<${tag} site="${service.siteKey}" api="${service.url}" lang="en" ${attributes}></${tag}>`;
  const element = wrapper.firstElementChild as HTMLElement & { updateComplete: Promise<boolean> };
  await element.updateComplete;
  await until(() => element.shadowRoot?.querySelector('[part="base"]') !== null);
  return element;
}

const styleOf = (element: HTMLElement, part: string) =>
  getComputedStyle(element.shadowRoot!.querySelector(`[part="${part}"]`)!);
/** Widgets render their heading once the site config has loaded. */
const rendered = (element: HTMLElement, part: string) =>
  until(() => element.shadowRoot?.querySelector(`[part="${part}"]`) !== null);

describe('docs/theming.md examples', () => {
  afterEach(() => {
    for (const style of applied.splice(0)) style.remove();
    fixtureCleanup();
  });

  it('brand: the tokens on :root reach every widget', async () => {
    apply(docExample('brand'));
    for (const tag of ['courtyard-suggestion-box', 'courtyard-poll']) {
      const base = styleOf(await widget(tag), 'base');
      expect(base.backgroundColor, tag).to.equal('rgb(255, 250, 243)');
      expect(base.color, tag).to.equal('rgb(43, 33, 24)');
      expect(base.borderTopLeftRadius, tag).to.equal('12px');
      expect(base.paddingTop, tag).to.equal('20px');
      expect(base.fontFamily, tag).to.equal('Georgia, "Songti SC", serif');
    }
  });

  it('parts: ::part(base) and ::part(heading) restyle those pieces of that widget only', async () => {
    apply(docExample('parts'));
    const box = await widget('courtyard-suggestion-box');
    expect(styleOf(box, 'base').borderTopWidth).to.equal('2px');
    expect(styleOf(box, 'base').boxShadow).to.contain('rgba(0, 0, 0, 0.12)');
    await rendered(box, 'heading');
    expect(styleOf(box, 'heading').textTransform).to.equal('uppercase');
    const board = await widget('courtyard-suggestion-board');
    await rendered(board, 'heading');
    expect(styleOf(board, 'base').borderTopWidth).to.equal('1px');
    expect(styleOf(board, 'heading').textTransform).to.equal('none');
  });

  it('dark: theme="dark" switches the defaults, and .night-mode tokens win over them', async () => {
    const plainDark = await widget('courtyard-poll', 'theme="dark"');
    expect(styleOf(plainDark, 'base').backgroundColor).to.equal('rgb(22, 24, 29)');
    expect(styleOf(plainDark, 'base').color).to.equal('rgb(229, 231, 235)');

    apply(docExample('dark'));
    const night = fixtureSync<HTMLDivElement>(html`<div class="night-mode"></div>`);
    night.innerHTML = `<courtyard-poll site="${service.siteKey}" api="${service.url}" lang="en" theme="dark"></courtyard-poll>`;
    const poll = night.firstElementChild as HTMLElement & { updateComplete: Promise<boolean> };
    await poll.updateComplete;
    expect(styleOf(poll, 'base').backgroundColor).to.equal('rgb(28, 25, 23)');
    expect(styleOf(poll, 'base').color).to.equal('rgb(245, 245, 244)');
  });

  it("large-text: a 125% root font size makes the widgets' text 20px", async () => {
    const before = styleOf(await widget('courtyard-repair-request'), 'base').fontSize;
    expect(before).to.equal('16px');
    apply(docExample('large-text'));
    const element = await widget('courtyard-repair-request');
    expect(styleOf(element, 'base').fontSize).to.equal('20px');
    expect(styleOf(element, 'heading').fontSize).to.equal('25px');
  });
});
