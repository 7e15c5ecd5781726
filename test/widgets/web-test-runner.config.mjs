// web-test-runner for browser-side tests (test/widgets/**/*.test.ts) in the system Chromium.
// TypeScript is compiled by esbuild with the widgets' tsconfig so Lit's decorators are transpiled the way
// tsc does (experimentalDecorators, useDefineForClassFields: false).
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, chromePath } from '../support/chromium.mjs';
import { courtyardServer, networkCommands, testRunnerHtml } from './support/courtyard-plugins.mjs';

const args = [...chromeArgs, '--headless=new'];

export default {
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  files: ['test/widgets/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // One page at a time: a page in the background never loads lazy images nor reliably takes keyboard focus.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  // One retry: on a loaded 2-core CI machine a browser test can miss a timeout; a test that fails twice fails.
  testFramework: { config: { timeout: 10_000, retries: 1 } },
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromePath, headless: true, args } })],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../../packages/widgets/tsconfig.json', import.meta.url)),
    }),
    // The real Courtyard app for the widget tests (window.__COURTYARD_TEST__) and offline emulation.
    courtyardServer(),
    networkCommands(),
  ],
  testRunnerHtml,
};
