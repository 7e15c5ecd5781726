// Webhook endpoints, deliveries and the delivery log, always scoped by community. Claiming due deliveries
// uses FOR UPDATE SKIP LOCKED, so instances polling at once each take different rows.
import { and, asc, desc, eq, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/database.js';
import {
  categories,
  communities,
  polls,
  repairRequests,
  suggestions,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from '../db/schema.js';
import type { CommunityRef, DeliveryData, Subject } from '../webhooks/event-data.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
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

export async function insertDeliveries(
  tx: Executor,
  rows: { communityId: string; endpointId: string; eventId: number | null; eventType: string; data: DeliveryData }[],
): Promise<WebhookDeliveryRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning();
}

export async function communityRef(tx: Executor, communityId: string): Promise<CommunityRef | undefined> {
  const [row] = await tx
    .select({
      id: communities.id,
      slug: communities.slug,
      names: communities.names,
      language: communities.defaultLanguage,
    })
    .from(communities)
    .where(eq(communities.id, communityId));
  return row;
}

/** A suggestion's text and state, or undefined (unknown, or marked spam: chat groups are not flooded with it). */
export async function suggestionSubject(tx: Executor, communityId: string, id: string): Promise<Subject | undefined> {
  const [row] = await tx
    .select({
      id: suggestions.id,
      text: suggestions.text,
      status: suggestions.status,
      moderation: suggestions.moderation,
      response: suggestions.response,
    })
    .from(suggestions)
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.id, id)));
  if (!row || row.moderation === 'spam') return undefined;
  return { kind: 'suggestion', ...row };
}

/** A repair's code, service, description and status: never its room, location or contact details. */
export async function repairSubject(
  tx: Executor,
  communityId: string,
  trackingCode: string,
  note: string | null,
): Promise<Subject | undefined> {
  const [row] = await tx
    .select({
      id: repairRequests.id,
      trackingCode: repairRequests.trackingCode,
      status: repairRequests.status,
      description: repairRequests.description,
      category: categories.names,
      spam: repairRequests.spam,
    })
    .from(repairRequests)
    .leftJoin(categories, eq(categories.id, repairRequests.categoryId))
    .where(and(eq(repairRequests.communityId, communityId), eq(repairRequests.trackingCode, trackingCode)));
  if (!row || row.spam) return undefined;
  const { spam: _spam, ...fields } = row;
  return { kind: 'repair', ...fields, note };
}

export async function pollSubject(tx: Executor, communityId: string, id: string): Promise<Subject | undefined> {
  const [row] = await tx
    .select({
      id: polls.id,
      title: polls.title,
      opensAt: polls.opensAt,
      closesAt: polls.closesAt,
      closedAt: polls.closedAt,
    })
    .from(polls)
    .where(and(eq(polls.communityId, communityId), eq(polls.id, id)));
  if (!row) return undefined;
  const closesAt = row.closedAt ?? row.closesAt;
  return {
    kind: 'poll',
    id: row.id,
    title: row.title,
    opensAt: new Date(row.opensAt).toISOString(),
    closesAt: closesAt ? new Date(closesAt).toISOString() : null,
  };
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
