// The webhook endpoints of the signed-in admin's community (/admin/api/webhooks).
import type {
  NewWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointChanges,
  WebhookEndpointCreated,
} from '@courtyard/protocol';
import { adminRequest } from './request.js';

export type { WebhookDelivery, WebhookEndpoint, WebhookEndpointCreated };

export async function listWebhooks(): Promise<WebhookEndpoint[]> {
  return (await adminRequest<{ items: WebhookEndpoint[] }>('GET', 'webhooks')).items;
}

export function getWebhook(id: string): Promise<WebhookEndpoint> {
  return adminRequest('GET', `webhooks/${encodeURIComponent(id)}`);
}

/** The answer carries the signing secret: the only time it is shown. */
export function createWebhook(body: NewWebhookEndpoint): Promise<WebhookEndpointCreated> {
  return adminRequest('POST', 'webhooks', body);
}

export function updateWebhook(id: string, changes: WebhookEndpointChanges): Promise<WebhookEndpoint> {
  return adminRequest('PATCH', `webhooks/${encodeURIComponent(id)}`, changes);
}

export function deleteWebhook(id: string): Promise<void> {
  return adminRequest('DELETE', `webhooks/${encodeURIComponent(id)}`);
}

export function sendTestEvent(id: string): Promise<WebhookDelivery> {
  return adminRequest('POST', `webhooks/${encodeURIComponent(id)}/test`);
}

export async function listDeliveries(id: string): Promise<WebhookDelivery[]> {
  return (
    await adminRequest<{ items: WebhookDelivery[] }>('GET', `webhooks/${encodeURIComponent(id)}/deliveries?limit=50`)
  ).items;
}
