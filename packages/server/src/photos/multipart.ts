// Multipart submissions with photos. Only routes that upload register `photoUploads` in their own scope
// (and set `config: { multipart: true }` so tenancy accepts the content type); everywhere else a multipart
// body stays a 415. Limit errors become 413 and malformed bodies 400, in the one error shape.
import multipart from '@fastify/multipart';
import type { Static, TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { CourtyardError, payloadTooLarge, unsupportedMediaType, validation } from '../errors.js';
import { cleanStrings } from '../plugins/validation.js';
import { PhotoLimits, type ProcessedPhoto, processPhoto } from './process-photo.js';

/** The form field photos are sent in (repeated once per photo). */
export const PHOTO_FIELD = 'photos';
const MAX_FIELDS = 30;

export const multipartLimits = {
  fileSize: PhotoLimits.maxUploadBytes,
  files: PhotoLimits.maxPhotos,
  fields: MAX_FIELDS,
  /** A field holds at most a long text (4000 characters, up to 3 bytes each in UTF-8) with room to spare. */
  fieldSize: 16 * 1024,
  parts: PhotoLimits.maxPhotos + MAX_FIELDS,
  fieldNameSize: 100,
  headerPairs: 100,
};

/** Registers the multipart parser in the calling scope only. */
export const photoUploads = fp(async function photoUploads(app: FastifyInstance) {
  await app.register(multipart, { limits: multipartLimits, throwFileSizeLimit: true });
});

export interface UploadedPhoto {
  /** The photo's bytes as sent: untrusted until processPhoto has judged and re-encoded them. */
  bytes: Buffer;
}

export interface MultipartSubmission {
  fields: Record<string, string>;
  photos: UploadedPhoto[];
}

export function isMultipartRequest(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Reads every part: text fields (NFC, control characters refused, each name once) and the files of the
 * `photos` field. Hash the result for idempotency (`withIdempotency(..., { body: submission })`), then
 * `processPhotos(submission.photos)`.
 */
export async function readMultipartSubmission(request: FastifyRequest): Promise<MultipartSubmission> {
  if (!isMultipartRequest(request)) throw unsupportedMediaType('multipart/form-data');
  const fields: Record<string, string> = {};
  const photos: UploadedPhoto[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== PHOTO_FIELD) throw validation(`Files are accepted only in the "${PHOTO_FIELD}" field.`);
        const bytes = await part.toBuffer();
        // A form with an empty file input still sends an empty part.
        if (bytes.length > 0) photos.push({ bytes });
        continue;
      }
      if (part.valueTruncated || part.fieldnameTruncated) throw payloadTooLarge();
      if (Object.hasOwn(fields, part.fieldname)) throw validation(`The field "${part.fieldname}" is sent twice.`);
      fields[part.fieldname] = cleanStrings(String(part.value), `body.${part.fieldname}`) as string;
    }
  } catch (error) {
    throw asClientError(error);
  }
  return { fields, photos };
}

/** Checks text fields against a route's schema (all values are strings, as forms send them). */
export function validateFields<T extends TObject>(schema: T, fields: Record<string, string>): Static<T> {
  if (Value.Check(schema, fields)) return fields as Static<T>;
  const first = Value.Errors(schema, fields).First();
  const where = first?.path ? `body${first.path.replaceAll('/', '.')}` : 'body';
  throw validation(`${where} ${first?.message ?? 'is not valid'}.`);
}

/** Judges and re-encodes each upload in turn (one at a time keeps memory flat on small servers). */
export async function processPhotos(uploads: UploadedPhoto[]): Promise<ProcessedPhoto[]> {
  const processed: ProcessedPhoto[] = [];
  for (const upload of uploads) processed.push(await processPhoto(upload.bytes));
  return processed;
}

function asClientError(error: unknown): unknown {
  if (error instanceof CourtyardError) return error;
  const code = (error as { code?: unknown }).code;
  // @fastify/multipart's own errors (limits, content type) carry codes the error handler maps to 413/415.
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  // Anything else from the parser is a malformed body (truncated, bad boundary), never a server fault.
  return validation('The multipart body is malformed.');
}
