import { Health } from '@courtyard/protocol/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

function notReadyUnderPressure(_request: FastifyRequest, reply: FastifyReply) {
  reply
    .status(503)
    .header('retry-after', '5')
    .send({ status: 'unavailable' as const });
}

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/healthz',
    {
      schema: { tags: ['operations'], summary: 'The process is up', response: { 200: Health } },
      logLevel: 'warn',
      // Busy is not dead: liveness stays 200 under load, so an orchestrator does not restart a busy instance.
      config: { pressureHandler: () => undefined },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The database answers (for load balancers)',
        response: { 200: Health, 503: Health },
      },
      logLevel: 'warn',
      // Overloaded counts as not ready: a load balancer sends new requests to other instances meanwhile.
      config: { pressureHandler: notReadyUnderPressure },
    },
    async (request, reply) => {
      try {
        await Promise.race([
          app.database.ping(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), 2000).unref()),
        ]);
        return { status: 'ok' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'database not ready');
        return reply.status(503).send({ status: 'unavailable' as const });
      }
    },
  );
}
