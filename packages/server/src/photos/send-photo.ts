// Sends a stored photo's bytes: never sniffed as another type, never run as a document, cached as asked
// (public photos forever under their id, staff-only ones never).
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

/** The 200 of a route answering with sendPhoto: the stored JPEG's bytes. */
export const photoResponse = (description = 'The image bytes') => ({
  description,
  content: { 'image/jpeg': { schema: Type.String({ format: 'binary' }) } },
});

export function sendPhoto(
  reply: FastifyReply,
  photo: { mime: string; bytes: unknown },
  cache: 'public' | 'private',
): FastifyReply {
  reply
    .type(photo.mime)
    .header('cache-control', cache === 'public' ? 'public, max-age=31536000, immutable' : 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox");
  if (cache === 'public') reply.header('cross-origin-resource-policy', 'cross-origin');
  // Bytes go out as they are; the route's declared schema only describes them.
  return reply.send(photo.bytes as string);
}
