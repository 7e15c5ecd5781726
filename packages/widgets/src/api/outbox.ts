// The outbox: a write that fails on the network or gets 5xx/408/429 is kept (IndexedDB) with its
// Idempotency-Key and sent again later — with exponential backoff and jitter, never before Retry-After,
// at once on the `online` event and on the next page load. One tab sends at a time (Web Locks); the
// server's idempotency makes even an overlap harmless. A delivered entry is deleted at once, so contact
// details typed into a form leave the browser's store as soon as the server confirms. While a write proves
// work for a busy server (about a second), it is kept in the store too: a page closed meanwhile loses nothing.
import { ApiError, networkError } from './api-error.js';
import { type OnChecking, sendWrite, type UploadProgress, type WriteRequest, type WriteResult } from './client.js';
import { type OutboxEntry, type OutboxStore, openOutboxStore, SHARED_OUTBOX } from './outbox-store.js';

export type Transport = (
  request: WriteRequest,
  onProgress?: UploadProgress,
  onChecking?: OnChecking,
) => Promise<WriteResult>;

export interface OutboxOptions {
  /** IndexedDB database, Web Lock and BroadcastChannel name; tabs sharing a name share an outbox. */
  name?: string;
  transport?: Transport;
  /** First retry delay; each retry doubles it up to `maxDelayMs`, times a random 0.5–1 (jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  store?: OutboxStore;
}

export type SendOutcome = { kind: 'sent'; result: WriteResult } | { kind: 'queued'; retryAt: number };

/** Event details, in this tab and (through BroadcastChannel) in every other tab of the same outbox. */
export interface OutboxDelivered {
  idempotencyKey: string;
  result: WriteResult;
}
export interface OutboxFailed {
  idempotencyKey: string;
  status: number;
  code: ApiError['code'];
  message: string;
}

type Message = { type: 'delivered'; detail: OutboxDelivered } | { type: 'failed'; detail: OutboxFailed };

let shared: Outbox | undefined;

export class Outbox extends EventTarget {
  /** The page's outbox, used by every widget unless one is given its own. */
  static shared(): Outbox {
    shared ??= new Outbox();
    return shared;
  }

  readonly name: string;
  readonly #transport: Transport;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  #storeReady?: Promise<OutboxStore>;
  readonly #givenStore?: OutboxStore;
  #channel?: BroadcastChannel;
  #timer?: ReturnType<typeof setTimeout>;
  #flushing?: Promise<void>;
  #started = false;
  /** Keys of writes this tab is proving work for: kept in the store, not sent again by a flush meanwhile. */
  readonly #checking = new Set<string>();
  readonly #onOnline = () => void this.flush({ ignoreBackoff: true });

  constructor(options: OutboxOptions = {}) {
    super();
    this.name = options.name ?? SHARED_OUTBOX;
    this.#transport = options.transport ?? sendWrite;
    this.#baseDelayMs = options.baseDelayMs ?? 2000;
    this.#maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.#givenStore = options.store;
  }

  /** Listens for `online` and other tabs, and sends what an earlier page left. Safe to call many times. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    addEventListener('online', this.#onOnline);
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(this.name);
      this.#channel.onmessage = (event: MessageEvent<Message>) => this.#announce(event.data, false);
    }
    // A new page load retries at once, whatever the backoff said (Retry-After still holds).
    void this.flush({ ignoreBackoff: true });
  }

  stop(): void {
    this.#started = false;
    removeEventListener('online', this.#onOnline);
    this.#channel?.close();
    this.#channel = undefined;
    clearTimeout(this.#timer);
  }

  /**
   * Sends now; a retryable failure is kept and answered with `queued`, any other failure throws ApiError.
   * `onChecking` hears when the server asked for a proof of work and it is being solved.
   */
  async send(request: WriteRequest, onProgress?: UploadProgress, onChecking?: OnChecking): Promise<SendOutcome> {
    this.start();
    const key = request.idempotencyKey;
    const store = await this.#store();
    const entry: OutboxEntry = { ...request, createdAt: Date.now(), attempts: 1, nextAttemptAt: 0, notBefore: 0 };
    const keep = async () => {
      this.#checking.add(key);
      await store.put(entry);
      onChecking?.();
    };
    try {
      const result = await this.#transport(request, onProgress, keep);
      if (this.#checking.delete(key)) await store.delete(key);
      return { kind: 'sent', result };
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : networkError(caught);
      const kept = this.#checking.delete(key);
      if (!error.retryable) {
        if (kept) await store.delete(key);
        throw error;
      }
      this.#reschedule(entry, error, Date.now());
      await store.put(entry);
      this.#schedule();
      return { kind: 'queued', retryAt: Math.max(entry.nextAttemptAt, entry.notBefore) };
    }
  }

  /** Writes still waiting, oldest first. */
  async pending(): Promise<OutboxEntry[]> {
    return (await (await this.#store()).all()).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Sends every entry that is due, holding the outbox lock so no other tab sends at the same time. */
  flush(options: { ignoreBackoff?: boolean } = {}): Promise<void> {
    this.#flushing ??= this.#withLock(() => this.#sendDue(options.ignoreBackoff ?? false)).finally(() => {
      this.#flushing = undefined;
      this.#schedule();
    });
    return this.#flushing;
  }

  async #withLock(work: () => Promise<void>): Promise<void> {
    if (!navigator.locks) return work();
    // Waits while another tab sends, then finds what it delivered gone: skipping instead left an entry
    // to the backoff timer when the holder had read the store before that entry was added.
    await navigator.locks.request(`${this.name}:sender`, work);
  }

  async #sendDue(ignoreBackoff: boolean): Promise<void> {
    const store = await this.#store();
    for (const entry of await this.pending()) {
      if (!this.#started) return; // a stopped outbox (a page going away) sends nothing more
      const now = Date.now();
      if (this.#checking.has(entry.idempotencyKey)) continue;
      if (entry.notBefore > now || (!ignoreBackoff && entry.nextAttemptAt > now)) continue;
      try {
        const result = await this.#transport(entry);
        await store.delete(entry.idempotencyKey);
        this.#announce({ type: 'delivered', detail: { idempotencyKey: entry.idempotencyKey, result } }, true);
      } catch (caught) {
        const error = caught instanceof ApiError ? caught : networkError(caught);
        if (error.retryable) {
          entry.attempts += 1;
          this.#reschedule(entry, error, Date.now());
          await store.put(entry);
          if (error.status === 0) return; // still offline: the rest would fail the same way
          continue;
        }
        await store.delete(entry.idempotencyKey);
        const { status, code, message } = error;
        this.#announce(
          { type: 'failed', detail: { idempotencyKey: entry.idempotencyKey, status, code, message } },
          true,
        );
      }
    }
  }

  #reschedule(entry: OutboxEntry, error: ApiError, now: number): void {
    const backoff = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (entry.attempts - 1));
    entry.nextAttemptAt = now + backoff * (0.5 + Math.random() / 2);
    entry.notBefore = error.retryAfterMs === undefined ? 0 : now + error.retryAfterMs;
  }

  /** Wakes up when the earliest waiting entry is due. */
  async #schedule(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.#started) return;
    const entries = await this.pending();
    if (entries.length === 0) return;
    const due = Math.min(...entries.map((entry) => Math.max(entry.nextAttemptAt, entry.notBefore)));
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, due - Date.now()));
  }

  #announce(message: Message, broadcast: boolean): void {
    if (broadcast) this.#channel?.postMessage(message);
    this.dispatchEvent(new CustomEvent(message.type, { detail: message.detail }));
  }

  #store(): Promise<OutboxStore> {
    this.#storeReady ??= this.#givenStore ? Promise.resolve(this.#givenStore) : openOutboxStore(this.name);
    return this.#storeReady;
  }
}
