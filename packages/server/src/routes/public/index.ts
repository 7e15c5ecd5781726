// The public widget API: everything under /api/v1/sites/:siteKey. Tenancy (site lookup, origin allowlist,
// CORS, accepted body types) and rate limits come first so every route below inherits them.
import type { FastifyInstance } from 'fastify';
import rateLimits from '../../plugins/rate-limits.js';
import tenancy, { preflightRoutes } from '../../plugins/tenancy.js';
import configRoutes from './config.js';
import eventRoutes from './events.js';
import noticeRoutes from './notices.js';
import photoRoutes from './photos.js';
import pollRoutes from './polls.js';
import privacyRoutes from './privacy.js';
import repairRoutes from './repairs.js';
import rotaRoutes from './rotas.js';
import suggestionRoutes from './suggestions.js';
import topicRoutes from './topics.js';

export default async function publicApi(app: FastifyInstance) {
  await app.register(tenancy);
  await app.register(rateLimits);
  await app.register(preflightRoutes);
  await app.register(configRoutes);
  await app.register(eventRoutes);
  await app.register(photoRoutes);
  await app.register(suggestionRoutes);
  await app.register(repairRoutes);
  await app.register(pollRoutes);
  await app.register(privacyRoutes);
  await app.register(noticeRoutes);
  await app.register(topicRoutes);
  await app.register(rotaRoutes);
}
