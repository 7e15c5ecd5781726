// Webhook endpoints for admins: add (the signing secret is in that response only), list, change, turn on or
// off, delete, send a test event, and read the delivery log. Every change is audited; never the secret.

import type { WebhookFormat } from '@courtyard/protocol';
import {
  ErrorResponse,
  NewWebhook,
  PatchWebhook,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookList,
  WebhookParams,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import type { Executor } from '../../db/database.js';
import { conflict, notFound, validation, webhookTargetRefused } from '../../errors.js';
import { currentStaff, requireRole, staffActor } from '../../plugins/staff-auth.js';
import { findPlace } from '../../repositories/places.js';
import {
  insertDeliveries,
  listDeliveries,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
} from '../../repositories/webhook-deliveries.js';
import { communityRef } from '../../repositories/webhook-subjects.js';
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  updateEndpoint,
  type WebhookEndpointRow,
} from '../../repositories/webhooks.js';
import { SIGNED_BOT_FORMATS } from '../../webhooks/bot-signing.js';
import { TEST_EVENT } from '../../webhooks/event-data.js';
import { newSigningSecret } from '../../webhooks/secret.js';
import { refusalOf } from '../../webhooks/ssrf.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['staff', 'webhooks'];
const security = [{ staffSession: [] }];
const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

function present(row: WebhookEndpointRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format,
    events: row.events,
    enabled: row.enabled,
    scope: row.scopeBuildingId ? { buildingId: row.scopeBuildingId, unitId: row.scopeUnitId } : null,
    botSigned: row.botSecret !== null,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** What the audit log keeps of an endpoint: everything but the secret. */
function audited(row: WebhookEndpointRow) {
  const {
    id: _id,
    communityId: _community,
    secret: _secret,
    botSecret,
    createdAt: _created,
    updatedAt: _updated,
    ...fields
  } = row;
  return { ...fields, botSecret: botSecret === null ? null : 'set' };
}

function presentDelivery(row: WebhookDeliveryRow & { log: WebhookAttemptRow[] }) {
  return {
    id: row.id,
    eventType: row.eventType,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? iso(row.nextAttemptAt) : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: iso(row.deliveredAt),
    createdAt: new Date(row.createdAt).toISOString(),
    log: row.log.map((entry) => ({
      attempt: entry.attempt,
      statusCode: entry.statusCode,
      error: entry.error,
      responseSnippet: entry.responseSnippet,
      durationMs: entry.durationMs,
      at: new Date(entry.createdAt).toISOString(),
    })),
  };
}

/** An endpoint's scope as columns: its building or unit must be this community's (else 400, nothing written). */
async function endpointScope(
  db: Executor,
  communityId: string,
  scope: { buildingId?: string; unitId?: string } | null | undefined,
): Promise<{ scopeBuildingId: string | null; scopeUnitId: string | null }> {
  if (!scope) return { scopeBuildingId: null, scopeUnitId: null };
  const place = await findPlace(db, communityId, {
    buildingId: scope.buildingId?.toLowerCase(),
    unitId: scope.unitId?.toLowerCase(),
  });
  if (!place) throw validation('body.scope names no building or unit of this community (or the unit is not in it).');
  return { scopeBuildingId: place.buildingId, scopeUnitId: place.unitId };
}

/** Only DingTalk and Feishu bots check signatures; a secret elsewhere would be a mistake kept silently. */
function checkBotSecret(format: WebhookFormat, botSecret: string | null) {
  if (botSecret && !SIGNED_BOT_FORMATS.includes(format)) {
    throw validation('body.botSecret is for dingtalk and feishu endpoints only (send botSecret: null to remove it).');
  }
}

export default async function webhookRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const checkUrl = (url: string) => {
    const refusal = refusalOf(url, app.config.webhooks.allowPrivate);
    if (refusal) throw webhookTargetRefused(refusal);
  };

  app.get(
    '/webhooks',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: "The community's webhook endpoints (never their secrets)",
        response: { 200: WebhookList, ...errors },
      },
    },
    async (request) => ({ items: (await listEndpoints(app.db, currentStaff(request).communityId)).map(present) }),
  );

  app.post(
    '/webhooks',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'Add a webhook endpoint; its signing secret is in this response only',
        description:
          '`format`: json (signed Standard Webhooks JSON, the default), wecom, dingtalk, feishu or slack (a chat group bot). The URL must be public http(s). `scope` (a building or unit) routes notices and repairs of that place only; `botSecret` turns on DingTalk 加签 or Feishu 签名校验 (docs/notifications.md).',
        body: NewWebhook,
        response: { 201: WebhookCreated, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const body = request.body;
      checkUrl(body.url);
      checkBotSecret(body.format ?? 'json', body.botSecret ?? null);
      const secret = newSigningSecret();
      const row = await app.db.transaction(async (tx) => {
        const place = await endpointScope(tx, actor.communityId, body.scope);
        const created = await insertEndpoint(tx, {
          ...place,
          botSecret: body.botSecret ?? null,
          communityId: actor.communityId,
          name: body.name.trim(),
          url: body.url,
          format: body.format ?? 'json',
          events: body.events,
          enabled: body.enabled ?? true,
          secret,
        });
        await audit(tx, actor, 'webhook.created', { type: 'webhook', id: created.id }, null, audited(created));
        return created;
      });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ ...present(row), secret });
    },
  );

  app.get(
    '/webhooks/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'One webhook endpoint',
        params: WebhookParams,
        response: { 200: Webhook, ...errors },
      },
    },
    async (request) => {
      const row = await findEndpoint(app.db, currentStaff(request).communityId, request.params.id.toLowerCase());
      if (!row) throw notFound('The webhook');
      return present(row);
    },
  );

  app.patch(
    '/webhooks/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'Change, turn on or turn off a webhook endpoint',
        description: 'Deliveries still waiting for a turned-off endpoint are marked failed at their next attempt.',
        params: WebhookParams,
        body: PatchWebhook,
        response: { 200: Webhook, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const body = request.body;
      if (body.url !== undefined) checkUrl(body.url);
      return app.db.transaction(async (tx) => {
        const id = request.params.id.toLowerCase();
        const before = await findEndpoint(tx, actor.communityId, id);
        if (!before) throw notFound('The webhook');
        const { scope, ...fields } = body;
        const after = await updateEndpoint(tx, actor.communityId, id, {
          ...fields,
          ...(body.name === undefined ? {} : { name: body.name.trim() }),
          ...(scope === undefined ? {} : await endpointScope(tx, actor.communityId, scope)),
        });
        if (!after) throw notFound('The webhook');
        checkBotSecret(after.format, after.botSecret);
        const changed = Object.keys(body).flatMap((key) =>
          key === 'scope' ? ['scopeBuildingId', 'scopeUnitId'] : [key],
        ) as (keyof ReturnType<typeof audited>)[];
        const pick = (row: WebhookEndpointRow) => Object.fromEntries(changed.map((key) => [key, audited(row)[key]]));
        await audit(tx, actor, 'webhook.updated', { type: 'webhook', id }, pick(before), pick(after));
        return present(after);
      });
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: WebhookParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      await app.db.transaction(async (tx) => {
        const id = request.params.id.toLowerCase();
        const before = await findEndpoint(tx, actor.communityId, id);
        if (!before || !(await deleteEndpoint(tx, actor.communityId, id))) throw notFound('The webhook');
        await audit(tx, actor, 'webhook.deleted', { type: 'webhook', id }, audited(before), null);
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: 'Send a test event to this endpoint now',
        description: 'Queued like any delivery (signed, retried, logged); the answer is the delivery to watch.',
        params: WebhookParams,
        response: { 202: WebhookDelivery, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const delivery = await app.db.transaction(async (tx) => {
        const endpoint = await findEndpoint(tx, actor.communityId, request.params.id.toLowerCase());
        if (!endpoint) throw notFound('The webhook');
        if (!endpoint.enabled) throw conflict('Turn the webhook on before sending a test event.');
        const community = await communityRef(tx, actor.communityId);
        if (!community) throw notFound('The community');
        const [row] = await insertDeliveries(tx, [
          {
            communityId: actor.communityId,
            endpointId: endpoint.id,
            eventId: null,
            eventType: TEST_EVENT,
            data: { community, subject: { kind: 'test' } },
          },
        ]);
        await audit(tx, actor, 'webhook.tested', { type: 'webhook', id: endpoint.id });
        return row as WebhookDeliveryRow;
      });
      app.webhooks.wake();
      return reply.code(202).send(presentDelivery({ ...delivery, log: [] }));
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        security,
        summary: "An endpoint's latest deliveries, newest first, each with its attempts and response codes",
        params: WebhookParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryList, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const id = request.params.id.toLowerCase();
      if (!(await findEndpoint(app.db, communityId, id))) throw notFound('The webhook');
      const rows = await listDeliveries(app.db, communityId, id, request.query.limit ?? 50);
      return { items: rows.map(presentDelivery) };
    },
  );
}
