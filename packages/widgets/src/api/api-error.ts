import type { ErrorBody, ErrorCode, ProofOfWorkChallenge } from '@courtyard/protocol';

/** Not a server answer: the request never completed (offline, DNS, CORS refused, connection dropped). */
export const NETWORK_ERROR = 'COURTYARD_NETWORK';
export type ClientErrorCode = ErrorCode | typeof NETWORK_ERROR;

/** A failed API call: the protocol's error code, the HTTP status (0 when the network failed) and Retry-After. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    /** Milliseconds the server asked us to wait (Retry-After), if it did. */
    readonly retryAfterMs?: number,
    /** The proof of work a busy server asks for (428); the client solves it and sends the write again. */
    readonly challenge?: ProofOfWorkChallenge,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * Network failures, 5xx, 408, 429, a 409 for a key still in flight (the retry gets the first request's
   * answer) and a proof of work that could not be given now (428) may succeed later: the outbox keeps them.
   * Other 4xx never will.
   */
  get retryable(): boolean {
    return (
      this.status === 0 ||
      this.status >= 500 ||
      this.status === 408 ||
      this.status === 428 ||
      this.status === 429 ||
      this.code === 'COURTYARD_IDEMPOTENCY_IN_FLIGHT'
    );
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Codes as literals (checked against the protocol's type): the protocol's runtime tables stay out of the bundle.
function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'COURTYARD_NOT_FOUND';
  if (status === 408 || status === 429) return 'COURTYARD_RATE_LIMITED';
  if (status === 413) return 'COURTYARD_PAYLOAD_TOO_LARGE';
  if (status === 415) return 'COURTYARD_UNSUPPORTED_MEDIA_TYPE';
  if (status >= 500) return 'COURTYARD_INTERNAL';
  return 'COURTYARD_VALIDATION';
}

/** The protocol's error shape; an unknown code (a newer server) is kept and shown as a generic error. */
function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as ErrorBody | null)?.error;
  return typeof error?.code === 'string' && error.code.startsWith('COURTYARD_') && typeof error.message === 'string';
}

/** The error a non-2xx response stands for: its own code when it has the protocol's shape, else one by status. */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | null): ApiError {
  const retryAfterMs = parseRetryAfter(retryAfter);
  if (isErrorBody(body)) {
    const { code, message, challenge } = body.error as ErrorBody['error'] & { challenge?: ProofOfWorkChallenge };
    return new ApiError(status, code, message, retryAfterMs, challenge);
  }
  return new ApiError(status, codeForStatus(status), `HTTP ${status}`, retryAfterMs);
}

export function networkError(cause?: unknown): ApiError {
  return new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : 'The network request failed.');
}
