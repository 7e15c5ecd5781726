// Overload: when the event loop falls behind, new requests get 503 + Retry-After in the one error shape at
// once, instead of queueing until every request times out (the widgets' outbox retries them later).

import { ErrorCodes } from '@courtyard/protocol';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route's own answer under pressure (under-pressure reads it); returning without sending lets it run. */
    pressureHandler?: (request: FastifyRequest, reply: FastifyReply) => void;
  }
}

export const OVERLOAD_RETRY_AFTER_SECONDS = 5;

export default fp(
  async function overload(app: FastifyInstance) {
    const maxEventLoopDelay = app.config.maxEventLoopDelayMs;
    if (maxEventLoopDelay <= 0) return;
    await app.register(underPressure, {
      maxEventLoopDelay,
      retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
      pressureHandler: (request, reply, type, value) => {
        request.log.warn({ type, value }, 'overloaded: answering 503');
        reply
          .status(503)
          .header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS))
          .type('application/json; charset=utf-8')
          .send({
            error: { code: ErrorCodes.NOT_READY, message: 'The service is busy; retry after the Retry-After seconds.' },
          });
      },
    });
  },
  { name: 'courtyard-overload', dependencies: ['courtyard-error-handler'] },
);
