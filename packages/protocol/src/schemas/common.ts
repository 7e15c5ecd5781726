import { type TSchema, Type } from '@sinclair/typebox';
import { ErrorCodes } from '../errors.js';
import { Limits } from '../limits.js';

/** A string that always has a maximum length: every string a route accepts is bounded. */
export const Text = (maxLength: number, options: { minLength?: number; pattern?: string; description?: string } = {}) =>
  Type.String({ maxLength, ...options });

/** An opaque id (UUID on the wire). */
export const Id = Type.String({ format: 'uuid', maxLength: 36, description: 'Opaque id' });
/**
 * Where an event stream resumes: the last `id:` it sent (opaque, 22 characters). A number, as streams sent
 * before their ids were made opaque, is taken too and answered with `resync`.
 */
export const LastEventId = Type.String({
  maxLength: 22,
  pattern: '^(?:[A-Za-z0-9_-]{22}|[0-9]{1,15})$',
  description: 'Resume after this id (the last `id:` the stream sent; what Last-Event-ID carries)',
});

export const IsoDateTime = Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601 with offset' });

export const SiteKeyParam = Type.Object(
  { siteKey: Type.String({ minLength: 1, maxLength: Limits.siteKey, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(Object.values(ErrorCodes).map((code) => Type.Literal(code))),
      message: Type.String(),
    }),
  },
  { $id: 'ErrorResponse', description: 'The one error shape of every 4xx/5xx response' },
);

/** `{ items, nextCursor }`, the shape of every list. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });

export const LanguageSchema = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
