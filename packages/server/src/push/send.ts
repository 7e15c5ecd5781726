// One Web Push message (RFC 8030): a POST of the encrypted body to the subscription's endpoint, with how long
// the push service may keep it (TTL) and how urgent it is, signed with VAPID. The webhooks' SSRF guard
// applies: an endpoint must be a public https server (tests allow a local receiver by a setting).
import { type AttemptResult, sendAttempt } from '../webhooks/send.js';
import { refusalOf } from '../webhooks/ssrf.js';
import { encryptPushMessage } from './encrypt.js';
import { type VapidKeys, vapidAuthorization } from './vapid.js';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  keys: VapidKeys;
  subject: string;
  allowPrivate: boolean;
  timeoutMs: number;
  /** Seconds the push service may hold the message for an offline device. */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

/** Why a push endpoint may not be used, or null: an https URL of a public host (http too when private is allowed). */
export function pushEndpointRefusal(endpoint: string, allowPrivate: boolean): string | null {
  const refusal = refusalOf(endpoint, allowPrivate);
  if (refusal) return refusal;
  if (!allowPrivate && !endpoint.startsWith('https://')) return 'a push endpoint must be https';
  return null;
}

export function sendPush(target: PushTarget, payload: object, options: PushOptions): Promise<AttemptResult> {
  const refusal = pushEndpointRefusal(target.endpoint, options.allowPrivate);
  if (refusal)
    return Promise.resolve({ statusCode: null, error: `refused: ${refusal}`, responseSnippet: null, durationMs: 0 });
  return sendAttempt({
    url: target.endpoint,
    body: encryptPushMessage(Buffer.from(JSON.stringify(payload)), target),
    headers: {
      'content-type': 'application/octet-stream',
      'content-encoding': 'aes128gcm',
      ttl: String(options.ttlSeconds),
      urgency: options.urgency,
      authorization: vapidAuthorization(options.keys, target.endpoint, options.subject),
    },
    timeoutMs: options.timeoutMs,
    allowPrivate: options.allowPrivate,
  });
}
