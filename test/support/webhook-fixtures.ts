// Webhook endpoints made through the real repository, and a wait for deliveries to settle.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../packages/server/src/db/database.js';
import { webhookAttempts, webhookDeliveries } from '../../packages/server/src/db/schema.js';
import { insertEndpoint, type WebhookEndpointRow } from '../../packages/server/src/repositories/webhooks.js';
import { newSigningSecret } from '../../packages/server/src/webhooks/secret.js';

export async function makeEndpoint(
  db: Executor,
  values: { communityId: string; url: string; events: string[]; format?: WebhookEndpointRow['format'] },
): Promise<WebhookEndpointRow> {
  return insertEndpoint(db, { name: 'test', format: 'json', secret: newSigningSecret(), ...values });
}

export async function deliveriesOf(db: Executor, endpointId: string) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

export async function attemptsOf(db: Executor, deliveryId: string) {
  const rows = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId));
  return rows.sort((a, b) => a.attempt - b.attempt);
}

/** Waits until every delivery of the endpoint has left `pending` (and at least `count` exist). */
export async function settled(app: FastifyInstance, endpointId: string, count = 1, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await deliveriesOf(app.db, endpointId);
    if (rows.length >= count && rows.every((row) => row.state !== 'pending')) return rows;
    if (Date.now() > deadline) {
      throw new Error(`deliveries not settled: ${JSON.stringify(rows.map((row) => [row.state, row.attempts]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
