// Time to an interactive widget on a throttled phone, through the script tag (docs/scaling.md):
//   npm run build && node --import tsx test/bench/script-tag-load.ts [--before <old courtyard.js>] [--runs 7] [--timeline]
// (BENCH_CPU and BENCH_RTT change the CPU slowdown and the round trip in ms; --timeline prints when each file
// was asked for and arrived, and the long tasks, for one load of each.)
// Chromium with its CPU slowed 4× and a slow-4G link (400 kbit/s down, 400 kbit/s up, 150 ms round trip), a
// fresh cache each run. A host page on another origin holds one suggestion box, or all four widgets, in
// zh-CN; "interactive" is the moment the suggestion box shows its text field with the site's configuration
// loaded, measured from navigation start in the page. `--before` compares the bundle another build made (its
// packages/widgets/dist/embed/courtyard.js), served gzipped from the same origin as this build's; without it
// only this build's script tag is measured. Prints the median and range per page and variant, and the bytes
// each page received from the embed folder (as sent: gzipped when the server compresses).
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.js';
import { startServer, stopCleanly } from '../e2e/support/server.js';

const { values } = parseArgs({
  options: { before: { type: 'string' }, runs: { type: 'string', default: '7' }, timeline: { type: 'boolean' } },
});
const runs = Number(values.runs);
const TAGS = ['courtyard-suggestion-box', 'courtyard-suggestion-board', 'courtyard-poll', 'courtyard-repair-request'];
const THROTTLE = {
  cpu: Number(process.env.BENCH_CPU ?? 4),
  latencyMs: Number(process.env.BENCH_RTT ?? 150),
  downKbps: 400,
  upKbps: 400,
};

const manifest = JSON.parse(
  readFileSync(new URL('../../packages/widgets/dist/embed/manifest.json', import.meta.url), 'utf8'),
) as { version: string; integrity: string };
const oldBundle = values.before ? gzipSync(readFileSync(values.before), { level: 9 }) : undefined;

const server = await startServer();
// The service as pages see it: a proxy to the Courtyard server that also serves the older single bundle at
// /embed/before/courtyard.js, so both variants load their script from the origin their widgets talk to, over
// the same connections, as they would in production.
const service = createServer((request, response) => {
  if (request.url === '/embed/before/courtyard.js' && oldBundle) {
    response.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'gzip',
      'access-control-allow-origin': '*',
    });
    response.end(oldBundle);
    return;
  }
  const target = new URL(server.url);
  const forward = httpRequest(
    { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  forward.on('error', () => response.destroy());
  request.pipe(forward);
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
const serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;

// The host site: a zh-CN page with one suggestion box or all four widgets.
const host = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://host');
  const before = url.searchParams.get('variant') === 'before';
  const tags = url.searchParams.get('widgets') === 'all' ? TAGS : TAGS.slice(0, 1);
  const script = before
    ? `<script src="${serviceUrl}/embed/before/courtyard.js" crossorigin="anonymous" data-site="demo" async></script>`
    : `<script src="${serviceUrl}/embed/${manifest.version}/courtyard.js" integrity="${manifest.integrity}" crossorigin="anonymous" data-site="demo" async></script>`;
  const body = tags.map((tag) => `<${tag}></${tag}>`).join('');
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Bench</title><link rel="icon" href="data:,">${script}</head><body>${body}</body></html>`,
  );
});
await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve));
const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;

async function once(browser: Browser, variant: string, widgets: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: THROTTLE.latencyMs,
    downloadThroughput: (THROTTLE.downKbps * 1000) / 8,
    uploadThroughput: (THROTTLE.upKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE.cpu });
  const sizes: Promise<number>[] = [];
  page.on('requestfinished', (request) => {
    if (request.url().includes('/embed/')) sizes.push(request.sizes().then((size) => size.responseBodySize));
  });
  if (values.timeline) {
    await page.addInitScript(() => {
      const tasks: string[] = [];
      (globalThis as { benchTasks?: string[] }).benchTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          tasks.push(`${Math.round(entry.startTime)}+${Math.round(entry.duration)} ms task`);
      }).observe({ type: 'longtask', buffered: true });
    });
  }
  await page.goto(`${hostUrl}/?variant=${variant}&widgets=${widgets}`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const field = document.querySelector('courtyard-suggestion-box')?.shadowRoot?.querySelector('textarea');
      return field && !field.disabled ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await page.waitForLoadState('networkidle');
  if (values.timeline) {
    // When each file was asked for and arrived, from navigation start: where the time to interactive goes.
    const entries = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map(
          (entry) =>
            `${Math.round(entry.startTime)}–${Math.round(entry.responseEnd)} ms ${entry.name.split('/').pop()}`,
        )
        .concat((globalThis as { benchTasks?: string[] }).benchTasks ?? []),
    );
    console.log(`${variant}, ${widgets}: interactive at ${Math.round(ms)} ms\n  ${entries.join('\n  ')}`);
  }
  const scriptBytes = (await Promise.all(sizes)).reduce((sum, bytes) => sum + bytes, 0);
  await context.close();
  return { ms, scriptBytes };
}

const browser = await launchBrowser();
const variants = oldBundle ? ['before', 'this build'] : ['this build'];
const results = new Map<string, { ms: number[]; bytes: number }>();
try {
  // A first load of each kind warms the server and the browser; it is not counted.
  for (const variant of variants) await once(browser, variant, 'all');
  for (let run = 0; run < runs; run++) {
    for (const widgets of ['one', 'all']) {
      for (const variant of variants) {
        const { ms, scriptBytes } = await once(browser, variant, widgets);
        const key = `${widgets === 'all' ? 'all four widgets' : 'one suggestion box'}, ${variant}`;
        const entry = results.get(key) ?? { ms: [], bytes: scriptBytes };
        entry.ms.push(ms);
        results.set(key, entry);
      }
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => host.close(resolve));
  service.closeAllConnections();
  await new Promise((resolve) => service.close(resolve));
  await stopCleanly(server);
}

console.log(
  `Time to an interactive suggestion box, zh-CN page, CPU ${THROTTLE.cpu}× slower, ${THROTTLE.downKbps} kbit/s down, ${THROTTLE.latencyMs} ms RTT, ${runs} runs`,
);
for (const [key, { ms, bytes }] of results) {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  console.log(
    `  ${key.padEnd(28)} median ${Math.round(median)} ms (${Math.round(sorted[0] as number)}–${Math.round(sorted.at(-1) as number)}), script ${(bytes / 1024).toFixed(1)} KB received`,
  );
}
