// Test-only routes for the repair widget's browser tests, which have no staff session: a count of stored
// requests by description shows what was written, and a staff update is sent to the real staff API (signed in
// as a real staff member) with the app's inject().
import { Type } from '@sinclair/typebox';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { repairRequests } from '../../packages/server/src/db/schema.js';
import { findRepairByCode } from '../../packages/server/src/repositories/repairs.js';
import { registerPublicTestRoutes } from './fixtures.js';
import { lazyStaffCookie } from './staff-fixtures.js';

const UpdateBody = Type.Object(
  {
    code: Type.String({ maxLength: 20 }),
    status: Type.Optional(Type.String({ maxLength: 20 })),
    note: Type.Optional(Type.String({ maxLength: 200 })),
    public: Type.Boolean(),
  },
  { additionalProperties: false },
);

export function registerFixtureRepairRoutes(app: FastifyInstance, communityId: string): void {
  const staffCookie = lazyStaffCookie(app, communityId);
  registerPublicTestRoutes(app, (scope) => {
    scope.get<{ Querystring: { description: string } }>(
      '/widget-fixtures/repair-count',
      {
        schema: {
          querystring: Type.Object({ description: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const rows = await app.db
          .select({ id: repairRequests.id })
          .from(repairRequests)
          .where(
            and(eq(repairRequests.communityId, communityId), eq(repairRequests.description, request.query.description)),
          );
        return { count: rows.length };
      },
    );
    scope.post<{ Body: { code: string; status?: string; note?: string; public: boolean } }>(
      '/widget-fixtures/repair-updates',
      { schema: { body: UpdateBody } },
      async (request, reply) => {
        const { code, ...update } = request.body;
        const repair = await findRepairByCode(app.db, communityId, code);
        if (!repair) return reply.code(404).send({ error: 'no such repair' });
        const response = await app.inject({
          method: 'POST',
          url: `/admin/api/repairs/${repair.id}/updates`,
          headers: { cookie: await staffCookie(), 'content-type': 'application/json' },
          payload: JSON.stringify(update),
        });
        return reply.code(response.statusCode).send(response.json());
      },
    );
  });
}
