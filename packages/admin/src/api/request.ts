// One way for every console screen to call /admin/api: same origin, so the HttpOnly session cookie travels
// with each request and never reaches script; writes are JSON (the server refuses cross-site writes).
import { isErrorBody } from '@courtyard/protocol';

/** A failed call: `code` is a COURTYARD_* code, or `network` when the server was not reached. */
export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** Seconds from Retry-After, when the server sent it. */
    readonly retryAfterSeconds?: number,
    /** The error body's `details`, when the server sent them (field-level problems). */
    readonly details?: unknown,
  ) {
    super(code);
  }
}

/**
 * Calls `/admin/api/<path>` and answers the raw response when it is 2xx; throws AdminApiError otherwise. Only
 * routes that take photos accept a FormData body (multipart).
 */
export async function adminFetch(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  /** Extra request headers, e.g. an Idempotency-Key. */
  headers: Record<string, string> = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/admin/api/${path.replace(/^\//, '')}`, {
      method,
      credentials: 'same-origin',
      // A FormData body (photos) sets its own multipart content type; anything else is sent as JSON.
      headers:
        body === undefined || body instanceof FormData
          ? { accept: 'application/json', ...headers }
          : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      signal,
    });
  } catch {
    throw new AdminApiError('network', 0);
  }
  if (response.ok) return response;
  const payload: unknown = await response.json().catch(() => undefined);
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new AdminApiError(
    isErrorBody(payload) ? payload.error.code : 'unexpected',
    response.status,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    isErrorBody(payload) ? (payload.error as { details?: unknown }).details : undefined,
  );
}

/** Calls `/admin/api/<path>` and answers its JSON body (undefined for 204). */
export async function adminRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await adminFetch(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
