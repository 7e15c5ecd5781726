// GET /api/v1/sites/:siteKey/config — what a widget needs to render (names, language, categories,
// buildings/units, features). Public and identical for every visitor, so shared caches may keep it briefly.
import { SiteConfig, SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { loadSiteConfig } from '../../repositories/site-config.js';

export default async function configRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/config',
    {
      schema: {
        tags: ['public'],
        summary: "A site's widget configuration",
        description:
          'Community names, default language and time zone, active categories, buildings with units, and which features are on. Never personal data.',
        params: SiteKeyParam,
        response: { 200: SiteConfig },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return loadSiteConfig(app.db, request.site);
    },
  );
}
