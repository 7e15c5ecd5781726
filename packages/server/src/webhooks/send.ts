// One delivery attempt over HTTP: a POST with a short overall timeout, no redirects followed (a 3xx is a
// failure), and only the first few hundred characters of the answer kept for the log.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refusalOf } from './ssrf.js';

/** How much of a response body is read and kept. */
export const SNIPPET_CHARS = 300;
const READ_LIMIT_BYTES = 2048;

export interface AttemptRequest {
  url: string;
  body: string | Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  responseSnippet: string | null;
  durationMs: number;
}

export function sendAttempt(attempt: AttemptRequest): Promise<AttemptResult> {
  const started = performance.now();
  const finish = (result: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({
    ...result,
    durationMs: Math.round(performance.now() - started),
  });
  const refusal = refusalOf(attempt.url, attempt.allowPrivate);
  if (refusal)
    return Promise.resolve(finish({ statusCode: null, error: `refused: ${refusal}`, responseSnippet: null }));

  return new Promise((resolve) => {
    const url = new URL(attempt.url);
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const settle = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(finish(result));
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...attempt.headers, 'content-length': String(Buffer.byteLength(attempt.body)) },
        lookup: guardedLookup(attempt.allowPrivate) as never,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const done = () => {
          const snippet = Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_CHARS);
          const statusCode = response.statusCode ?? null;
          const redirect = statusCode !== null && statusCode >= 300 && statusCode < 400;
          settle({ statusCode, error: redirect ? 'redirect not followed' : null, responseSnippet: snippet || null });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= READ_LIMIT_BYTES) done();
        });
        response.on('end', done);
        response.on('error', (error) =>
          settle({ statusCode: response.statusCode ?? null, error: error.message, responseSnippet: null }),
        );
      },
    );
    const timer = setTimeout(() => {
      settle({ statusCode: null, error: `timed out after ${attempt.timeoutMs} ms`, responseSnippet: null });
      request.destroy();
    }, attempt.timeoutMs);
    request.on('error', (error) =>
      settle({ statusCode: null, error: error.message.slice(0, SNIPPET_CHARS), responseSnippet: null }),
    );
    request.end(attempt.body);
  });
}
