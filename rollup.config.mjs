// Every browser bundle, built from the JavaScript that `tsc --build` emitted into each package's dist/
// (TypeScript 7 has no rollup plugin):
// - the script tag (dist/embed/): ES module chunks (the core every widget needs, each widget of the list in
//   src/all.define.ts, each language's strings), then the small classic script courtyard.js that loads the
//   ones a page uses, with every file's SRI hash, the size budget per part and per page, and
//   dist/embed/manifest.json (packages/widgets/build/embed-plugin.mjs);
// - the widgets' ESM build for developers is tsc's own output (packages/widgets/dist, lit as a dependency);
//   this config adds its custom-elements.json;
// - the admin console (served at /admin).
import { readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { customElementsManifest } from './packages/widgets/build/custom-elements-plugin.mjs';
import { embedChunkOf, embedChunks, embedLoader } from './packages/widgets/build/embed-plugin.mjs';
import { minifyCss } from './packages/widgets/build/minify-css.mjs';
import { terserOptions } from './packages/widgets/build/size-budget.mjs';

const minify = terser({ format: { comments: false }, ecma: 2020 });
const widgetsDist = new URL('packages/widgets/dist', import.meta.url).pathname;
const widgetsVersion = JSON.parse(readFileSync('packages/widgets/package.json', 'utf8')).version;
// The chunks' names and hashes, handed from the first build to the loader's.
const embedFiles = `${widgetsDist}/embed-files.json`;

export default [
  {
    // Inputs are set by embedChunks: the core, each widget's define module, each language's strings.
    input: {},
    // The core is an entry and the chunk the widgets import from, in one file (no facade).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'packages/widgets/dist/embed',
      format: 'es',
      // Six characters tell one build's file from another's (the SRI hash pins the bytes); each character is
      // written into the loader once per file.
      entryFileNames: '[name]-[hash:6].js',
      chunkFileNames: '[name]-[hash:6].js',
      // Fewer, larger files: each file is gzipped alone and pinned by a hash in the loader.
      manualChunks: embedChunkOf,
    },
    plugins: [
      embedChunks({ dist: widgetsDist, filesJson: embedFiles }),
      nodeResolve({ browser: true }),
      minifyCss(),
      terser({ ...terserOptions, module: true }),
    ],
  },
  {
    input: 'packages/widgets/dist/embed-loader.js',
    output: {
      dir: 'packages/widgets/dist/embed',
      entryFileNames: 'courtyard.js',
      format: 'iife',
      // The loader must not leak names into the host page's global scope.
      name: undefined,
    },
    plugins: [
      embedLoader({ dist: widgetsDist, version: widgetsVersion, filesJson: embedFiles }),
      nodeResolve({ browser: true }),
      terser(terserOptions),
      customElementsManifest(),
    ],
  },
  {
    input: 'packages/admin/dist/index.js',
    // Libraries a single screen needs (the dashboard's chart library) load as chunks on first use.
    output: {
      dir: 'packages/admin/dist/bundle',
      entryFileNames: 'admin.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      format: 'es',
      sourcemap: true,
    },
    plugins: [nodeResolve({ browser: true }), minify],
  },
];
