// Every browser bundle, built from the JavaScript that `tsc --build` emitted into each package's dist/:
// the admin console (served at /admin). The widget bundles are added by the widget platform.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const minify = terser({ format: { comments: false }, ecma: 2020 });

export default [
  {
    input: 'packages/admin/dist/index.js',
    output: { file: 'packages/admin/dist/bundle/admin.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), minify],
  },
];
