// Browser-side helpers for tests that talk to the real Courtyard test server (support/courtyard-plugins.mjs).
import { executeServerCommand } from '@web/test-runner-commands';

interface TestService {
  url: string;
  siteKey: string;
  /** A site that asks every write for a proof of work. */
  proofSiteKey: string;
  /** A site whose allowed origins do not include the test page's. */
  refusedSiteKey: string;
  community: { 'zh-CN': string; en: string };
}

export const service = (window as unknown as { __COURTYARD_TEST__: TestService }).__COURTYARD_TEST__;

export const NOTES_PATH = '/widget-fixtures/notes';
export const notesUrl = () => `${service.url}/api/v1/sites/${service.siteKey}${NOTES_PATH}`;

/** What the server saw for a note: rows stored under `name`, and requests that reached it with `key`. */
export async function serverSaw(name: string, key = ''): Promise<{ rows: number; attempts: number }> {
  const query = new URLSearchParams({ name, key });
  const response = await fetch(`${notesUrl()}?${query}`);
  return response.json();
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${crypto.randomUUID().slice(0, 8)}`;
}

export function setOffline(offline: boolean): Promise<unknown> {
  return executeServerCommand('set-offline', { offline });
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A JSON request to the site's API sent by the test runner's process: it gets through while the page is offline. */
export async function serviceRequest<Body>(path: string, body?: unknown): Promise<Body> {
  const answer = (await executeServerCommand('service-request', { path, body })) as { status: number; body: Body };
  if (answer.status >= 300) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
