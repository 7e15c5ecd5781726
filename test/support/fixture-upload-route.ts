// A multipart public write registered only by the test suite, to drive photo uploads end to end before the
// repair and suggestion routes exist: it stores each photo, public or not as the form says.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { idempotencyKeyOf, withIdempotency } from '../../packages/server/src/idempotency/idempotency.js';
import {
  photoUploads,
  processPhotos,
  readMultipartSubmission,
  validateFields,
} from '../../packages/server/src/photos/multipart.js';
import { storePhoto } from '../../packages/server/src/repositories/photos.js';
import { registerPublicTestRoutes } from './fixtures.js';

export const FIXTURE_UPLOAD_URL = (siteKey: string) => `/api/v1/sites/${siteKey}/test-fixtures/photos`;

const Fields = Type.Object(
  { public: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) },
  { additionalProperties: false },
);
const StoredPhoto = Type.Object(
  { id: Type.String(), mime: Type.String(), width: Type.Integer(), height: Type.Integer() },
  { additionalProperties: false },
);
const Created = Type.Object({ photos: Type.Array(StoredPhoto) }, { additionalProperties: false });

export function registerFixtureUploadRoute(app: FastifyInstance) {
  registerPublicTestRoutes(app, async (scope) => {
    await scope.register(photoUploads);
    scope.post(
      '/test-fixtures/photos',
      {
        config: { multipart: true, publicWrite: true },
        schema: { consumes: ['multipart/form-data'], response: { 200: Created, 201: Created } },
      },
      async (request, reply) => {
        // Refuse a keyless upload before reading megabytes of it.
        idempotencyKeyOf(request);
        const submission = await readMultipartSubmission(request);
        const fields = validateFields(Fields, submission.fields);
        const { site } = request;
        return withIdempotency(
          request,
          reply,
          async (tx, processed) => {
            const stored = [];
            for (const photo of processed) {
              stored.push(
                await storePhoto(tx, {
                  communityId: site.communityId,
                  siteId: site.id,
                  public: fields.public === 'true',
                  photo,
                }),
              );
            }
            return { statusCode: 201, body: { photos: stored } };
          },
          { body: submission, prepare: () => processPhotos(submission.photos) },
        );
      },
    );
  });
}
