// The webhook delivery queue and its log, always scoped by community: deliveries are rows, claimed with
// FOR UPDATE SKIP LOCKED so instances polling at once each take different rows, and each attempt is kept.
import { and, asc, desc, eq, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/database.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../db/schema.js';
import type { DeliveryData } from '../webhooks/event-data.js';
import type { WebhookEndpointRow } from './webhooks.js';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

export async function insertDeliveries(
  tx: Executor,
  rows: { communityId: string; endpointId: string; eventId: number | null; eventType: string; data: DeliveryData }[],
): Promise<WebhookDeliveryRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning();
}

export interface ClaimedDelivery {
  delivery: WebhookDeliveryRow;
  endpoint: WebhookEndpointRow;
}

/**
 * Takes up to `limit` due deliveries for this worker: counts the attempt and moves `nextAttemptAt` past the
 * lease, in one transaction. Rows another instance holds are skipped; a claim whose worker died becomes due
 * again when the lease ends (the same `webhook-id`, the next attempt number).
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
    const endpoints = await tx
      .select()
      .from(webhookEndpoints)
      .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((row) => row.endpointId))]));
    const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    return claimed.flatMap((delivery) => {
      const endpoint = byId.get(delivery.endpointId);
      return endpoint ? [{ delivery, endpoint }] : [];
    });
  });
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  responseSnippet: string | null;
  durationMs: number;
  /** delivered, retried after `retryInMs` (by the database clock, like claims), failed for good, or skipped. */
  state: 'delivered' | 'pending' | 'failed' | 'skipped';
  retryInMs: number | null;
  /** What the delivery said, kept at its first attempt so every retry says the same. */
  data: DeliveryData | null;
}

/**
 * Logs attempt `attempt` and moves the delivery on. Only the worker holding that attempt may: when a lease
 * ran out and another instance took the row, the late result is logged but does not move the delivery.
 */
export async function recordAttempt(
  db: Db,
  deliveryId: string,
  attempt: number,
  outcome: AttemptOutcome,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(webhookAttempts)
      .values({
        deliveryId,
        attempt,
        statusCode: outcome.statusCode,
        error: outcome.error,
        responseSnippet: outcome.responseSnippet,
        durationMs: outcome.durationMs,
      })
      .onConflictDoNothing();
    await tx
      .update(webhookDeliveries)
      .set({
        state: outcome.state,
        ...(outcome.data
          ? { data: sql`coalesce(${webhookDeliveries.data}, ${JSON.stringify(outcome.data)}::jsonb)` }
          : {}),
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        ...(outcome.retryInMs === null
          ? {}
          : { nextAttemptAt: sql`now() + ${outcome.retryInMs} * interval '1 millisecond'` }),
        ...(outcome.state === 'delivered' ? { deliveredAt: sql`now()` } : {}),
      })
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.attempts, attempt),
          eq(webhookDeliveries.state, 'pending'),
        ),
      );
  });
}

export async function listDeliveries(
  db: Executor,
  communityId: string,
  endpointId: string,
  limit: number,
): Promise<(WebhookDeliveryRow & { log: WebhookAttemptRow[] })[]> {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.communityId, communityId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(
      inArray(
        webhookAttempts.deliveryId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(webhookAttempts.attempt));
  return rows.map((row) => ({ ...row, log: attempts.filter((entry) => entry.deliveryId === row.id) }));
}

/** Deletes finished deliveries (and their log) older than `retentionMs`; returns how many. */
export async function purgeDeliveries(db: Executor, retentionMs: number): Promise<number> {
  const deleted = await db
    .delete(webhookDeliveries)
    .where(
      and(ne(webhookDeliveries.state, 'pending'), lt(webhookDeliveries.createdAt, new Date(Date.now() - retentionMs))),
    )
    .returning({ id: webhookDeliveries.id });
  return deleted.length;
}
