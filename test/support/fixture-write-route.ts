// A public write registered only by the test suite, to drive the idempotency helper against the real
// database before feature routes exist: it creates a building in the site's community.
import { Type } from '@sinclair/typebox';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildings } from '../../packages/server/src/db/schema.js';
import { validation } from '../../packages/server/src/errors.js';
import { withIdempotency } from '../../packages/server/src/idempotency/idempotency.js';
import { publicWrite } from '../../packages/server/src/plugins/rate-limits.js';
import { registerPublicTestRoutes } from './fixtures.js';

export const FIXTURE_WRITE_URL = (siteKey: string) => `/api/v1/sites/${siteKey}/test-fixtures/buildings`;

const Body = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    /** Keep the transaction (and the key's lock) open this long, to test requests in flight. */
    holdMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
    /** Fail with a 400 after inserting, to prove nothing half-written is kept. */
    failAfterInsert: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Created = Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false });

export function registerFixtureWriteRoute(app: FastifyInstance) {
  registerPublicTestRoutes(app, async (scope) => {
    scope.post<{ Body: { name: string; holdMs?: number; failAfterInsert?: boolean } }>(
      '/test-fixtures/buildings',
      { config: publicWrite, schema: { body: Body, response: { 200: Created, 201: Created } } },
      async (request, reply) =>
        withIdempotency(request, reply, async (tx) => {
          const [row] = await tx
            .insert(buildings)
            .values({ communityId: request.site.communityId, name: request.body.name })
            .returning({ id: buildings.id, name: buildings.name });
          if (request.body.holdMs) await new Promise((resolve) => setTimeout(resolve, request.body.holdMs));
          if (request.body.failAfterInsert) throw validation('The fixture was asked to fail after inserting.');
          return { statusCode: 201, body: row! };
        }),
    );
  });
}

export async function countBuildings(app: FastifyInstance, communityId: string, name: string) {
  const rows = await app.db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.communityId, communityId), eq(buildings.name, name)));
  return rows.length;
}
