// web-test-runner plugins for the widget tests:
// - courtyardServer: starts the real Courtyard app (courtyard-test-server.ts) before the tests and stops it
//   after; its URL and site key reach the tests as `window.__COURTYARD_TEST__` (see testRunnerHtml).
// - networkCommands: `set-offline` cuts the test page off from the Courtyard service (or reconnects it)
//   through the DevTools protocol: its requests fail at the network layer as with no signal. Only the
//   service is blocked — whole-page offline mode would also cut the test runner's own connection.
//   `service-request` sends a JSON request to the service from the test runner's process, which the page's
//   offline emulation does not cut: what happens on the server while a page is offline.
import { spawn } from 'node:child_process';
import { compiledPath, compileTests } from '../../support/compile-tests.mjs';

export const testService = { url: '', siteKey: '', community: {} };

export function courtyardServer() {
  let child;
  return {
    name: 'courtyard-test-server',
    async serverStart() {
      // Plain JavaScript compiled once (test/support/compile-tests.mjs), not tsx's hooks in the server process.
      await compileTests();
      const script = compiledPath('test/widgets/support/courtyard-test-server.ts');
      child = spawn(process.execPath, ['--enable-source-maps', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const line = await new Promise((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk) => {
          buffered += chunk;
          const newline = buffered.indexOf('\n');
          if (newline >= 0) resolve(buffered.slice(0, newline));
        });
        child.on('exit', (code) => reject(new Error(`the Courtyard test server exited (${code})`)));
      });
      Object.assign(testService, JSON.parse(line));
    },
    async serverStop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function networkCommands() {
  const sessions = new WeakMap();
  return {
    name: 'courtyard-network-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'service-request') {
        const response = await fetch(`${testService.url}/api/v1/sites/${testService.siteKey}${payload.path}`, {
          method: payload.body === undefined ? 'GET' : 'POST',
          headers: payload.body === undefined ? {} : { 'content-type': 'application/json' },
          body: payload.body === undefined ? undefined : JSON.stringify(payload.body),
        });
        return { status: response.status, body: await response.json() };
      }
      if (command !== 'set-offline') return undefined;
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp) {
        cdp = await page.createCDPSession();
        await cdp.send('Network.enable');
        sessions.set(page, cdp);
      }
      await cdp.send('Network.setBlockedURLs', { urls: payload?.offline ? [`${testService.url}/*`] : [] });
      return true;
    },
  };
}

/** The test page, with the service's address for the tests. */
export function testRunnerHtml(testFramework) {
  return `<!doctype html>
<html>
  <body>
    <script>window.__COURTYARD_TEST__ = ${JSON.stringify(testService).replace(/</g, '\\u003c')};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`;
}
