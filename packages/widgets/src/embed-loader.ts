// The script tag (dist/embed/courtyard.js): a small classic script. From its own immutable version folder it
// loads only the widgets whose tags are on the page and only the languages they speak, pinning every file
// by its SRI hash (<link rel="modulepreload" integrity> before import(), so a changed file is refused);
// then keeps watching for tags added and languages changed later. It creates no <script> element, so it
// needs no Trusted Types policy.
import { defaultsFromScript } from './internal/defaults.js';
import { resolveLanguage } from './internal/language.js';

/** Written in by the build (packages/widgets/build/embed-plugin.mjs); graphs list file indexes, entry first. */
interface EmbedFiles {
  version: string;
  files: [name: string, integrity: string][];
  /** script-tag.js: defaults and the outbox. */
  boot: number[];
  /** Tag → its widget's graph. */
  widgets: Record<string, number[]>;
  /** Language → ('' for the shared strings, or a tag) → graph of those strings. */
  strings: Record<string, Record<string, number[]>>;
}
declare const COURTYARD_EMBED: EmbedFiles;

const embed = COURTYARD_EMBED;
const script = document.currentScript as HTMLScriptElement | null;
const defaults = defaultsFromScript(script);
// The alias /embed/v1/courtyard.js loads the files of the exact version it was built with.
const base = new URL(`../${embed.version}/`, script?.src || location.href);
const selector = Object.keys(embed.widgets).join();
const preloaded = new Set<number>();
const imports = new Map<number, Promise<unknown>>();

function preload(graph: number[]): void {
  for (const index of graph) {
    if (preloaded.has(index)) continue;
    preloaded.add(index);
    const [name, integrity] = embed.files[index] as [string, string];
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = 'anonymous';
    link.integrity = integrity;
    link.href = new URL(name, base).href;
    document.head.append(link);
  }
}

/** Imports a graph's entry once; every file of the graph was preloaded with its hash first. */
function load(graph: number[]): Promise<unknown> {
  preload(graph);
  const entry = graph[0] as number;
  let loading = imports.get(entry);
  if (!loading) {
    loading = import(new URL((embed.files[entry] as [string, string])[0], base).href);
    imports.set(entry, loading);
  }
  return loading;
}

const report = (error: unknown) => console.error('Courtyard could not load its widgets', error);
const boot = load(embed.boot).then((module) => (module as { start(d: typeof defaults): void }).start(defaults));
boot.catch(report);

function scan(): void {
  const strings = new Set<number[]>();
  const widgets = new Set<number[]>();
  const shown = new Set<Element>();
  for (const element of document.querySelectorAll<HTMLElement>(selector)) {
    const tag = element.localName;
    const language = embed.strings[resolveLanguage(element, element.lang)] ?? {};
    const widget = embed.widgets[tag] as number[];
    if (!imports.has(widget[0] as number)) widgets.add(widget);
    for (const graph of [language[''], language[tag]]) {
      if (!graph || imports.has(graph[0] as number)) continue;
      strings.add(graph);
      if (!widgets.has(widget)) shown.add(element);
    }
  }
  if (!strings.size && !widgets.size) return;
  // Fetch everything at once; run the strings before the widgets that read them.
  for (const graph of [...strings, ...widgets]) preload(graph);
  Promise.all([boot, ...[...strings].map(load)])
    .then(() => Promise.all([...widgets].map(load)))
    .then(() => {
      // Widgets already on screen re-render in a language that just arrived.
      for (const element of shown) (element as { requestUpdate?(): void }).requestUpdate?.();
    })
    .catch(report);
}

scan();
new MutationObserver(scan).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['lang'],
});
addEventListener('languagechange', scan);
