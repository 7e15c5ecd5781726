// Test-only route for the topics widget's browser tests: a staff action on topics or meetings through the real
// staff API (a real session, signed in on first use), as the console would send it.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { registerPublicTestRoutes } from './fixtures.js';
import { lazyStaffCookie } from './staff-fixtures.js';

const StaffAction = Type.Object(
  {
    method: Type.Union([Type.Literal('GET'), Type.Literal('POST'), Type.Literal('PUT')]),
    path: Type.String({ maxLength: 200, pattern: '^/(topics|meetings)(/[a-z0-9/-]*)?$' }),
    body: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

export function registerTopicFixtures(app: FastifyInstance, communityId: () => string) {
  const staffCookie = lazyStaffCookie(app, communityId);
  registerPublicTestRoutes(app, (scope) => {
    scope.post<{ Body: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown } }>(
      '/widget-fixtures/topics/staff',
      { schema: { body: StaffAction } },
      async (request, reply) => {
        const { method, path, body } = request.body;
        const answer = await app.inject({
          method,
          url: `/admin/api${path}`,
          headers: {
            cookie: await staffCookie(),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
        return reply.code(answer.statusCode).type('application/json').send(answer.body);
      },
    );
  });
}
