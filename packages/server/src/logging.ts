// Structured logs (pino) with request ids. Personal data never reaches the log: no IP addresses, no query
// strings (ballot codes travel there), no cookies or authorisation headers, no bodies.
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

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
        path: request.url.split('?')[0],
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
