// The public widget API: everything under /api/v1/sites/:siteKey.
import type { FastifyInstance } from 'fastify';

export default async function publicApi(_app: FastifyInstance) {}
