// Open311's own error shape: a list of { code, description } (XML: <errors><error>…), with the spec's
// status codes (400 bad or missing arguments, 403 api_key, 404 unknown service or request).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CourtyardError } from '../errors.js';
import { formatOf, send } from './format.js';

export class Open311Error extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new Open311Error(400, message);
export const invalidApiKey = () => new Open311Error(403, 'api_key is missing, unknown or revoked.');
export const notFound311 = (message: string) => new Open311Error(404, message);

export function sendOpen311Error(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  let statusCode = 500;
  let description = 'Something failed on the server.';
  if (error instanceof Open311Error || error instanceof CourtyardError) {
    statusCode = error.statusCode;
    description = error.message;
  } else {
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      statusCode = 400;
      description = `${fastifyError.validationContext ?? 'request'}${fastifyError.validation[0]?.instancePath ?? ''} ${fastifyError.validation[0]?.message ?? 'is not valid'}`;
    } else if (
      typeof fastifyError.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      statusCode = fastifyError.statusCode;
      description = fastifyError.message;
    }
  }
  if (statusCode >= 500) request.log.error({ err: error }, 'open311 request failed');
  return send(
    reply,
    formatOf(request),
    { root: 'errors', item: 'error' },
    [{ code: statusCode, description }],
    statusCode,
  );
}
