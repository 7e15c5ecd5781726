// The script tag (dist/embed/courtyard.js): a small classic script. From its own immutable version folder it
// loads only the widgets whose tags are on the page and only the languages they speak, pinning every file
// by its SRI hash (<link rel="modulepreload" integrity> before import(), so a changed file is refused);
// then keeps watching for tags added and languages changed later. The small core (the page's start, the
// API client) is asked for at once, while the page is scanned, and each widget's whole graph (Lit and the
// base element among it) at once when its tag is found: a page waits for one round of requests after the
// loader. Files loaded later on demand
// (photo upload, proof of work) are pinned the same way. It creates no <script> element, so it needs no
// Trusted Types policy.
import { defaultsFromScript } from './internal/defaults.js';
import { resolveLanguage } from './internal/language.js';

/** Written in by the build (packages/widgets/build/embed-plugin.mjs): file indexes into `files`. */
interface EmbedFiles {
  version: string;
  /** Name, SRI hash, the files it imports statically. */
  files: [name: string, integrity: string, imports: number[]][];
  /** The page's start (defaults, writes an earlier visit left) and the API client; Lit comes with a widget. */
  core: number;
  /** Tag → its widget's entry. */
  widgets: Record<string, number>;
  /** Language → ('' for the shared strings, or a tag) → that table's entry. */
  strings: Record<string, Record<string, number>>;
}
declare const COURTYARD_EMBED: EmbedFiles;
interface Core {
  start(defaults: ReturnType<typeof defaultsFromScript>): void;
  setPin(pin: (url: string) => void): void;
  requestedEarly(url: string, response: Promise<Response>): void;
}

const embed = COURTYARD_EMBED;
const script = document.currentScript as HTMLScriptElement | null;
const defaults = defaultsFromScript(script);
// The alias /embed/v1/courtyard.js loads the files of the exact version it was built with.
const base = new URL(`../${embed.version}/`, script?.src || location.href);
const selector = Object.keys(embed.widgets).join();
const preloaded = new Set<number>();
const imports = new Map<number, Promise<unknown>>();
const url = (index: number) => new URL((embed.files[index] as EmbedFiles['files'][number])[0], base).href;

/** Preloads a file and everything it imports, each with its hash. */
function preload(index: number): void {
  if (preloaded.has(index)) return;
  preloaded.add(index);
  const [, integrity, imported] = embed.files[index] as EmbedFiles['files'][number];
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.crossOrigin = 'anonymous';
  link.integrity = integrity;
  link.href = url(index);
  document.head.append(link);
  for (const next of imported) preload(next);
}

/** Imports an entry once, its graph preloaded with hashes first. */
function load(index: number): Promise<unknown> {
  preload(index);
  let loading = imports.get(index);
  if (!loading) {
    loading = import(url(index));
    imports.set(index, loading);
  }
  return loading;
}

const report = (error: unknown) => console.error('Courtyard could not load its widgets', error);
const coreModule = load(embed.core) as Promise<Core>;
const core = coreModule.then(({ setPin, start }) => {
  setPin((wanted) => {
    const index = embed.files.findIndex((_, each) => url(each) === wanted);
    if (index >= 0) preload(index);
  });
  start(defaults);
});
core.catch(report);

let configAsked = false;

/**
 * The site's configuration, asked for as soon as a widget is found, alongside the widgets' code: a widget
 * would otherwise ask only once its code has arrived and run, one more round trip on a phone's network.
 */
function askConfig(): void {
  const { api, site } = defaults;
  if (configAsked || !api || !site) return;
  configAsked = true;
  const configUrl = `${api}/api/v1/sites/${encodeURIComponent(site)}/config`;
  const response = fetch(configUrl, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  // A failure is the widget's to report (the client turns it into an ApiError when it reads it).
  response.catch(() => {});
  coreModule.then((module) => module.requestedEarly(configUrl, response)).catch(() => {});
}

function scan(): void {
  const strings = new Set<number>();
  const widgets = new Set<number>();
  const shown = new Set<Element>();
  for (const element of document.querySelectorAll<HTMLElement>(selector)) {
    const tag = element.localName;
    const language = embed.strings[resolveLanguage(element, element.lang)] ?? {};
    const widget = embed.widgets[tag] as number;
    if (!imports.has(widget)) widgets.add(widget);
    for (const entry of [language[''], language[tag]]) {
      if (entry === undefined || imports.has(entry)) continue;
      strings.add(entry);
      if (!widgets.has(widget)) shown.add(element);
    }
  }
  if (!strings.size && !widgets.size) return;
  askConfig();
  // Fetch everything at once; run the strings before the widgets that read them.
  for (const entry of [...strings, ...widgets]) preload(entry);
  Promise.all([core, ...[...strings].map(load)])
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
