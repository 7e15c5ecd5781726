// Every browser bundle, built from the JavaScript that `tsc --build` emitted into each package's dist/
// (TypeScript 7 has no rollup plugin):
// - the script-tag bundle: one classic script registering every widget tag, with its SRI hash, the size
//   budget per part and dist/embed/manifest.json (packages/widgets/build/);
// - the widgets' ESM build for developers is tsc's own output (packages/widgets/dist, lit as a dependency);
//   this config adds its custom-elements.json;
// - the admin console (served at /admin).
import { readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { customElementsManifest } from './packages/widgets/build/custom-elements-plugin.mjs';
import { embedManifest } from './packages/widgets/build/embed-plugin.mjs';
import { minifyCss } from './packages/widgets/build/minify-css.mjs';
import { terserOptions } from './packages/widgets/build/size-budget.mjs';

const minify = terser({ format: { comments: false }, ecma: 2020 });
const widgetsDist = new URL('packages/widgets/dist', import.meta.url).pathname;
const widgetsVersion = JSON.parse(readFileSync('packages/widgets/package.json', 'utf8')).version;

export default [
  {
    input: 'packages/widgets/dist/script-tag.js',
    output: {
      dir: 'packages/widgets/dist/embed',
      entryFileNames: 'courtyard.js',
      format: 'iife',
      // The bundle must not leak names into the host page's global scope.
      name: undefined,
    },
    plugins: [
      nodeResolve({ browser: true }),
      minifyCss(),
      terser(terserOptions),
      embedManifest({ dist: widgetsDist, version: widgetsVersion }),
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
