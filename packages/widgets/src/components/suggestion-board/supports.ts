// Supporting a suggestion from this device (the board's button, the box's "support this instead?"). The
// server keeps one support per device by its voter token; this page remembers which ones it gave, so the
// button shows them pressed after a reload.
import type { SupportState } from '@courtyard/protocol';
import { sendWrite } from '../../api/client.js';
import { voterToken } from '../../api/voter-token.js';
import type { CourtyardElement } from '../../internal/courtyard-element.js';

const KEY = 'courtyard:supported:v1';

function remembered(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/** Whether this device supported `id` (as far as this browser remembers). */
export function isSupported(id: string): boolean {
  return remembered().has(id);
}

/** Adds or withdraws this device's support; resolves with the server's count. Throws ApiError. */
export async function setSupport(host: CourtyardElement, id: string, add: boolean): Promise<SupportState> {
  const client = host.client;
  if (!client) throw new Error('no site');
  const { body } = await sendWrite<SupportState>({
    url: client.url(`/suggestions/${encodeURIComponent(id)}/supports`),
    method: add ? 'POST' : 'DELETE',
    idempotencyKey: crypto.randomUUID(),
    json: { voterToken: voterToken() },
  });
  rememberSupport(id, add);
  return body;
}

/** Remembers on this device that it supported `id` (a suggestion or a topic), or no longer does. */
export function rememberSupport(id: string, add = true): void {
  const ids = remembered();
  if (add) ids.add(id);
  else ids.delete(id);
  try {
    localStorage.setItem(KEY, JSON.stringify([...ids].slice(-500)));
  } catch {
    // Storage blocked or full: the server still counts this device once.
  }
}
