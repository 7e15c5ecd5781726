// /openapi.json generated from every route's schemas, and a browsable reference at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(
  async function openapi(app: FastifyInstance, options: { version: string; publicUrl: string }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Courtyard API',
          version: options.version,
          description:
            'Public widget API under /api/v1/sites/{siteKey} (CORS for the site\'s allowed origins) and the staff API under /admin/api (session cookie, same origin). Every error is `{ "error": { "code", "message" } }`.',
        },
        servers: [{ url: options.publicUrl }],
        tags: [
          { name: 'public', description: 'Called by the widgets from community pages' },
          { name: 'staff', description: 'Called by the admin console; needs a staff session' },
          { name: 'operations', description: 'Health and readiness' },
        ],
        components: {
          securitySchemes: {
            staffSession: { type: 'apiKey', in: 'cookie', name: '__Host-courtyard_session' },
          },
        },
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
      staticCSP: true,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'courtyard-openapi' },
);
