// Renders a delivery as the body its endpoint expects. Rendering is a pure function of the stored delivery,
// so every retry sends the same body under the same `webhook-id`.
import type { WebhookFormat } from '@courtyard/protocol';
import type { DeliveryData } from '../event-data.js';
import { dingtalkMessage } from './dingtalk.js';
import { feishuMessage } from './feishu.js';
import { jsonMessage } from './json.js';
import { slackMessage } from './slack.js';
import { wecomMessage } from './wecom.js';

export interface RenderInput {
  /** Webhook event name, e.g. `repair.created`, or `webhook.test`. */
  type: string;
  /** When the event happened. */
  createdAt: Date;
  data: DeliveryData;
  publicUrl: URL;
}

const renderers: Record<WebhookFormat, (input: RenderInput) => unknown> = {
  json: jsonMessage,
  wecom: wecomMessage,
  dingtalk: dingtalkMessage,
  feishu: feishuMessage,
  slack: slackMessage,
};

export function renderBody(format: WebhookFormat, input: RenderInput): string {
  return JSON.stringify(renderers[format](input));
}

/**
 * Group bots answer HTTP 200 even when they reject a message, with the reason in the body: WeCom and DingTalk
 * `{"errcode": 0}` on success, Feishu `{"code": 0}`. Returns the bot's complaint, or null when it accepted.
 */
export function botRefusal(format: WebhookFormat, responseSnippet: string | null): string | null {
  if (format === 'json' || format === 'slack' || !responseSnippet) return null;
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(responseSnippet) as Record<string, unknown>;
  } catch {
    return null;
  }
  const code = format === 'feishu' ? (answer.code ?? answer.StatusCode) : answer.errcode;
  if (code === undefined || code === 0) return null;
  const message = format === 'feishu' ? (answer.msg ?? answer.StatusMessage) : answer.errmsg;
  return `bot refused the message: ${String(code)} ${String(message ?? '')}`.trim();
}
