// The signed modes of chat-group bots, applied to each attempt (their timestamps must be fresh):
// - DingTalk 加签 (https://open.dingtalk.com/document/robots/customize-robot-security-settings): `timestamp`
//   (ms) and `sign` = base64(HMAC-SHA256(key: secret, "timestamp\nsecret")) in the URL's query.
// - Feishu 签名校验 (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): `timestamp` (s) and
//   `sign` = base64(HMAC-SHA256(key: "timestamp\nsecret", empty message)) in the JSON body.
import { createHmac } from 'node:crypto';
import type { WebhookFormat } from '@courtyard/protocol';

/** The formats that take a bot secret. */
export const SIGNED_BOT_FORMATS: readonly WebhookFormat[] = ['dingtalk', 'feishu'];

export function dingtalkSign(secret: string, timestampMs: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(secret: string, timestampSeconds: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The URL and body to send; unchanged when the endpoint has no bot secret or its format signs nothing. */
export function signForBot(
  format: WebhookFormat,
  botSecret: string | null,
  request: { url: string; body: string },
  now: Date,
): { url: string; body: string } {
  if (!botSecret) return request;
  if (format === 'dingtalk') {
    const timestamp = String(now.getTime());
    const url = new URL(request.url);
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('sign', dingtalkSign(botSecret, timestamp));
    return { url: url.toString(), body: request.body };
  }
  if (format === 'feishu') {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const body = { timestamp, sign: feishuSign(botSecret, timestamp), ...(JSON.parse(request.body) as object) };
    return { url: request.url, body: JSON.stringify(body) };
  }
  return request;
}
