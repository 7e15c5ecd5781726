// Registers test-only routes under /api/v1/sites/:siteKey with the site resolved, the way public
// routes see it.
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sites } from '../../packages/server/src/db/schema.js';
import { siteNotFound } from '../../packages/server/src/errors.js';

export interface FixtureSiteContext {
  id: string;
  siteKey: string;
  communityId: string;
}

export function siteOf(request: FastifyRequest): FixtureSiteContext {
  return (request as FastifyRequest & { site: FixtureSiteContext }).site;
}

export function registerFixtureSiteScope(app: FastifyInstance, routes: (scope: FastifyInstance) => Promise<void>) {
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request) => {
        const { siteKey } = request.params as { siteKey: string };
        const [site] = await scope.db
          .select({ id: sites.id, siteKey: sites.siteKey, communityId: sites.communityId })
          .from(sites)
          .where(eq(sites.siteKey, siteKey));
        if (!site) throw siteNotFound();
        (request as FastifyRequest & { site: FixtureSiteContext }).site = site;
      });
      await routes(scope);
    },
    { prefix: '/api/v1/sites/:siteKey' },
  );
}
