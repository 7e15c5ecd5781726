// GET /api/v1/sites/:siteKey/config — what a widget needs to render (names, language, categories,
// buildings/units, features). Public and identical for every visitor, so shared caches may keep it briefly.
import { SiteConfig, SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ttlCache } from '../../cache/ttl-cache.js';
import { siteNotFound } from '../../errors.js';
import { SITE_CACHE_MAX_ENTRIES, SITE_CACHE_TTL_MS } from '../../plugins/tenancy.js';
import { loadSiteConfig } from '../../repositories/site-config.js';
import { findSiteByKey } from '../../repositories/sites.js';

export default async function configRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // Every widget on every page asks for this first; the same few seconds' staleness as the site lookup.
  const siteConfig = ttlCache(
    async (siteKey: string) => {
      const site = await findSiteByKey(app.db, siteKey);
      if (!site) throw siteNotFound();
      return loadSiteConfig(app.db, site);
    },
    {
      ttlMs: SITE_CACHE_TTL_MS,
      maxEntries: SITE_CACHE_MAX_ENTRIES,
    },
  );
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
      return siteConfig(request.site.siteKey);
    },
  );
}
