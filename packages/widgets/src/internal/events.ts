import type { ClientErrorCode } from '../api/api-error.js';

/** The events every Courtyard widget fires; all bubble and cross shadow roots (composed). */
export interface CourtyardEventDetails {
  /** Before sending; cancelable (`preventDefault()` stops the submission). */
  'courtyard-submit': { idempotencyKey: string; body: unknown };
  /** The server stored it (now, or later from the outbox). `response` is the server's answer. */
  'courtyard-submitted': { idempotencyKey: string; response: unknown; replayed: boolean; fromOutbox: boolean };
  /** The server refused it, or loading failed; `code` is the protocol's error code. */
  'courtyard-error': { code: ClientErrorCode; status: number; message: string };
  /** Offline or the server was busy: saved in the browser and retried automatically. */
  'courtyard-queued': { idempotencyKey: string; retryAt: number };
}

export type CourtyardEventName = keyof CourtyardEventDetails;

declare global {
  interface GlobalEventHandlersEventMap {
    'courtyard-submit': CustomEvent<CourtyardEventDetails['courtyard-submit']>;
    'courtyard-submitted': CustomEvent<CourtyardEventDetails['courtyard-submitted']>;
    'courtyard-error': CustomEvent<CourtyardEventDetails['courtyard-error']>;
    'courtyard-queued': CustomEvent<CourtyardEventDetails['courtyard-queued']>;
  }
}
