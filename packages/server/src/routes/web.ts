// Pages for people: the demo community page at /, the admin console at /admin.
import type { FastifyInstance } from 'fastify';

export default async function webRoutes(_app: FastifyInstance) {}
