// Submitting a form: fires `courtyard-submit` (cancelable), sends with one Idempotency-Key per
// submission (kept across retries of the same content), and tracks pending / queued / sent / error.
// Offline or a busy server: the outbox keeps it, the element says so and fires `courtyard-queued`;
// when the outbox delivers it (in this tab or another), the element fires `courtyard-submitted`. A very
// busy server may first ask for a proof of work, which takes a second or so: still `pending`, `checking`.
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { ApiError, networkError } from '../api/api-error.js';
import type { FormField, WriteRequest, WriteResult } from '../api/client.js';
import type { Outbox, OutboxDelivered, OutboxFailed } from '../api/outbox.js';
import { loadedSharedOutbox, prepareOutbox, sharedOutbox } from '../api/shared-outbox.js';
import type { CourtyardElement } from '../internal/courtyard-element.js';

export type SubmissionState = 'idle' | 'pending' | 'queued' | 'sent' | 'error';

export interface Submission {
  /** Path under the site, e.g. `/suggestions`. */
  path: string;
  /** POST unless given (e.g. DELETE to stop following a notice or give up a rota day). */
  method?: WriteRequest['method'];
  json?: unknown;
  form?: FormField[];
}

export class SubmissionController<Response = unknown> implements ReactiveController {
  state: SubmissionState = 'idle';
  /** The server's answer once sent. */
  response?: Response;
  /** Why it failed, when `state` is `error`. */
  error?: ApiError;
  /** Upload progress 0–1 while a multipart submission is sending. */
  progress?: number;
  /** While `pending`: the device is proving work for a busy server before the write is sent again. */
  checking = false;
  /** The key of the submission in flight or waiting; kept for a retry of the same content. */
  idempotencyKey?: string;

  #last?: { submission: Submission; fingerprint: string };
  #watched?: Outbox;
  readonly #onDelivered = (event: Event) => {
    const { idempotencyKey, result } = (event as CustomEvent<OutboxDelivered>).detail;
    if (idempotencyKey === this.idempotencyKey && this.state === 'queued') this.#sent(result, true);
  };
  readonly #onFailed = (event: Event) => {
    const { idempotencyKey, status, code, message } = (event as CustomEvent<OutboxFailed>).detail;
    if (idempotencyKey === this.idempotencyKey && this.state === 'queued')
      this.#failed(new ApiError(status, code, message));
  };

  readonly #host: CourtyardElement;

  constructor(host: CourtyardElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#watch(this.#host.outbox ?? loadedSharedOutbox());
    // The shared outbox's code arrives while the resident fills the form, before any network trouble.
    this.#host.addEventListener('focusin', prepareOutbox, { once: true });
  }

  hostDisconnected(): void {
    this.#watch(undefined);
    this.#host.removeEventListener('focusin', prepareOutbox);
  }

  /** Listens to the outbox in use now (a host may swap its `outbox`) for this submission's delivery. */
  #watch(outbox: Outbox | undefined): void {
    if (outbox === this.#watched) return;
    this.#watched?.removeEventListener('delivered', this.#onDelivered);
    this.#watched?.removeEventListener('failed', this.#onFailed);
    this.#watched = outbox;
    outbox?.addEventListener('delivered', this.#onDelivered);
    outbox?.addEventListener('failed', this.#onFailed);
  }

  /** Sends `submission`; resolves when it is sent, queued or refused (see `state`). */
  async submit(submission: Submission): Promise<void> {
    if (this.state === 'pending') return;
    const client = this.#host.client;
    if (!client) return this.#failed(new ApiError(0, 'COURTYARD_SITE_NOT_FOUND', 'No site key.'));
    // The same content keeps its key, so a retry after an unclear failure is never written twice.
    // A photo counts by what identifies it (JSON alone would write every Blob as `{}`, so another photo
    // with the same text would reuse the key and the server would refuse it as a different request).
    const fingerprint = JSON.stringify(
      [submission.method, submission.path, submission.json, submission.form],
      (_, value) =>
        value instanceof Blob ? [value.size, value.type, (value as File).name, (value as File).lastModified] : value,
    );
    const key =
      this.#last?.fingerprint === fingerprint && this.idempotencyKey ? this.idempotencyKey : crypto.randomUUID();
    const body = submission.json ?? submission.form;
    if (this.#host.emit('courtyard-submit', { idempotencyKey: key, body }).defaultPrevented) return;

    this.#last = { submission, fingerprint };
    this.idempotencyKey = key;
    // Before the update, so a second upload's bar does not start at the last one's 100%.
    this.progress = submission.form ? 0 : undefined;
    this.#update('pending');
    const request = client.write(submission.path, submission, key);
    try {
      // Offline before the shared outbox could load: an error like any network failure (the form keeps its text).
      const outbox = this.#host.outbox ?? (await sharedOutbox());
      this.#watch(outbox);
      const outcome = await outbox.send(
        request,
        (fraction) => {
          this.progress = fraction;
          this.#host.requestUpdate();
        },
        () => {
          this.checking = true;
          this.#host.requestUpdate();
        },
      );
      if (outcome.kind === 'sent') return this.#sent(outcome.result, false);
      this.#update('queued');
      this.#host.emit('courtyard-queued', { idempotencyKey: key, retryAt: outcome.retryAt });
    } catch (caught) {
      this.#failed(caught instanceof ApiError ? caught : networkError(caught));
    }
  }

  /** Sends the last submission again with the same key. */
  retry(): Promise<void> {
    return this.#last ? this.submit(this.#last.submission) : Promise.resolve();
  }

  /** Back to a fresh form: the next submission gets a new key. */
  reset(): void {
    this.#last = undefined;
    this.idempotencyKey = undefined;
    this.response = undefined;
    this.error = undefined;
    this.#update('idle');
  }

  /**
   * The status line every form shows: upload progress, "sending", "saved, will send", or the error (an
   * alert); nothing when idle or sent.
   */
  status(): TemplateResult | typeof nothing {
    const host = this.#host;
    const { state, error, progress } = this;
    if (state === 'pending' && progress !== undefined) {
      const percent = host.formatNumber(progress, { style: 'percent' });
      return html`<label part="status" class="status" role="status"
        >${host.t('uploading', { percent })}<progress part="progress" max="100" value=${Math.round(progress * 100)}></progress
      ></label>`;
    }
    const text =
      state === 'pending'
        ? host.t(this.pendingText)
        : state === 'queued'
          ? host.t('queued')
          : state === 'error'
            ? host.errorText(error!.code)
            : '';
    return text
      ? html`<p part="status" class="status ${state}" role=${state === 'error' ? 'alert' : 'status'}>${text}</p>`
      : nothing;
  }

  #sent(result: WriteResult, fromOutbox: boolean): void {
    this.response = result.body as Response;
    this.error = undefined;
    this.#update('sent');
    this.#host.emit('courtyard-submitted', {
      idempotencyKey: this.idempotencyKey!,
      response: result.body,
      replayed: result.replayed,
      fromOutbox,
    });
  }

  #failed(error: ApiError): void {
    this.error = error;
    this.#update('error');
    this.#host.emit('courtyard-error', { code: error.code, status: error.status, message: error.message });
  }

  /** What a widget says while pending: checking (proving work for a busy server), else sending. */
  get pendingText(): 'checking' | 'sending' {
    return this.checking ? 'checking' : 'sending';
  }

  #update(state: SubmissionState): void {
    this.state = state;
    this.checking = false;
    this.#host.requestUpdate();
  }
}
