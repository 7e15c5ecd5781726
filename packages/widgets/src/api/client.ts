// Talks to a Courtyard service: reads with fetch, writes with an Idempotency-Key (JSON through fetch,
// multipart through XHR so photo uploads report progress). Errors become ApiError with a protocol code.
// A busy service may ask a write for a proof of work (428): it is solved here and the write sent again.
// The solver and the uploader are imported when first needed, so a page that never meets them never loads them.
import { PROOF_OF_WORK_HEADER, type SiteConfig } from '@courtyard/protocol';
import { ApiError, errorFromResponse, networkError } from './api-error.js';

/** A multipart field: a text value, or a file with its name. */
export type FormField = [name: string, value: string | Blob, fileName?: string];

/** One write, as sent and as kept in the outbox: everything needed to send it again, byte for byte. */
export interface WriteRequest {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A UUID made once per submission and reused by every retry, so the server writes it once. */
  idempotencyKey: string;
  /** JSON body, or `form` for multipart. */
  json?: unknown;
  form?: FormField[];
  /** A solved proof-of-work challenge for this attempt (never kept in the outbox: each is good once). */
  proof?: string;
}

export interface WriteResult<Body = unknown> {
  status: number;
  body: Body;
  /** The server answered a retry with the first response (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

export type UploadProgress = (fraction: number) => void;
/** Called when the server asks for a proof of work, before solving it (the write is then "checking"). */
export type OnChecking = () => unknown;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function result<Body>(status: number, text: string, header: (name: string) => string | null): WriteResult<Body> {
  const body = parseJson(text);
  if (status < 200 || status >= 300) throw errorFromResponse(status, body, header('retry-after'));
  return { status, body: body as Body, replayed: header('idempotent-replayed') === 'true' };
}

/** Reads asked for before the widgets' code arrived (by the script tag's loader), by URL; each used once. */
const early = new Map<string, Promise<Response>>();

/**
 * Hands over a read already on its way (the script tag's loader asks for the site's configuration while the
 * widgets' code loads), so the first widget that needs `url` does not wait a round trip more for it.
 */
export function requestedEarly(url: string, response: Promise<Response>): void {
  early.set(url, response);
}

/** fetch, with a network failure turned into ApiError and a non-2xx answer into its protocol error. */
async function call<Body>(url: string, init: RequestInit): Promise<WriteResult<Body>> {
  let response: Response;
  try {
    const started = init.method ? undefined : early.get(url);
    early.delete(url);
    response = await (started ?? fetch(url, { ...init, credentials: 'omit' }));
  } catch (error) {
    throw networkError(error);
  }
  return result<Body>(response.status, await response.text().catch(() => ''), (name) => response.headers.get(name));
}

async function sendOnce<Body>(request: WriteRequest, onProgress?: UploadProgress): Promise<WriteResult<Body>> {
  if (request.form) {
    // A file that cannot be fetched (offline) keeps the write in the outbox like any network failure.
    const { upload } = await import('./upload.js').catch((error: unknown) => Promise.reject(networkError(error)));
    return upload<Body>(request, onProgress);
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'Idempotency-Key': request.idempotencyKey,
  };
  if (request.proof) headers[PROOF_OF_WORK_HEADER] = request.proof;
  return call<Body>(request.url, { method: request.method, headers, body: JSON.stringify(request.json ?? {}) });
}

/**
 * Sends one write; when the server asks for a proof of work, solves it and sends the same write (same
 * Idempotency-Key) again, twice at most. Throws ApiError: `retryable` tells the outbox whether to keep it.
 */
export async function sendWrite<Body = unknown>(
  request: WriteRequest,
  onProgress?: UploadProgress,
  onChecking?: OnChecking,
): Promise<WriteResult<Body>> {
  for (let tries = 0; ; tries++) {
    try {
      return await sendOnce<Body>(request, onProgress);
    } catch (error) {
      const challenge = (error as ApiError).challenge;
      if (!challenge || tries > 1) throw error;
      await onChecking?.();
      const { proofHeader, solveChallenge } = await import('./proof-of-work.js');
      request = { ...request, proof: proofHeader(challenge, await solveChallenge(challenge)) };
    }
  }
}

const clients = new Map<string, CourtyardClient>();

/** A site's public API on one Courtyard service. One instance per (service, site) is shared by the page. */
export class CourtyardClient {
  /** The shared client for a service origin and site key. */
  static for(api: string, siteKey: string): CourtyardClient {
    const id = `${api}\n${siteKey}`;
    const client = clients.get(id) ?? new CourtyardClient(api, siteKey);
    clients.set(id, client);
    return client;
  }

  readonly base: string;
  #configRequest?: Promise<SiteConfig>;

  constructor(
    readonly api: string,
    readonly siteKey: string,
  ) {
    this.base = `${api.replace(/\/+$/, '')}/api/v1/sites/${encodeURIComponent(siteKey)}`;
  }

  /** Absolute URL of a path under the site, e.g. `/polls/123`. */
  url(path: string): string {
    return this.base + path;
  }

  async get<Body>(path: string, signal?: AbortSignal): Promise<Body> {
    return (await call<Body>(this.url(path), { headers: { Accept: 'application/json' }, signal })).body;
  }

  /** The site's public configuration, fetched once per page (again after a failure). */
  config(): Promise<SiteConfig> {
    if (!this.#configRequest) {
      this.#configRequest = this.get<SiteConfig>('/config');
      this.#configRequest.catch(() => {
        this.#configRequest = undefined;
      });
    }
    return this.#configRequest;
  }

  /** A write to a path under this site (POST unless `body.method` says otherwise). */
  write(
    path: string,
    body: { json?: unknown; form?: FormField[]; method?: WriteRequest['method'] },
    idempotencyKey: string,
  ): WriteRequest {
    return { url: this.url(path), idempotencyKey, ...body, method: body.method ?? 'POST' };
  }

  /** The page's one multiplexed event stream for these topics, resuming after `lastEventId`. */
  eventsUrl(topics: string[], lastEventId?: string): string {
    const query = new URLSearchParams({ topics: topics.join(',') });
    if (lastEventId) query.set('lastEventId', lastEventId);
    return `${this.url('/events')}?${query}`;
  }
}

export { ApiError };
