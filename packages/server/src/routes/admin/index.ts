// The staff API: everything under /admin/api.
import type { FastifyInstance } from 'fastify';

export default async function adminApi(_app: FastifyInstance) {}
