// The script tag's files (dist/embed/), built in two steps (rollup.config.mjs):
// 1. embedChunks: ES module chunks. One `core` file holds what every widget needs at first paint (Lit, the
//    base element, strings lookup, API client, outbox) and starts the page (defaults, outbox); each widget of
//    the one list (widget-list.mjs) is an entry, and code some widgets share is split where rollup finds it;
//    each language's strings leave the widget code: a widget's `translations/<language>.js` becomes a table
//    that the language's own entry fills, so a page downloads only the languages it speaks. Until a language
//    arrives its tables read through to one that did (a language switch shows the old language for a moment,
//    never a key). What loads only when needed (the proof of work, the photo upload, the outbox) stays a dynamic import,
//    pinned like the rest: before importing, the chunk asks the loader to preload the file with its hash.
//    Writes every file's SRI hash and static imports to dist/embed-files.json.
// 2. embedLoader: the classic script courtyard.js with that list written in; then its own SRI hash, the size
//    budget (printed every build, failing it past the budget) and dist/embed/manifest.json for the server
//    and the docs.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatRows, measure, measurePages } from './size-budget.mjs';
import { missingExports, widgetList } from './widget-list.mjs';

export const languages = ['en', 'zh-CN'];
const STRINGS = '\0courtyard-strings';
const PIN = '\0courtyard-pin';
const BOOT = '\0courtyard-boot';
const ENTRY = 'courtyard-strings:';
const sri = (code) => `sha384-${createHash('sha384').update(code).digest('base64')}`;
// The module files' hashes are written into the loader, which every page downloads: SHA-256 (the SRI
// minimum, collision-resistant to 2^128) costs 16 bytes less per file than SHA-384, which pins the loader.
const moduleSri = (code) => `sha256-${createHash('sha256').update(code).digest('base64')}`;
const short = (tag) => tag.replace(/^courtyard-/, '');

/** The folders holding `translations/<language>.js` below dist: the shared one and each widget's. */
function stringFolders() {
  return [
    { tag: '', folder: 'translations' },
    ...widgetList().map(({ name, tag }) => ({ tag, folder: `components/${name}/translations` })),
  ];
}

/** The names a translation module exports, in order; anything but `export const` would be missed. */
function exportsOf(path) {
  const code = readFileSync(path, 'utf8');
  const names = [...code.matchAll(/^export const (\w+)/gm)].map((match) => match[1]);
  const exportStatements = code.match(/^export /gm)?.length ?? 0;
  if (!names.length || names.length !== exportStatements) {
    throw new Error(`${path}: a translation module may only export constants (export const name = {…})`);
  }
  return names;
}

// Two files hold what more than one widget needs. `core`, fetched by the loader on every page at once: the
// page's start (defaults, the outbox's store looked at for writes an earlier visit left), the API client
// and error codes. `base`, fetched with a page's first widget: Lit, the base element, strings lookup, theme,
// and sending (submission, form styles, the device's token and keeps), which every widget uses. `live` (the
// live stream) goes with the widgets that show live data. The proof of work, the photo upload and the
// outbox are files of their own, imported when a write first needs them (the outbox also when a form is
// first touched, or at start when an earlier visit left writes in it). Small files would each lose gzip's
// shared dictionary and cost the loader a hash, so there are no more.
const coreModule =
  /\/widgets\/dist\/(internal\/defaults|api\/(api-error|client|outbox-store|shared-outbox)|script-tag)\.js$/;
const baseModule =
  /\/widgets\/dist\/(internal\/[\w-]+|controllers\/(localize|submission)-controller|styles\/(theme|controls)|api\/(voter-token|device-keeps)|translations\/(index|en|zh-CN)|components\/suggestion-board\/supports)\.js$/;

/** Which file a module goes to: `core`, `base`, `live` (above), or wherever rollup puts it (undefined). */
export function embedChunkOf(id) {
  if (id === PIN || id === BOOT) return 'core';
  if (id === STRINGS) return 'base';
  if (/\/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(id)) return 'base';
  // The protocol's few runtime values (a header name, limits): small, and the client needs some.
  if (/\/protocol\/dist\/[\w-]+\.js$/.test(id) && !/\/schemas/.test(id)) return 'core';
  if (coreModule.test(id)) return 'core';
  if (baseModule.test(id)) return 'base';
  if (/\/widgets\/dist\/controllers\/live-(controller|hub)\.js$/.test(id)) return 'live';
  return undefined;
}

const translation = /\/widgets\/dist\/((?:components\/[^/]+\/)?translations)\/([A-Za-z-]+)\.js$/;

export function embedChunks({ dist, filesJson }) {
  const folders = stringFolders();
  const widgets = widgetList();
  const input = {
    core: BOOT,
    ...Object.fromEntries(widgets.map(({ name }) => [name, join(dist, `components/${name}/${name}.define.js`)])),
  };
  for (const language of languages) {
    for (const { tag, folder } of folders) {
      input[`strings-${language}${tag ? `-${short(tag)}` : ''}`] = `${ENTRY}${language}:${folder}`;
    }
  }
  return {
    name: 'courtyard-embed-chunks',
    options: (options) => ({ ...options, input }),
    buildStart() {
      const missing = missingExports();
      if (missing.length) this.error(missing.join('\n'));
      rmSync(join(dist, 'embed'), { recursive: true, force: true });
    },
    resolveId(id) {
      if (id === STRINGS || id === PIN || id === BOOT || id.startsWith(ENTRY)) return id;
      return null;
    },
    load(id) {
      if (id === BOOT) {
        return `export * from ${JSON.stringify(join(dist, 'script-tag.js'))};\nexport { setPin } from ${JSON.stringify(PIN)};`;
      }
      // The loader hands its pin (preload a file and what it imports, with their hashes) to the core.
      if (id === PIN) {
        return `let pin = () => {};
export function setPin(given) { pin = given; }
export function __courtyardPin(url) { pin(url); }`;
      }
      if (id === STRINGS) {
        return `const tables = new Map();
const entry = (key) => { let found = tables.get(key); if (!found) tables.set(key, (found = { objects: {}, filled: undefined })); return found; };
export function table(language, key) {
  const found = entry(key);
  return (found.objects[language] ??= Object.create(found.filled ?? null));
}
export function fill(language, key, strings) {
  const found = entry(key);
  const own = table(language, key);
  Object.setPrototypeOf(own, null);
  Object.assign(own, strings);
  found.filled ??= own;
  for (const other of Object.values(found.objects)) if (other !== own && !Object.keys(other).length) Object.setPrototypeOf(other, own);
}`;
      }
      if (id.startsWith(ENTRY)) {
        const [language, folder] = id.slice(ENTRY.length).split(':');
        const path = join(dist, folder, `${language}.js`);
        const names = exportsOf(path);
        return [
          `import { fill } from ${JSON.stringify(STRINGS)};`,
          `import { ${names.join(', ')} } from ${JSON.stringify(`${path}?strings`)};`,
          ...names.map(
            (name, index) => `fill(${JSON.stringify(language)}, ${JSON.stringify(`${folder}#${index}`)}, ${name});`,
          ),
        ].join('\n');
      }
      if (id.endsWith('?strings')) return readFileSync(id.slice(0, -'?strings'.length), 'utf8');
      const match = id.match(translation);
      if (match && languages.includes(match[2])) {
        return [
          `import { table } from ${JSON.stringify(STRINGS)};`,
          ...exportsOf(id).map(
            (name, index) =>
              `export const ${name} = table(${JSON.stringify(match[2])}, ${JSON.stringify(`${match[1]}#${index}`)});`,
          ),
        ].join('\n');
      }
      return null;
    },
    // `import('./x.js')` in the widgets' code: the file is preloaded with its hash first, or it would load unchecked.
    async transform(code, id) {
      if (!id.startsWith(dist) || !/\bimport\(/.test(code)) return null;
      let out = '';
      let last = 0;
      for (const match of code.matchAll(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g)) {
        const resolved = await this.resolve(match[2], id);
        if (!resolved) this.error(`${id}: cannot resolve ${match[2]}`);
        const ref = this.emitFile({ type: 'chunk', id: resolved.id });
        out += `${code.slice(last, match.index)}(__courtyardPin(import.meta.ROLLUP_FILE_URL_${ref}), ${match[0]})`;
        last = match.index + match[0].length;
      }
      if (!last) this.error(`${id}: a dynamic import the build cannot pin (only import('./relative.js'))`);
      return { code: `import { __courtyardPin } from ${JSON.stringify(PIN)};\n${out}${code.slice(last)}`, map: null };
    },
    writeBundle(options, bundle) {
      const names = Object.keys(bundle).filter((name) => name.endsWith('.js'));
      const index = new Map(names.map((name, i) => [name, i]));
      const entries = Object.values(bundle).filter((chunk) => chunk.type === 'chunk' && chunk.isEntry);
      const entryNamed = (name) => index.get(entries.find((chunk) => chunk.name === name).fileName);
      const files = {
        // Each file: name, SRI hash, the files it imports statically (preloaded with it).
        files: names.map((name) => [
          name,
          moduleSri(readFileSync(join(options.dir, name))),
          bundle[name].imports.map((imported) => index.get(imported)),
        ]),
        core: entryNamed('core'),
        widgets: Object.fromEntries(widgets.map(({ name, tag }) => [tag, entryNamed(name)])),
        strings: Object.fromEntries(
          languages.map((language) => [
            language,
            Object.fromEntries(
              folders.map(({ tag }) => [tag, entryNamed(`strings-${language}${tag ? `-${short(tag)}` : ''}`)]),
            ),
          ]),
        ),
      };
      writeFileSync(filesJson, `${JSON.stringify(files)}\n`);
      this.info?.(`embed files: ${relative(process.cwd(), filesJson)}`);
    },
  };
}

export function embedLoader({ dist, version, filesJson }) {
  return {
    name: 'courtyard-embed-loader',
    transform(code, id) {
      if (!id.endsWith('/widgets/dist/embed-loader.js')) return null;
      const files = { version, ...JSON.parse(readFileSync(filesJson, 'utf8')) };
      return { code: code.replace(/\bCOURTYARD_EMBED\b/, JSON.stringify(files)), map: null };
    },
    async writeBundle(options, bundle) {
      const file = Object.keys(bundle).find((name) => name.endsWith('.js'));
      const path = join(options.dir, file);
      const code = readFileSync(path);
      const integrity = sri(code);
      const files = JSON.parse(readFileSync(filesJson, 'utf8'));
      const rows = [...(await measure(dist)), ...measurePages(options.dir, code, files)];
      const sizes = Object.fromEntries(rows.map(({ part, bytes, budget }) => [part, { gzipBytes: bytes, budget }]));
      const chunks = files.files.map(([name, hash]) => ({ file: name, integrity: hash }));
      writeFileSync(
        join(options.dir, 'manifest.json'),
        `${JSON.stringify({ version, file, integrity, chunks, sizes }, null, 2)}\n`,
      );
      console.log(
        `\nScript tag ${path} (version ${version}, ${chunks.length} module files)\n  integrity ${integrity}\n${formatRows(rows)}\n`,
      );
      const over = rows.filter((row) => row.bytes > row.budget);
      if (over.length) this.error(`Size budget exceeded: ${over.map((row) => row.part).join(', ')}`);
    },
  };
}
