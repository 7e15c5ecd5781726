// Staff password hashing with scrypt (memory-hard, built into Node). Stored as
// `scrypt$N$r$p$salt$hash` (base64url) so the parameters can be raised later: old hashes still verify and
// `needsRehash` tells sign-in to upgrade them.

import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { Limits } from '@courtyard/protocol';

/** log2 of scrypt's N for new hashes (COURTYARD_PASSWORD_HASH_COST); tests lower it, production may not. */
export const DEFAULT_PASSWORD_HASH_COST = 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** The most a stored hash may ask for, so a tampered row cannot make verification exhaust memory. */
const MAX_N = 2 ** 20;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number }) {
  // scrypt needs 128·N·r bytes; leave headroom above Node's 32 MiB default.
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r + 1024 * 1024 };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, scryptOptions, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function parse(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const isPowerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (
    !isPowerOfTwo ||
    N > MAX_N ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > 32 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > 16
  ) {
    return undefined;
  }
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const hash = Buffer.from(parts[5] as string, 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_HASH_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const N = 2 ** cost;
  const hash = await derive(password, salt, KEY_BYTES, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison; false for a malformed stored value rather than an error. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string, cost = DEFAULT_PASSWORD_HASH_COST): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N < 2 ** cost || parsed.r < R || parsed.p < P || parsed.hash.length < KEY_BYTES;
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * Spends the same time as a real verification and returns false: used when the email is unknown, so the
 * response time does not reveal which emails have accounts.
 */
export async function verifyAgainstDummy(password: string, cost = DEFAULT_PASSWORD_HASH_COST): Promise<false> {
  let dummyHash = dummyHashes.get(cost);
  if (!dummyHash) {
    dummyHash = hashPassword(randomBytes(16).toString('hex'), cost);
    dummyHashes.set(cost, dummyHash);
  }
  await verifyPassword(password, await dummyHash);
  return false;
}

/** A password for a new account, shown once: 20 characters of base64url (120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/** The shortest password Courtyard accepts for a staff account. */
export const MIN_PASSWORD_LENGTH = Limits.passwordMin;
