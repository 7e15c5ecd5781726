// Helpers for suggestion tests: send through the public API, and publish/answer through the staff API,
// as a resident and a staff member would.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { staffRequest } from './staff-fixtures.js';

export { staffRequest };

export const VOTER_A = 'voterAvoterAvoterAvoterA';
export const VOTER_B = 'voterBvoterBvoterBvoterB';

export function submit(
  app: FastifyInstance,
  siteKey: string,
  body: unknown,
  key: string = randomUUID(),
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/sites/${siteKey}/suggestions`,
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function support(
  app: FastifyInstance,
  siteKey: string,
  id: string,
  voterToken: string,
  method: 'POST' | 'DELETE' = 'POST',
  key: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url: `/api/v1/sites/${siteKey}/suggestions/${id}/supports`,
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify({ voterToken }),
  });
}

/** Sends a suggestion and publishes it (optionally answering it) through the staff API; returns its id. */
export async function publishedSuggestion(
  app: FastifyInstance,
  siteKey: string,
  cookie: string,
  text: string,
  patch: Record<string, unknown> = {},
): Promise<{ id: string; followCode: string }> {
  const created = await submit(app, siteKey, { text });
  if (created.statusCode !== 201) throw new Error(created.body);
  const { id, followCode } = created.json();
  const published = await staffRequest(app, cookie, 'PATCH', `/admin/api/suggestions/${id}`, {
    moderation: 'publish',
    ...patch,
  });
  if (published.statusCode !== 200) throw new Error(published.body);
  return { id, followCode };
}
