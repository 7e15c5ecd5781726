// Webhook endpoints and their delivery log (staff API, admins only).
// The event names and formats are in ../webhooks.ts (browser-safe, for the console).
import { type Static, Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, WEBHOOK_URL_MAX } from '../webhooks.js';
import { Id, IsoDateTime, Text } from './common.js';

const EventName = Type.Union(WEBHOOK_EVENTS.map((name) => Type.Literal(name)));
const Format = Type.Union(WEBHOOK_FORMATS.map((name) => Type.Literal(name)));
const Url = Text(WEBHOOK_URL_MAX, { minLength: 8, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'http(s) URL' });
const Events = Type.Array(EventName, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
/** Only what concerns this place: a building, or a unit (its building is implied). */
const Scope = Type.Union(
  [
    Type.Object(
      { buildingId: Type.Optional(Id), unitId: Type.Optional(Id) },
      { additionalProperties: false, minProperties: 1 },
    ),
    Type.Null(),
  ],
  {
    description:
      'Routes place-bound events (notices, repairs) of one building or unit only; community-wide notices still come. null: everything.',
  },
);
/** The bot's own signing secret (DingTalk 加签 `SEC…`, Feishu 签名校验), never shown again. */
const BotSecret = Type.Union([Text(200, { minLength: 1, pattern: '^[\\x21-\\x7e]+$' }), Type.Null()], {
  description: 'DingTalk and Feishu bots with signing on: the secret the bot settings show. null: unsigned.',
});

export const NewWebhook = Type.Object(
  {
    name: Text(Limits.shortText, { minLength: 1 }),
    url: Url,
    format: Type.Optional(Format),
    events: Events,
    enabled: Type.Optional(Type.Boolean()),
    scope: Type.Optional(Scope),
    botSecret: Type.Optional(BotSecret),
  },
  { additionalProperties: false },
);
export type NewWebhook = Static<typeof NewWebhook>;

export const PatchWebhook = Type.Object(
  {
    name: Type.Optional(Text(Limits.shortText, { minLength: 1 })),
    url: Type.Optional(Url),
    format: Type.Optional(Format),
    events: Type.Optional(Events),
    enabled: Type.Optional(Type.Boolean()),
    scope: Type.Optional(Scope),
    botSecret: Type.Optional(BotSecret),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchWebhook = Static<typeof PatchWebhook>;

export const WebhookParams = Type.Object({ id: Id }, { additionalProperties: false });

export const Webhook = Type.Object({
  id: Id,
  name: Type.String(),
  url: Type.String(),
  format: Format,
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  scope: Type.Union([
    Type.Object({ buildingId: Type.Union([Id, Type.Null()]), unitId: Type.Union([Id, Type.Null()]) }),
    Type.Null(),
  ]),
  /** Whether a bot signing secret is set (the secret itself is never sent back). */
  botSigned: Type.Boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Webhook = Static<typeof Webhook>;

/** Only the create response carries the signing secret. */
export const WebhookCreated = Type.Object({ ...Webhook.properties, secret: Type.String() });
export type WebhookCreated = Static<typeof WebhookCreated>;
export const WebhookList = Type.Object({ items: Type.Array(Webhook) });
export type WebhookList = Static<typeof WebhookList>;

export const WebhookAttempt = Type.Object({
  attempt: Type.Integer(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  responseSnippet: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
  at: IsoDateTime,
});
export type WebhookAttempt = Static<typeof WebhookAttempt>;

export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'The `webhook-id` header of every attempt' }),
  eventType: Type.String(),
  state: Type.Union(
    [Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('skipped')],
    {
      description: '`skipped`: nothing to announce by then (the item was marked spam or deleted)',
    },
  ),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
  log: Type.Array(WebhookAttempt),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveryList = Type.Object({ items: Type.Array(WebhookDelivery) });
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>;

export const WebhookDeliveryQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>;
