import type { ClientErrorCode } from '../api/api-error.js';

/** `courtyard-submit`: before sending; cancelable (`preventDefault()` stops the submission). */
export interface CourtyardSubmitDetail {
  idempotencyKey: string;
  /** What will be sent. */
  body: unknown;
}

/** `courtyard-submitted`: the server stored it (now, or later from the outbox). */
export interface CourtyardSubmittedDetail {
  idempotencyKey: string;
  /** The server's answer (each widget's reference says what it holds). */
  response: unknown;
  /** The server had already stored this request and answered its first response again. */
  replayed: boolean;
  /** Sent from the outbox after being queued. */
  fromOutbox: boolean;
}

/** `courtyard-error`: the server refused it, or loading failed. */
export interface CourtyardErrorDetail {
  /** One of the protocol's error codes, or `COURTYARD_NETWORK` when nothing reached the server. */
  code: ClientErrorCode;
  /** The HTTP status; 0 when the network failed. */
  status: number;
  message: string;
}

/** `courtyard-queued`: offline or the server was busy: saved in the browser and retried automatically. */
export interface CourtyardQueuedDetail {
  idempotencyKey: string;
  /** When the next attempt is due (epoch milliseconds). */
  retryAt: number;
}

/** The events every Courtyard widget fires; all bubble and cross shadow roots (composed). */
export interface CourtyardEventDetails {
  'courtyard-submit': CourtyardSubmitDetail;
  'courtyard-submitted': CourtyardSubmittedDetail;
  'courtyard-error': CourtyardErrorDetail;
  'courtyard-queued': CourtyardQueuedDetail;
}

export type CourtyardEventName = keyof CourtyardEventDetails;

declare global {
  interface GlobalEventHandlersEventMap {
    'courtyard-submit': CustomEvent<CourtyardSubmitDetail>;
    'courtyard-submitted': CustomEvent<CourtyardSubmittedDetail>;
    'courtyard-error': CustomEvent<CourtyardErrorDetail>;
    'courtyard-queued': CustomEvent<CourtyardQueuedDetail>;
  }
}
