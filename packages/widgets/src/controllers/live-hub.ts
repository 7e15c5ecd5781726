// One EventSource per page and service for every widget (browsers allow six connections per host): the
// hub holds the union of the topics widgets subscribe to, and reopens the stream with the new union and
// the last event id seen whenever it changes. Drops reconnect with exponential backoff and jitter.
// EventSource cannot send headers, so the last event id also travels as the `lastEventId` query parameter.
import type { CourtyardClient } from '../api/client.js';

/** One live update as widgets see it. */
export interface LiveEvent {
  id: string;
  topic: string;
  type: string;
  payload: unknown;
}

export type LiveListener = (event: LiveEvent) => void;

interface Subscription {
  topic: string;
  types: string[];
  listener: LiveListener;
}

const hubs = new Map<string, LiveHub>();

export class LiveHub {
  static for(client: CourtyardClient): LiveHub {
    const hub = hubs.get(client.base) ?? new LiveHub(client);
    hubs.set(client.base, hub);
    return hub;
  }

  /** The id of the last event received, sent on every reopen so nothing is missed. */
  lastEventId?: string;
  #source?: EventSource;
  readonly #subscriptions = new Set<Subscription>();
  #openTopics = '';
  #reopenTimer?: ReturnType<typeof setTimeout>;
  #failures = 0;

  readonly #client: CourtyardClient;

  constructor(client: CourtyardClient) {
    this.#client = client;
  }

  /** Topics currently on the stream, sorted. */
  get topics(): string[] {
    return [...new Set([...this.#subscriptions].map((subscription) => subscription.topic))].sort();
  }

  /** Listens to `topic` (e.g. `poll:ID`); `types` are the named SSE events wanted besides `message`. */
  subscribe(topic: string, listener: LiveListener, types: string[] = []): () => void {
    const subscription = { topic, types, listener };
    this.#subscriptions.add(subscription);
    this.#scheduleReopen(0);
    return () => {
      this.#subscriptions.delete(subscription);
      this.#scheduleReopen(0);
    };
  }

  /** Closes the stream (tests; a page unloading closes it anyway). */
  close(): void {
    clearTimeout(this.#reopenTimer);
    this.#source?.close();
    this.#source = undefined;
    this.#openTopics = '';
  }

  #scheduleReopen(delayMs: number): void {
    clearTimeout(this.#reopenTimer);
    // Batches subscriptions made in the same task (several widgets connecting) into one reopen.
    this.#reopenTimer = setTimeout(() => this.#reopen(), delayMs);
  }

  #reopen(force = false): void {
    const topics = this.topics;
    const key = topics.join(',');
    if (!force && key === this.#openTopics && this.#source) return;
    this.#source?.close();
    this.#source = undefined;
    this.#openTopics = key;
    if (topics.length === 0) return;

    const source = new EventSource(this.#client.eventsUrl(topics, this.lastEventId));
    this.#source = source;
    const deliver = (event: MessageEvent<string>) => this.#deliver(event);
    source.addEventListener('message', deliver);
    for (const type of new Set([...this.#subscriptions].flatMap((subscription) => subscription.types))) {
      source.addEventListener(type, deliver);
    }
    source.onopen = () => {
      this.#failures = 0;
    };
    source.onerror = () => {
      // The browser retries by itself while CONNECTING; once CLOSED it has given up, so we reopen.
      if (source.readyState !== EventSource.CLOSED || this.#source !== source) return;
      this.#failures += 1;
      const delay = Math.min(30_000, 1000 * 2 ** (this.#failures - 1)) * (0.5 + Math.random() / 2);
      this.#openTopics = '';
      this.#scheduleReopen(delay);
    };
  }

  #deliver(event: MessageEvent<string>): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    let data: { topic?: string; type?: string; payload?: unknown };
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    const live: LiveEvent = {
      id: event.lastEventId,
      topic: data.topic ?? '',
      type: data.type ?? event.type,
      payload: data.payload ?? data,
    };
    for (const subscription of this.#subscriptions) {
      if (subscription.topic === live.topic) subscription.listener(live);
    }
  }
}
