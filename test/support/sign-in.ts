// Staff sign-in through the real staff API, for every kind of test: in-process with the app's inject()
// (server tests), or over real HTTP at a server's address (e2e tests, benches). Either way the answer is the
// session cookie as a browser would send it back (`name=value`).
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

const path = '/admin/api/session';

/** The `name=value` part of the first Set-Cookie header, or '' when there is none. */
export function sessionCookie(setCookie: string | string[] | null | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return first ? (first.split(';')[0] as string) : '';
}

/** Signs in with inject(); answers the response (for tests of sign-in itself) and the cookie. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ response: LightMyRequestResponse; cookie: string }> {
  const response = await app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ email, password }),
  });
  return { response, cookie: sessionCookie(response.headers['set-cookie']) };
}

/** Signs in over HTTP from the server's own origin, as the console does; fails unless it answers 200. */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return sessionCookie(response.headers.get('set-cookie'));
}
