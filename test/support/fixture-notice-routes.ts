// Test-only routes for the notices widget's browser tests, which have no staff session: a staff request to the
// real notices staff API (signed in as a real staff member, with the app's inject()), optionally posting a
// progress update with one real photo as multipart, as the console does.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { registerPublicTestRoutes } from './fixtures.js';
import { multipartBody } from './repair-fixtures.js';
import { lazyStaffCookie } from './staff-fixtures.js';

const StaffCall = Type.Object(
  {
    method: Type.Union([Type.Literal('GET'), Type.Literal('POST')]),
    path: Type.String({ pattern: '^/notices(/[a-z0-9-]+)*$', maxLength: 200 }),
    body: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Send the body's fields as multipart with one photo, as a progress update with a picture. */
    photo: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type Call = { method: 'GET' | 'POST'; path: string; body?: Record<string, unknown>; photo?: boolean };

export function registerFixtureNoticeRoutes(app: FastifyInstance, communityId: string): void {
  const staffCookie = lazyStaffCookie(app, communityId);
  registerPublicTestRoutes(app, (scope) => {
    scope.post<{ Body: Call }>(
      '/widget-fixtures/notices-staff',
      { schema: { body: StaffCall } },
      async (request, reply) => {
        const { method, path, body, photo } = request.body;
        const url = `/admin/api${path}`;
        let response: Awaited<ReturnType<FastifyInstance['inject']>>;
        if (photo) {
          const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
            .jpeg()
            .toBuffer();
          const fields = Object.fromEntries(Object.entries(body ?? {}).map(([name, value]) => [name, String(value)]));
          const { payload, contentType } = await multipartBody(fields, [
            { bytes: jpeg, filename: 'pipe.jpg', type: 'image/jpeg' },
          ]);
          response = await app.inject({
            method,
            url,
            headers: { cookie: await staffCookie(), 'content-type': contentType },
            payload,
          });
        } else {
          response = await app.inject({
            method,
            url,
            headers: { cookie: await staffCookie(), ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { payload: JSON.stringify(body) } : {}),
          });
        }
        return reply.code(response.statusCode).send(response.json());
      },
    );
  });
}
