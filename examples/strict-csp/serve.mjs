#!/usr/bin/env node
// Serves this folder the way a careful host site would: every response carries the strict policy below,
// with <service> being the Courtyard server the pages load their widgets from. The pages name the service
// as http://localhost:8080 (`npm start`); --service points them at another one.
//   node examples/strict-csp/serve.mjs [--service http://localhost:8080] [--port 8000]
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const folder = fileURLToPath(new URL('.', import.meta.url));
const AUTHORED_SERVICE = 'http://localhost:8080';
const files = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/en.html': { file: 'en.html', type: 'text/html; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** The Content-Security-Policy header for pages that embed Courtyard from `service` (an origin). */
export function strictPolicy(service) {
  return [
    "default-src 'self'",
    `script-src 'self' ${service}`,
    "style-src 'self'",
    `connect-src ${service}`,
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

/**
 * Starts the page server; resolves to { url, close() }. `host` defaults to localhost, an origin the demo
 * site allows (its allowLocalhost setting).
 * @param {{ service?: string, port?: number, host?: string }} options
 */
export async function serveStrictCsp({ service = AUTHORED_SERVICE, port = 0, host = 'localhost' } = {}) {
  const origin = new URL(service).origin;
  const policy = strictPolicy(origin);
  const server = createServer(async (request, response) => {
    const entry = files[new URL(request.url ?? '/', 'http://page').pathname];
    if (!entry || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain', 'content-security-policy': policy }).end('Not found');
      return;
    }
    let body = await readFile(join(folder, entry.file), 'utf8');
    if (extname(entry.file) === '.html') body = body.replaceAll(AUTHORED_SERVICE, origin);
    response.writeHead(200, {
      'content-type': entry.type,
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    policy,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { service: { type: 'string' }, port: { type: 'string' } } });
  const page = await serveStrictCsp({ service: values.service, port: Number(values.port ?? 8000) });
  console.log(
    `Strict-CSP example at ${page.url}/ (English: ${page.url}/en.html)\nContent-Security-Policy: ${page.policy}`,
  );
}
