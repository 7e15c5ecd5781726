// A real HTTP receiver for webhook tests, on 127.0.0.1 and a free port. Each request is recorded with its
// headers and raw body; answers are scripted per request (status, body, delay), 200 by default.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface ScriptedAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow or hanging receiver). */
  delayMs?: number;
}

export interface Receiver {
  url: (path?: string) => string;
  received: ReceivedRequest[];
  /** Answers for the next requests, in order; then `fallback`. */
  script: ScriptedAnswer[];
  fallback: ScriptedAnswer;
  /** Resolves when `count` requests (in total) have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const receiver: Receiver = {
    url: () => '',
    close: async () => {},
    received,
    script: [],
    fallback: { status: 200, body: 'ok' },
    waitFor: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        if (received.length >= count) return resolve(received.slice());
        const timer = setTimeout(
          () => reject(new Error(`waited for ${count} requests, got ${received.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received.slice());
          },
        });
      }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      for (const waiter of waiters.filter((entry) => received.length >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const answer = receiver.script.shift() ?? receiver.fallback;
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers });
        response.end(answer.body ?? '');
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      } else {
        send();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The same object the server reads, so tests can change `script` and `fallback` between requests.
  receiver.url = (path = '/hook') => `http://127.0.0.1:${port}${path}`;
  receiver.close = async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** Verifies a received request as a receiver would, with the standardwebhooks verifier; returns the payload. */
export function verified(secret: string, request: ReceivedRequest): Record<string, unknown> {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(request.body, headers) as Record<string, unknown>;
}

/**
 * Settings for tests: local receivers allowed, retries in milliseconds. The timeout leaves room for a busy
 * 2-core machine; a test of timeouts answers later than it.
 */
export const webhookTestEnv = {
  COURTYARD_WEBHOOKS_ALLOW_PRIVATE: 'true',
  COURTYARD_WEBHOOKS_TIMEOUT_MS: '2500',
  COURTYARD_WEBHOOKS_RETRY_SCHEDULE_MS: '100,100',
  COURTYARD_WEBHOOKS_POLL_MS: '50',
};
