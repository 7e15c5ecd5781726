// The script-tag bundle's size budget, checked part by part on every build (gzip, level 9).
//
// Method: each part is measured by its marginal cost. Rollup bundles and minifies (same resolve, CSS
// minifier and terser as the real files) a virtual entry re-exporting the core alone — Lit, the base
// element, strings lookup, client, theme styles (the files `core` and `base`) — with both languages replaced
// by empty objects;
// what is imported only when needed (proof of work, photo upload, outbox) is not counted. Then the core plus one more part: the shared widget helpers (the submission and live controllers, photo
// upload, voter token, what the device keeps, form-control styles, the live stream), one real language, or one widget's define module (measured
// on top of core + helpers, so it shows what that widget adds). A part's size is gzip(base + part) −
// gzip(base). Then what pages really download: the real files, each gzipped alone as served (measurePages).
// Widgets are the list in src/all.define.ts (widget-list.mjs): a new one gets its row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { minifyCss } from './minify-css.mjs';
import { widgetList } from './widget-list.mjs';

/** The same minifier options as the real bundle (rollup.config.mjs). */
export const terserOptions = {
  format: { comments: false },
  compress: { passes: 2 },
  ecma: 2020,
};

const KB = 1024;
// History: one bundle of every widget and both languages grew from 22 KB (budgeted before the widgets were
// real) to 25.99 KB with the proof of work, residents' repair keys, why a widget cannot work on a page,
// readable accent colours and the poll's cost shares; core was held at 10.9 KB. The script tag then became a
// loader of per-widget, per-language files; with the proof of work, the photo upload and the live stream out
// of the core (loaded when needed, or only with widgets that show live data), core measures 10.22 KB and the
// shared helpers, the live stream now among them, 2.15 KB. The outbox then left the core too (loaded with a
// page's first write, when a form is first touched, or when an earlier visit left writes): core 9.51 KB; the
// helpers measure 2.39 KB, as what they shared with the outbox no longer compresses against it.
export const budgets = {
  core: Math.round(9.6 * KB),
  helpers: Math.round(2.45 * KB),
  // A widget's own code: 4 KB each (the largest, <courtyard-rota>, measures 3.94 KB since each widget's CSS
  // is minified).
  widget: 4 * KB,
  language: Math.round(1.8 * KB),
  // What a page downloads through the script tag (each file gzipped on its own, as served): the loader, then
  // everything one page needs. Issue #16 asks for 15 KB with one widget and 21 KB with all four; measured
  // before this round, a zh-CN page with one suggestion box was 19.93 KB and with all four 31.50 KB; with the
  // outbox loaded on first use, Lit and the base element fetched only with a widget, each widget's CSS
  // minified and shorter file names, 19.14 and 30.68 KB (a page with no widget 13.29 → 4.97 KB).
  // What remains (docs/scaling.md, "What remains of the size budgets"): Lit is 5.4 KB of every widget page,
  // the loader 2.8 KB (1.1 KB of it the files' SRI hashes, which do not compress), and split files
  // compress worse than one.
  loader: Math.round(2.9 * KB),
  noWidgets: Math.round(5.1 * KB),
  oneWidget: Math.round(19.3 * KB),
  allWidgets: Math.round(30.9 * KB),
};

const coreModules = ['internal/courtyard-element.js', 'internal/defaults.js', 'script-tag.js'];
const helperModules = [
  'controllers/submission-controller.js',
  'controllers/live-controller.js',
  'api/upload.js',
  'api/voter-token.js',
  'api/device-keeps.js',
  'styles/controls.js',
];
const languages = { en: 'translations/en.js', 'zh-CN': 'translations/zh-CN.js' };
const widgets = widgetList().map(({ name }) => name);

async function gzipOf(dist, imports, keepLanguage) {
  const entry = '\0courtyard-size-entry';
  const source = imports.map((path) => `export * from ${JSON.stringify(`${dist}/${path}`)};`);
  const stubs = Object.entries(languages).filter(([language]) => language !== keepLanguage);
  const bundle = await rollup({
    input: entry,
    onwarn: () => {},
    plugins: [
      {
        name: 'courtyard-size-entry',
        resolveId: (id) => (id === entry ? id : null),
        load(id) {
          if (id === entry) return source.join('\n');
          // The languages not measured are empty, keeping each one's strings out of the other parts.
          const stub = stubs.find(([, path]) => id.endsWith(`/dist/${path}`));
          return stub ? 'export const en = {}; export const zhCN = {};' : null;
        },
      },
      nodeResolve({ browser: true }),
      minifyCss(),
      terser(terserOptions),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  // What loads up front: every chunk but those only imported when needed (proof of work, photo upload).
  const upFront = output.filter((chunk) => chunk.type === 'chunk' && !(chunk.isDynamicEntry && !chunk.isEntry));
  return gzipSync(upFront.map((chunk) => chunk.code).join('\n'), { level: 9 }).length;
}

/** Measures every part; returns rows of { part, bytes, budget }. */
export async function measure(dist) {
  const core = await gzipOf(dist, coreModules);
  const withHelpers = await gzipOf(dist, [...coreModules, ...helperModules]);
  const rows = [
    { part: 'core', bytes: core, budget: budgets.core },
    { part: 'shared widget helpers', bytes: withHelpers - core, budget: budgets.helpers },
  ];
  const widgetSizes = await Promise.all(
    widgets.map((name) => gzipOf(dist, [...coreModules, ...helperModules, `components/${name}/${name}.define.js`])),
  );
  widgets.forEach((name, index) => {
    rows.push({ part: `widget ${name}`, bytes: widgetSizes[index] - withHelpers, budget: budgets.widget });
  });
  for (const language of Object.keys(languages)) {
    const bytes = (await gzipOf(dist, coreModules, language)) - core;
    rows.push({ part: `language ${language}`, bytes, budget: budgets.language });
  }
  return rows;
}

/** The four widgets the issue's page budget counts ("a page with all four tags"). */
const allFour = [
  'courtyard-suggestion-box',
  'courtyard-suggestion-board',
  'courtyard-poll',
  'courtyard-repair-request',
];

/**
 * What pages really download, measured on the built files: the loader, then for each language a page with
 * no widget (the core only), with one suggestion box, and with all four widgets. `files` is the loader's
 * list (embed-plugin.mjs): each file's name, hash and static imports; the core, each widget's and each
 * language's strings entries.
 */
export function measurePages(dir, loaderCode, files) {
  const gzip = (code) => gzipSync(code, { level: 9 }).length;
  const sizes = files.files.map(([name]) => gzip(readFileSync(join(dir, name))));
  const page = (tags, language) => {
    const needed = new Set();
    const add = (index) => {
      if (needed.has(index)) return;
      needed.add(index);
      for (const next of files.files[index][2]) add(next);
    };
    add(files.core);
    for (const tag of tags) {
      for (const entry of [files.widgets[tag], files.strings[language][''], files.strings[language][tag]]) add(entry);
    }
    return gzip(loaderCode) + [...needed].reduce((sum, index) => sum + sizes[index], 0);
  };
  const rows = [
    { part: 'loader courtyard.js', bytes: gzip(loaderCode), budget: budgets.loader },
    { part: 'page, no widget', bytes: page([], 'en'), budget: budgets.noWidgets },
  ];
  for (const language of Object.keys(files.strings)) {
    rows.push(
      {
        part: `page ${language}, suggestion box`,
        bytes: page(['courtyard-suggestion-box'], language),
        budget: budgets.oneWidget,
      },
      { part: `page ${language}, all four`, bytes: page(allFour, language), budget: budgets.allWidgets },
    );
  }
  return rows;
}

export function formatRows(rows) {
  const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
  return rows
    .map(
      ({ part, bytes, budget }) =>
        `  ${part.padEnd(26)} ${kb(bytes).padStart(9)} / ${kb(budget).padStart(8)}  ${bytes <= budget ? 'ok' : 'OVER BUDGET'}`,
    )
    .join('\n');
}
