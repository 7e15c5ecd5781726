// The script tag's files (dist/embed/), built in two steps (rollup.config.mjs):
// 1. embedChunks: ES module chunks, one entry per widget, one per language and string folder, and the boot
//    module (defaults, outbox). Each language's strings leave the widget code: a widget's
//    `translations/<language>.js` becomes a table that the language's own entry fills, so a page downloads
//    only the languages it speaks. Until a language arrives its tables read through to one that did (a
//    language switch shows the old language for a moment, never a key). Writes every file's SRI hash and
//    import graph to dist/embed-files.json.
// 2. embedLoader: the classic script courtyard.js with that list written in; then its own SRI hash, the size
//    budget (printed every build, failing it past the budget) and dist/embed/manifest.json for the server
//    and the docs.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatRows, measure, measurePages } from './size-budget.mjs';

export const languages = ['en', 'zh-CN'];
const STRINGS = '\0courtyard-strings';
const ENTRY = 'courtyard-strings:';
const sri = (code) => `sha384-${createHash('sha384').update(code).digest('base64')}`;

/** The folders holding `translations/<language>.js` below dist: the shared one and each widget's. */
function stringFolders(dist) {
  const widgets = readdirSync(join(dist, 'components'));
  return [
    { tag: '', folder: 'translations' },
    ...widgets.map((name) => ({ tag: tagOf(dist, name), folder: `components/${name}/translations` })),
  ];
}

function tagOf(dist, name) {
  const define = readFileSync(join(dist, `components/${name}/${name}.define.js`), 'utf8');
  const tag = define.match(/\.define\('([a-z]+-[a-z-]+)'\)/)?.[1];
  if (!tag) throw new Error(`No tag registered in components/${name}/${name}.define.js`);
  return tag;
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

/**
 * Which file a module goes to: Lit and the widgets' shared code (the base element, controllers, styles,
 * upload, voter token) form one `core` file; the outbox and what it needs stay with the boot module, so a
 * page without widgets loads only them; each widget's own code and each language's strings have their own.
 */
export function embedChunkOf(id) {
  if (id === STRINGS || /\/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(id)) return 'core';
  const match = id.match(/\/widgets\/dist\/(internal|controllers|styles|api)\/([\w-]+)\.js$/);
  if (!match) return undefined;
  const boot = match[1] === 'api' ? !/^(upload|voter-token|device-keeps)$/.test(match[2]) : match[2] === 'defaults';
  return boot ? 'boot-core' : 'core';
}

const translation = /\/widgets\/dist\/((?:components\/[^/]+\/)?translations)\/([A-Za-z-]+)\.js$/;

export function embedChunks({ dist, filesJson }) {
  const folders = stringFolders(dist);
  const input = {
    boot: join(dist, 'script-tag.js'),
    ...Object.fromEntries(
      readdirSync(join(dist, 'components')).map((name) => [name, join(dist, `components/${name}/${name}.define.js`)]),
    ),
  };
  for (const language of languages) {
    for (const { tag, folder } of folders) {
      input[`strings-${language}${tag ? `-${tag.replace(/^courtyard-/, '')}` : ''}`] = `${ENTRY}${language}:${folder}`;
    }
  }
  return {
    name: 'courtyard-embed-chunks',
    options: (options) => ({ ...options, input }),
    buildStart() {
      rmSync(join(dist, 'embed'), { recursive: true, force: true });
    },
    resolveId(id) {
      if (id === STRINGS || id.startsWith(ENTRY)) return id;
      return null;
    },
    load(id) {
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
    writeBundle(options, bundle) {
      const names = Object.keys(bundle).filter((name) => name.endsWith('.js'));
      const index = new Map(names.map((name, i) => [name, i]));
      const graph = (name) => {
        const seen = new Set([name]);
        for (const file of seen) for (const imported of bundle[file].imports) seen.add(imported);
        return [...seen].map((file) => index.get(file));
      };
      const entries = Object.values(bundle).filter((chunk) => chunk.type === 'chunk' && chunk.isEntry);
      const entryNamed = (name) => entries.find((chunk) => chunk.name === name).fileName;
      const files = {
        files: names.map((name) => [name, sri(readFileSync(join(options.dir, name)))]),
        boot: graph(entryNamed('boot')),
        widgets: Object.fromEntries(
          folders.filter(({ tag }) => tag).map(({ tag }) => [tag, graph(entryNamed(tag.replace(/^courtyard-/, '')))]),
        ),
        strings: Object.fromEntries(
          languages.map((language) => [
            language,
            Object.fromEntries(
              folders.map(({ tag }) => [
                tag,
                graph(entryNamed(`strings-${language}${tag ? `-${tag.replace(/^courtyard-/, '')}` : ''}`)),
              ]),
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
