// Webhook event names and formats: shared by the server's schemas and the console's screen.

/** What an endpoint can subscribe to; each is fed by the platform's events table. */
export const WEBHOOK_EVENTS = [
  'suggestion.created',
  'suggestion.published',
  'suggestion.answered',
  'repair.created',
  'repair.updated',
  'repair.confirmed',
  'poll.opened',
  'poll.closed',
  'notice.published',
  'notice.updated',
  'notice.closed',
  'topic.changed',
  'meeting.scheduled',
  'decision.recorded',
  'rota.gap',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `json`: signed Standard Webhooks JSON; the others: a chat group bot's incoming-webhook message. */
export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** URLs are at most this long. */
export const WEBHOOK_URL_MAX = 2000;
