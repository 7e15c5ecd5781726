// The Custom Elements Manifest analyzer's settings for @courtyard/widgets (run from the package folder by
// custom-elements-plugin.mjs). The manifest describes the package as published; see manifest-plugin.mjs.
import { packageManifest } from './manifest-plugin.mjs';

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/script-tag.ts', 'src/embed-loader.ts'],
  litelement: true,
  packagejson: false,
  plugins: [packageManifest()],
};
