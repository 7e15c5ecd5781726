// Suggestions for the widget tests: sent through the public API, moderated through the real staff API
// (test/support/fixture-suggestion-routes.ts), and what the server stored.
import { service, serviceRequest } from './service.js';

/** Sends a suggestion through the public API and publishes it (with any other change) as staff; returns its id. */
export async function publish(text: string, change: Record<string, string> = {}): Promise<string> {
  const { id } = await send(text);
  await staff(id, { moderation: 'publish', ...change });
  return id;
}

export async function send(text: string): Promise<{ id: string; followCode: string }> {
  const response = await fetch(`${service.url}/api/v1/sites/${service.siteKey}/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ text }),
  });
  if (response.status !== 201) throw new Error(await response.text());
  return response.json();
}

/** A staff change (PATCH /admin/api/suggestions/:id) through a real staff session. */
export function staff(id: string, change: Record<string, string>): Promise<unknown> {
  return serviceRequest('/widget-fixtures/suggestions/staff', { id, change });
}

type Stored = { id: string; moderation: string; name: string | null; photos: number };

export async function stored(text: string): Promise<Stored[]> {
  const answer = await serviceRequest<{ rows: Stored[] }>(
    `/widget-fixtures/suggestions?text=${encodeURIComponent(text)}`,
  );
  return answer.rows;
}
