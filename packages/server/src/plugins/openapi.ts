// /openapi.json generated from every route's schemas, and a browsable reference at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { setPageHeaders } from '../routes/page-security.js';

const ERROR_REF = '#/components/schemas/Error';

/**
 * Every route lists the one error shape for each of its 4xx/5xx answers; written out each time it made the
 * document a megabyte (the reference page took seconds to render). Each copy becomes a $ref to one component.
 */
function shareErrorSchema(document: Record<string, unknown>): Record<string, unknown> {
  let errorSchema: unknown;
  let errorJson = '';
  const paths = (document.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const response of Object.values(operation?.responses ?? {})) {
        const content = (response as { content?: Record<string, { schema?: unknown }> }).content ?? {};
        for (const media of Object.values(content)) {
          const schema = media.schema as { properties?: { error?: unknown } } | undefined;
          if (!schema?.properties?.error) continue;
          const json = JSON.stringify(schema);
          if (errorSchema === undefined) {
            errorSchema = schema;
            errorJson = json;
          }
          if (json === errorJson) media.schema = { $ref: ERROR_REF };
        }
      }
    }
  }
  if (errorSchema === undefined) return document;
  const components = (document.components ?? {}) as { schemas?: Record<string, unknown> };
  document.components = { ...components, schemas: { ...components.schemas, Error: errorSchema } };
  return document;
}

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
      transformObject: (documentObject) =>
        shareErrorSchema(
          ('openapiObject' in documentObject ? documentObject.openapiObject : {}) as Record<string, unknown>,
        ),
    });
    // The reference gets the service's page headers, in its own scope so they touch no other route.
    await app.register(async (reference) => {
      reference.addHook('onRequest', async (_request, reply) => {
        setPageHeaders(reply, { kind: 'reference' });
      });
      await reference.register(swaggerUi, {
        routePrefix: '/docs',
        uiConfig: { docExpansion: 'list', deepLinking: true },
      });
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'courtyard-openapi' },
);
