// Pages for people: the demo community page at / (examples/demo-community) and the admin console at
// /admin (packages/admin). Both are served under a strict CSP with no inline script or style and with Trusted
// Types (page-security.ts), the policy a careful host page would set, so a widget or console change that needs
// more fails loudly here.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../errors.js';
import { setPageHeaders } from './page-security.js';

// This file runs from packages/server/src/routes (tsx) or packages/server/dist/routes (node): four levels up
// is the repository either way.
const repoRoot = new URL('../../../../', import.meta.url);
const demoFolder = fileURLToPath(new URL('examples/demo-community/', repoRoot));
const adminPage = fileURLToPath(new URL('packages/admin/index.html', repoRoot));
const adminAssets = [
  fileURLToPath(new URL('packages/admin/dist/bundle/', repoRoot)),
  fileURLToPath(new URL('packages/admin/public/', repoRoot)),
];

async function sendPage(reply: FastifyReply, file: string, fallback: string) {
  let html: string;
  try {
    html = await readFile(file, 'utf8');
  } catch {
    html = fallback;
  }
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
}

const fallbackHome = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Courtyard</title></head>
<body><h1>Courtyard</h1>
<p>The demo community page (examples/demo-community) is not in this installation.</p>
<ul><li><a href="/admin">Admin console</a></li><li><a href="/docs">API reference</a></li></ul>
</body></html>
`;

const fallbackAdmin = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Courtyard admin</title></head>
<body><h1>Courtyard admin</h1><p>The console is missing from this installation (packages/admin/index.html).</p></body></html>
`;

async function demoPages(app: FastifyInstance) {
  app.addHook('onRequest', async (_request, reply) => {
    setPageHeaders(reply);
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) =>
    sendPage(reply, `${demoFolder}index.html`, fallbackHome),
  );
  if (existsSync(demoFolder)) {
    // The demo page's stylesheet and images; index.html itself is only served at /.
    await app.register(fastifyStatic, {
      root: demoFolder,
      prefix: '/demo/',
      decorateReply: false,
      index: false,
      allowedPath: (path) => !path.endsWith('.html'),
    });
  }
}

async function adminConsole(app: FastifyInstance) {
  // Never framed (clickjacking on staff actions), like every page of the service.
  app.addHook('onRequest', async (_request, reply) => {
    setPageHeaders(reply);
  });
  const page = (_request: unknown, reply: FastifyReply) => sendPage(reply, adminPage, fallbackAdmin);
  app.get('/admin', { schema: { hide: true } }, page);
  // Links made before the token moved into the fragment (/admin/invite/<token>) keep working: the browser is
  // sent on to /admin/invite#<token>, so the token leaves the path (and Referer headers) at once. The log has
  // this one request's path without the token (logging.ts).
  for (const purpose of ['invite', 'reset']) {
    app.get(`/admin/${purpose}/:token`, { schema: { hide: true } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const fragment = /^[A-Za-z0-9_-]{1,64}$/.test(token) ? `#${token}` : '';
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(`/admin/${purpose}${fragment}`, 303);
    });
  }
  // Deep links (/admin/suggestions/…) load the console, which routes on the client. /admin/api keeps its
  // own JSON 404s: an unknown API path must never answer with HTML.
  app.get('/admin/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/admin/api/') || path.startsWith('/admin/assets/')) {
      throw notFound(`The route ${request.method} ${path}`);
    }
    return page(request, reply);
  });
  await app.register(fastifyStatic, {
    root: adminAssets,
    prefix: '/admin/assets/',
    decorateReply: false,
    index: false,
    // The built bundle, then the console's static files. Not content-hashed yet: revalidate with the ETag on every load.
    cacheControl: false,
    setHeaders: (reply) => reply.header('cache-control', 'no-cache'),
  });
}

export default async function webRoutes(app: FastifyInstance) {
  await app.register(demoPages);
  await app.register(adminConsole);
}
