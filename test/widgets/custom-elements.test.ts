// custom-elements.json (made by `npm run build`) against the classes it describes, and docs/widgets/*.md
// against it: the tags registered, the attributes Lit observes, the reactive properties that are public,
// the parts in each template, the tokens the theme reads, the events each widget fires, and the API tables.
import { expect } from '@open-wc/testing';
import { manifestTags, withApiTables } from '../../packages/widgets/build/api-tables.mjs';
import '../../packages/widgets/src/all.define.js';

interface Tag {
  tag: string;
  className: string;
  module: string;
  attributes: { name: string }[];
  properties: { name: string; readonly: boolean }[];
  events: { name: string; type?: { text: string } }[];
  parts: { name: string }[];
  cssProperties: { name: string }[];
}
type ReactiveClass = CustomElementConstructor & {
  observedAttributes: string[];
  elementProperties: Map<string, { state?: boolean }>;
};

const manifest = await (await fetch('/packages/widgets/custom-elements.json')).json();
const tags = manifestTags(manifest) as Tag[];
const read = async (path: string) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
};
/** The TypeScript source a shipped module was built from. */
const sourceOf = (module: string) =>
  read(`/packages/widgets/${module.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')}`);
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
const docPages = ['notices.md', 'poll.md', 'repair-request.md', 'rota.md', 'suggestion-box.md', 'topics.md'];

describe('custom-elements.json', () => {
  it('registers exactly the widget tags, each to the class it names', () => {
    expect(tags.map(({ tag }) => tag)).to.deep.equal([
      'courtyard-notices',
      'courtyard-poll',
      'courtyard-repair-request',
      'courtyard-rota',
      'courtyard-suggestion-board',
      'courtyard-suggestion-box',
      'courtyard-topics',
    ]);
    for (const { tag, className } of tags) expect(customElements.get(tag)?.name, tag).to.equal(className);
  });

  it('lists as attributes exactly those Lit observes, and as properties each public reactive one, no state', () => {
    for (const { tag, attributes, properties } of tags) {
      const element = customElements.get(tag) as ReactiveClass;
      expect(sorted(attributes.map(({ name }) => name)), tag).to.deep.equal(sorted(element.observedAttributes));
      const reactive = [...element.elementProperties].filter(([, options]) => !options.state).map(([name]) => name);
      const state = [...element.elementProperties].filter(([, options]) => options.state).map(([name]) => name);
      const listed = properties.map(({ name }) => name);
      expect(
        reactive.filter((name) => !listed.includes(name)),
        `${tag}: reactive properties missing`,
      ).to.deep.equal([]);
      expect(
        listed.filter((name) => state.includes(name)),
        `${tag}: internal state listed`,
      ).to.deep.equal([]);
      const instance = document.createElement(tag);
      expect(
        listed.filter((name) => !(name in instance)),
        `${tag}: properties the element lacks`,
      ).to.deep.equal([]);
    }
  });

  it('lists the parts each template renders, and the --courtyard-* tokens the theme reads', async () => {
    const theme = await read('/packages/widgets/src/styles/theme.ts');
    const tokens = sorted([...theme.matchAll(/var\(\s*(--courtyard-[a-z-]+)/g)].map((match) => match[1]!));
    for (const { tag, module, parts, cssProperties } of tags) {
      let source = await sourceOf(module);
      // The status line (sending, upload progress, errors) is rendered by the shared submission controller.
      if (/\.status\(\)/.test(source))
        source += await read('/packages/widgets/src/controllers/submission-controller.ts');
      const rendered = [...new Set([...source.matchAll(/\bpart="([a-z-]+)"/g)].map((match) => match[1]!))];
      expect(sorted(parts.map(({ name }) => name)), `${tag} parts`).to.deep.equal(sorted(rendered));
      expect(sorted(cssProperties.map(({ name }) => name)), `${tag} custom properties`).to.deep.equal(tokens);
    }
  });

  it('lists the events each widget fires, typed with the detail types the package exports', async () => {
    const detailTypes: Record<string, string> = {
      'courtyard-submit': 'CustomEvent<CourtyardSubmitDetail>',
      'courtyard-submitted': 'CustomEvent<CourtyardSubmittedDetail>',
      'courtyard-queued': 'CustomEvent<CourtyardQueuedDetail>',
      'courtyard-error': 'CustomEvent<CourtyardErrorDetail>',
    };
    for (const { tag, module, events } of tags) {
      const source = await sourceOf(module);
      // Every widget reports a configuration that cannot load; a SubmissionController fires the other three.
      const fired = new Set(['courtyard-error', ...[...source.matchAll(/emit\('([a-z-]+)'/g)].map((m) => m[1]!)]);
      if (source.includes('new SubmissionController')) {
        for (const name of ['courtyard-submit', 'courtyard-submitted', 'courtyard-queued']) fired.add(name);
      }
      expect(sorted(events.map(({ name }) => name)), tag).to.deep.equal(sorted(fired));
      for (const event of events) expect(event.type?.text, `${tag} ${event.name}`).to.equal(detailTypes[event.name]);
    }
  });

  it('is what docs/widgets/*.md show in their API tables (npm run docs:widgets rewrites them)', async () => {
    const documented: string[] = [];
    for (const page of docPages) {
      const markdown = await read(`/docs/widgets/${page}`);
      const { text, found } = withApiTables(markdown, tags);
      documented.push(...found);
      expect(text === markdown, `docs/widgets/${page} differs from custom-elements.json: run npm run docs:widgets`).to
        .be.true;
    }
    expect(sorted(documented)).to.deep.equal(sorted(tags.map(({ tag }) => tag)));
  });
});
