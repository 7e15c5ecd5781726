// Serves a built site (a folder such as a Vite app's dist/) on localhost at a free port: an origin other than
// the Courtyard server's 127.0.0.1, allowed by the demo site's allowLocalhost, as a developer's dev server is.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

export async function serveFolder(folder: string): Promise<StaticSite> {
  const server = createServer(async (request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://site').pathname.replace(/\/$/, '/index.html'));
    const type = types[extname(path)];
    if (!type || path.includes('..')) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(folder, path));
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    // The browser may hold connections it opened ahead and never used: cut them, or close() waits on them.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
