// The fingerprint of a request for idempotency: the same key may only ever mean the same request.
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so `{a,b}` and `{b,a}` hash alike. Binary values
 * (uploaded files) become the SHA-256 of their bytes, so a multipart request hashes its fields and each
 * file's content.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Uint8Array) {
    return JSON.stringify({ $sha256: createHash('sha256').update(value).digest('hex') });
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // Sorted by UTF-16 code units (the default sort); built in one pass, as every public write hashes its body.
  let json = '';
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    json += `${json ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `{${json}}`;
}

export interface RequestFingerprint {
  method: string;
  /** The route pattern, e.g. `/api/v1/sites/:siteKey/polls/:pollId/votes`. */
  route: string;
  siteId: string;
  params: unknown;
  body: unknown;
}

export function requestHash(fingerprint: RequestFingerprint): string {
  return createHash('sha256').update(canonicalJson(fingerprint)).digest('hex');
}

/** A signed 64-bit advisory-lock key for one (site, key) pair. */
export function advisoryLockKey(siteId: string, key: string): string {
  return createHash('sha256').update(`idempotency:${siteId}:${key}`).digest().readBigInt64BE(0).toString();
}
