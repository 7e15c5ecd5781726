// Resident keys: the second secret the sender of a repair request or suggestion gets with its code. The code
// reads progress and may be shown to others (read out, posted in a group, printed on paper); confirming,
// reopening, rating or erasing also needs the key, which stays on the sender's device and in their private link.
//
// The key is derived, HMAC(COURTYARD_SECRET, kind, site, Idempotency-Key, code), not drawn and stored: a retry
// with the same Idempotency-Key must get the same answer, and deriving it again means the stored answer of
// the request never holds the key. The code in the derivation keeps two submissions apart even if a client
// reused an Idempotency-Key after it was purged. The database keeps only the key's SHA-256.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const RESIDENT_KEY_HEADER = 'resident-key';

// Crockford base32, as tracking codes: a key copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 symbols of 5 bits: 100 bits, far past guessing at any rate the rate limits allow. */
const SYMBOLS = 20;

export interface KeyOrigin {
  kind: 'repair' | 'suggestion';
  siteId: string;
  idempotencyKey: string;
  /** The tracking code or follow code, in its canonical form. */
  code: string;
}

/** The key of a submission, as shown to the sender: `K7M2-Q9XA-…`, five groups of four. */
export function residentKeyFor(secret: string, origin: KeyOrigin): string {
  const digest = createHmac('sha256', secret)
    .update(`resident-key\n${origin.kind}\n${origin.siteId}\n${origin.idempotencyKey}\n${origin.code}`)
    .digest();
  let symbols = '';
  for (let index = 0; index < SYMBOLS; index++) {
    // Symbol i is bits 5i … 5i+4 of the digest.
    const bit = index * 5;
    const pair = ((digest[bit >> 3] as number) << 8) | (digest[(bit >> 3) + 1] as number);
    symbols += ALPHABET[(pair >> (11 - (bit & 7))) & 31];
  }
  return symbols.replace(/(.{4})(?=.)/g, '$1-');
}

/** The canonical key (no dashes) a resident typed or a link carried, or undefined when it cannot be one. */
export function normalizeResidentKey(input: string): string | undefined {
  const key = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (key.length !== SYMBOLS) return undefined;
  for (const symbol of key) if (!ALPHABET.includes(symbol)) return undefined;
  return key;
}

/** What the database keeps of a key. */
export function hashResidentKey(key: string): string {
  return createHash('sha256')
    .update(normalizeResidentKey(key) ?? key)
    .digest('base64url');
}

/** True when `given` is the key whose hash is `stored`; false without a stored hash (sent before keys existed). */
export function residentKeyMatches(stored: string | null | undefined, given: string): boolean {
  const key = normalizeResidentKey(given);
  if (!stored || key === undefined) return false;
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashResidentKey(key));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The key a request carries: `fromBody` when the body has one, else the Resident-Key header. */
export function residentKeyOf(request: FastifyRequest, fromBody?: string): string | undefined {
  if (fromBody !== undefined) return fromBody;
  const header = request.headers[RESIDENT_KEY_HEADER];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
}
