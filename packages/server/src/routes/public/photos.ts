// GET /api/v1/sites/:siteKey/photos/:photoId — a photo staff made public, of this site's community only;
// anything else (private, another community's, unknown) is the same 404, so nothing is revealed.

import { Id, SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { photoResponse, sendPhoto } from '../../photos/send-photo.js';
import { findPublicPhoto } from '../../repositories/photos.js';

const PhotoParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, photoId: Id },
  { additionalProperties: false },
);

export default async function photoRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/photos/:photoId',
    {
      schema: {
        tags: ['public'],
        summary: 'A public photo (re-encoded, without metadata)',
        params: PhotoParams,
        response: {
          200: photoResponse('The image bytes; immutable (a photo never changes under its id)'),
        },
      },
    },
    async (request, reply) => {
      const photo = await findPublicPhoto(app.db, request.site.communityId, request.params.photoId.toLowerCase());
      if (!photo) throw notFound('The photo');
      return sendPhoto(reply, photo, 'public');
    },
  );
}
