// Open311 api keys for admins: issued with a name, shown once (only a hash is kept), listed by prefix,
// revoked. Every change is audited.
import { ApiKeyCreated, ApiKeyList, ErrorResponse, NewApiKey, RepairIdParams } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { notFound } from '../../errors.js';
import { currentStaff, requireRole, staffActor } from '../../plugins/staff-auth.js';
import { type ApiKeyRow, insertApiKey, listApiKeys, revokeApiKey } from '../../repositories/api-keys.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const security = [{ staffSession: [] }];
const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

function present(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

export default async function apiKeyRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api-keys',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'open311'],
        summary: 'Open311 api keys (never the keys themselves)',
        security,
        response: { 200: ApiKeyList, ...errors },
      },
    },
    async (request) => ({ items: (await listApiKeys(app.db, currentStaff(request).communityId)).map(present) }),
  );

  app.post(
    '/api-keys',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'open311'],
        summary: 'Issue an Open311 api key; the key is in this response only',
        security,
        body: NewApiKey,
        response: { 201: ApiKeyCreated, ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      reply.header('cache-control', 'no-store');
      const { row, key } = await app.db.transaction(async (tx) => {
        const issued = await insertApiKey(tx, {
          communityId: staff.communityId,
          name: request.body.name,
          createdBy: staff.id,
        });
        await audit(tx, staffActor(request), 'api_key.created', { type: 'api_key', id: issued.row.id }, null, {
          name: issued.row.name,
          prefix: issued.row.prefix,
        });
        return issued;
      });
      reply.code(201);
      return { ...present(row), key };
    },
  );

  app.post(
    '/api-keys/:id/revoke',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'open311'],
        summary: 'Revoke an api key (at once, on every instance); revoking twice keeps the first time',
        security,
        params: RepairIdParams,
        response: { 200: ApiKeyList.properties.items.items, ...errors },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      return app.db.transaction(async (tx) => {
        const row = await revokeApiKey(tx, staff.communityId, request.params.id.toLowerCase());
        if (!row) throw notFound('The api key');
        await audit(tx, staffActor(request), 'api_key.revoked', {
          type: 'api_key',
          id: row.id,
        });
        return present(row);
      });
    },
  );
}
