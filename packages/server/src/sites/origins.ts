// What an allowed origin may be: exactly what a browser sends in `Origin` (scheme://host[:port]), because
// tenancy compares origins as strings. Shared by the CLI and the staff API so both refuse the same things.
import { Limits } from '@courtyard/protocol';

/** Why `value` is not an exact origin, in one plain sentence; undefined when it is one. */
export function originProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > Limits.origin) return `an origin is 1 to ${Limits.origin} characters`;
  // URL parsing accepts "*" in a host name; a wildcard would never match a browser's Origin.
  if (value.includes('*')) return 'wildcards are not allowed; list each origin exactly';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not a URL; write an origin such as https://www.example.org';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'it must start with https:// or http://';
  if (url.origin !== value) {
    return `it must be an exact origin with no path, query, user or trailing slash (did you mean ${url.origin}?)`;
  }
  return undefined;
}

/** More than this is a list nobody can review; a community with that many pages should group them. */
export const MAX_ORIGINS_PER_SITE = 50;

/** Why `origin` cannot join a site's list (already there, or the list is full); undefined when it can. */
export function addOriginProblem(allowedOrigins: readonly string[], origin: string): string | undefined {
  if (allowedOrigins.includes(origin)) return 'This origin is already allowed for the site.';
  if (allowedOrigins.length >= MAX_ORIGINS_PER_SITE) return `A site may allow at most ${MAX_ORIGINS_PER_SITE} origins.`;
  return undefined;
}
