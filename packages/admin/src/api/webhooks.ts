// The webhook endpoints of the signed-in admin's community (/admin/api/webhooks).
import type {
  NewWebhook,
  PatchWebhook,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookList,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type {
  Webhook as WebhookEndpoint,
  WebhookCreated as WebhookEndpointCreated,
  WebhookDelivery,
} from '@courtyard/protocol/schemas';

export async function listWebhooks(): Promise<Webhook[]> {
  return (await adminRequest<WebhookList>('GET', 'webhooks')).items;
}

export function getWebhook(id: string): Promise<Webhook> {
  return adminRequest('GET', `webhooks/${encodeURIComponent(id)}`);
}

/** The answer carries the signing secret: the only time it is shown. */
export function createWebhook(body: NewWebhook): Promise<WebhookCreated> {
  return adminRequest('POST', 'webhooks', body);
}

export function updateWebhook(id: string, changes: PatchWebhook): Promise<Webhook> {
  return adminRequest('PATCH', `webhooks/${encodeURIComponent(id)}`, changes);
}

export function deleteWebhook(id: string): Promise<void> {
  return adminRequest('DELETE', `webhooks/${encodeURIComponent(id)}`);
}

export function sendTestEvent(id: string): Promise<WebhookDelivery> {
  return adminRequest('POST', `webhooks/${encodeURIComponent(id)}/test`);
}

export async function listDeliveries(id: string): Promise<WebhookDelivery[]> {
  return (await adminRequest<WebhookDeliveryList>('GET', `webhooks/${encodeURIComponent(id)}/deliveries?limit=50`))
    .items;
}
