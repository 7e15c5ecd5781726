// Test-only routes for the suggestion widgets' browser tests: staff actions go through the real staff API
// (a real session, signed in on first use), and a count of stored suggestions by text shows what was written.
import { Type } from '@sinclair/typebox';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { suggestions } from '../../packages/server/src/db/schema.js';
import { registerPublicTestRoutes } from './fixtures.js';
import { lazyStaffCookie } from './staff-fixtures.js';

const StaffChange = Type.Object(
  {
    id: Type.String({ maxLength: 36 }),
    change: Type.Object(
      {
        moderation: Type.Optional(Type.String({ maxLength: 20 })),
        status: Type.Optional(Type.String({ maxLength: 20 })),
        response: Type.Optional(Type.String({ maxLength: 400 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export function registerSuggestionFixtures(app: FastifyInstance, communityId: () => string) {
  const staffCookie = lazyStaffCookie(app, communityId);

  registerPublicTestRoutes(app, (scope) => {
    scope.post<{ Body: { id: string; change: Record<string, string> } }>(
      '/widget-fixtures/suggestions/staff',
      { schema: { body: StaffChange } },
      async (request, reply) => {
        const answer = await app.inject({
          method: 'PATCH',
          url: `/admin/api/suggestions/${request.body.id}`,
          headers: { cookie: await staffCookie(), 'content-type': 'application/json' },
          payload: JSON.stringify(request.body.change),
        });
        return reply.code(answer.statusCode).type('application/json').send(answer.body);
      },
    );

    scope.get<{ Querystring: { text: string } }>(
      '/widget-fixtures/suggestions',
      {
        schema: {
          querystring: Type.Object({ text: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const rows = await app.db
          .select({
            id: suggestions.id,
            moderation: suggestions.moderation,
            name: suggestions.authorName,
            // Qualified by hand: drizzle writes a selected column unqualified, which inside the subquery would mean photos.id.
            photos: sql<number>`(select count(*)::int from photos p where p.owner_kind = 'suggestion' and p.owner_id = suggestions.id)`,
          })
          .from(suggestions)
          .where(and(eq(suggestions.communityId, request.site.communityId), eq(suggestions.text, request.query.text)));
        return { rows };
      },
    );
  });
}
