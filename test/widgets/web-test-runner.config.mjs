// web-test-runner for browser-side tests (test/widgets/**/*.test.ts) in the system Chromium.
// TypeScript is compiled by esbuild with the widgets' tsconfig so Lit's decorators are transpiled the way
// tsc does (experimentalDecorators, useDefineForClassFields: false).
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--headless=new',
];

export default {
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  files: ['test/widgets/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromePath, headless: true, args: chromeArgs } })],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('../../packages/widgets/tsconfig.json', import.meta.url)),
    }),
    // Widget tests that need a real Courtyard service add a plugin here that starts one (buildApp on a test
    // database, listening on port 0) in serverStart and closes it in serverStop, exposing its URL to the
    // tests, e.g. through a `/__courtyard` route or a testRunnerHtml global.
  ],
};
