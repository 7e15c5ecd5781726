// Session tokens: 32 random bytes in the cookie, only their SHA-256 in the database, so a leaked
// staff_sessions table cannot be replayed as cookies.
import { createHash, randomBytes } from 'node:crypto';

export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A cookie value that could be one of ours (43 base64url characters); anything else is not looked up. */
export function looksLikeSessionToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
