// Structured logs (pino) with request ids. Personal data never reaches the log: no IP addresses, no query
// strings (ballot codes travel there), no cookies or authorisation headers, no bodies, and no staff link token
// (links carry it in the fragment, which browsers never send; links made before that had it in the path).
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/** Invitation and reset links of the old form, /admin/invite/<token>: everything after the purpose is dropped. */
const STAFF_LINK_PATH = /^(\/+admin\/+(?:invite|reset))\/.*$/i;

/** The path of a request URL as the log may hold it: no query string, no staff link token. */
export function loggablePath(url: string): string {
  return (url.split('?')[0] as string).replace(STAFF_LINK_PATH, '$1/[token]');
}

export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      remove: true,
    },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({
        method: request.method,
        path: loggablePath(request.url),
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
