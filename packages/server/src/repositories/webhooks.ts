// Webhook endpoints, always scoped by community. Their deliveries and the delivery log are in
// webhook-deliveries.ts; what a delivery says about its subject, in webhook-subjects.ts.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { webhookEndpoints } from '../db/schema.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type NewWebhookEndpoint = Pick<
  WebhookEndpointRow,
  'communityId' | 'name' | 'url' | 'format' | 'events' | 'secret'
> &
  Partial<Pick<WebhookEndpointRow, 'enabled' | 'scopeBuildingId' | 'scopeUnitId' | 'botSecret'>>;
export type WebhookEndpointChanges = Partial<
  Pick<
    WebhookEndpointRow,
    'name' | 'url' | 'format' | 'events' | 'enabled' | 'scopeBuildingId' | 'scopeUnitId' | 'botSecret'
  >
>;

export async function listEndpoints(db: Executor, communityId: string): Promise<WebhookEndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.communityId, communityId))
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

export async function findEndpoint(
  db: Executor,
  communityId: string,
  id: string,
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.communityId, communityId), eq(webhookEndpoints.id, id)));
  return row;
}

export async function insertEndpoint(tx: Executor, values: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
  const [row] = await tx.insert(webhookEndpoints).values(values).returning();
  return row as WebhookEndpointRow;
}

export async function updateEndpoint(
  tx: Executor,
  communityId: string,
  id: string,
  changes: WebhookEndpointChanges,
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.communityId, communityId), eq(webhookEndpoints.id, id)))
    .returning();
  return row;
}

export async function deleteEndpoint(tx: Executor, communityId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.communityId, communityId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}
