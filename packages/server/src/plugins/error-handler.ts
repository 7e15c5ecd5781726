// One place turns every failure into `{ error: { code, message } }`: route errors, schema validation,
// malformed JSON, oversize bodies, unknown routes. Anything unexpected is a logged 500 whose message never
// reaches the client.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCodes } from '@courtyard/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { CourtyardError, notReady } from '../errors.js';

function send(reply: FastifyReply, status: number, code: string, message: string, details?: Record<string, unknown>) {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, ...details } });
}

/** Maps Fastify's own errors (body parsing, limits, validation) to Courtyard codes. */
function fromFastify(error: FastifyError): { status: number; code: string; message: string } | undefined {
  if (error.validation) {
    const first = error.validation[0];
    const where = error.validationContext ?? 'request';
    const path = first?.instancePath ? `${where}${first.instancePath.replaceAll('/', '.')}` : where;
    const detail =
      first?.keyword === 'additionalProperties'
        ? `has an unknown field "${(first.params as { additionalProperty?: string }).additionalProperty}"`
        : (first?.message ?? 'is not valid');
    return { status: 400, code: ErrorCodes.VALIDATION, message: `${path} ${detail}.` };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: ErrorCodes.BAD_JSON, message: 'The request body is not valid JSON.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: ErrorCodes.PAYLOAD_TOO_LARGE, message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return {
        status: 415,
        code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        message: 'This content type is not accepted here; send application/json.',
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: ErrorCodes.VALIDATION, message: 'Content-Length does not match the body.' };
    case 'FST_PROTO_VIOLATION':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 400, code: ErrorCodes.VALIDATION, message: 'The request body is not acceptable.' };
  }
  if (error.statusCode === 429) {
    return { status: 429, code: ErrorCodes.RATE_LIMITED, message: 'Too many requests; try again later.' };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, code: ErrorCodes.VALIDATION, message: 'The request is not acceptable.' };
  }
  return undefined;
}

/** Connection failures: the database is restarting, failing over or unreachable. Retrying soon will work. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);

export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** True when `error` (or what caused it, e.g. inside drizzle's query error) says the database is out of reach. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error as { code?: unknown; cause?: unknown } | undefined; current && !seen.has(current); ) {
    seen.add(current);
    const code = typeof current.code === 'string' ? current.code : '';
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/**
 * Errors the router meets before any hook or handler runs (Fastify's `frameworkErrors`): a path with
 * broken percent-encoding, or a path parameter over `maxParamLength`. Without this they would leave in
 * Fastify's own shape.
 */
export function frameworkErrors(error: FastifyError, _request: unknown, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 414, ErrorCodes.VALIDATION, 'A part of the URL path is too long.');
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(reply, 400, ErrorCodes.VALIDATION, 'The URL path is not valid (broken percent-encoding).');
  }
  return send(reply, 400, ErrorCodes.VALIDATION, 'The request is not acceptable.');
}

/**
 * Requests Node's HTTP parser refuses (a URL or headers over its limit, bytes that are not HTTP, a client
 * too slow to send its head): no route, no reply object, only the socket. Fastify's default answers in
 * its own shape; this answers in ours.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex) {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The URL or the headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request was not received in time.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code: ErrorCodes.VALIDATION, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof CourtyardError) {
        reply.headers(error.headers);
        if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
        return send(reply, error.statusCode, error.code, error.message, error.details);
      }
      const known = fromFastify(error);
      if (known) {
        request.log.info({ code: known.code, fastifyCode: error.code }, 'request refused');
        return send(reply, known.status, known.code, known.message);
      }
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable: answering 503');
        const unavailable = notReady(
          'The service cannot reach its database; retry shortly.',
          UNAVAILABLE_RETRY_AFTER_SECONDS,
        );
        reply.headers(unavailable.headers);
        return send(reply, unavailable.statusCode, unavailable.code, unavailable.message);
      }
      request.log.error({ err: error }, 'unexpected error');
      return send(reply, 500, ErrorCodes.INTERNAL, 'Something went wrong on the server. It has been logged.');
    });

    app.setNotFoundHandler((request, reply) =>
      send(reply, 404, ErrorCodes.NOT_FOUND, `No route ${request.method} ${request.url.split('?')[0]}.`),
    );
  },
  { name: 'courtyard-error-handler' },
);
