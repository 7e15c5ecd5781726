// One EventSource per page and service for every widget (browsers allow six connections per host): the
// hub holds the union of the topics widgets subscribe to, and reopens the stream with the new union and
// the last event id seen whenever it changes. Any error closes the stream and reopens it with exponential
// backoff and jitter (the browser's own retry is a fixed delay, which a whole town's pages would hammer a
// recovering server with). EventSource cannot send headers, so the last event id travels as the
// `lastEventId` query parameter and the server replays what was missed.
import type { CourtyardClient } from '../api/client.js';

/** One live update as widgets see it; `resync` (type) means more was missed than a replay carries. */
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

  /** The latest event id received, sent on every reopen so nothing is missed. */
  lastEventId?: string;
  #source?: EventSource;
  readonly #subscriptions = new Set<Subscription>();
  /** Topics and event types of the open stream. */
  #openKey = '';
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

  /**
   * Listens to `topic` (e.g. `poll:ID`); `types` are the named SSE events the stream must carry besides
   * `message`. The listener hears every event on the topic, including types other widgets asked for, and
   * `resync`: refetch the topic's state.
   */
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
    this.#openKey = '';
  }

  #scheduleReopen(delayMs: number): void {
    clearTimeout(this.#reopenTimer);
    // Batches subscriptions made in the same task (several widgets connecting) into one reopen.
    this.#reopenTimer = setTimeout(() => this.#reopen(), delayMs);
  }

  #reopen(): void {
    const topics = this.topics;
    const types = new Set(['resync', ...[...this.#subscriptions].flatMap((subscription) => subscription.types)]);
    // A new event type needs a listener too, so it reopens like a new topic.
    const key = `${topics} ${[...types]}`;
    if (key === this.#openKey && this.#source) return;
    this.close();
    if (topics.length === 0) return;

    const source = new EventSource(this.#client.eventsUrl(topics, this.lastEventId));
    this.#source = source;
    this.#openKey = key;
    const deliver = (event: MessageEvent<string>) => this.#deliver(event);
    source.addEventListener('message', deliver);
    for (const type of types) source.addEventListener(type, deliver);
    source.onopen = () => {
      this.#failures = 0;
    };
    source.onerror = () => {
      source.close();
      this.#failures += 1;
      this.#scheduleReopen(Math.min(30_000, 1000 * 2 ** (this.#failures - 1)) * (0.5 + Math.random() / 2));
      this.#openKey = '';
    };
  }

  #deliver(event: MessageEvent<string>): void {
    const id = event.lastEventId;
    // Opaque: each id says how far the stream has got, so the latest is the one to resume from.
    if (id) this.lastEventId = id;
    let data: { topic?: string; topics?: string[]; type?: string; payload?: unknown };
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    const live: LiveEvent = {
      id,
      topic: data.topic ?? '',
      type: data.type ?? event.type,
      payload: data.payload ?? data,
    };
    for (const subscription of this.#subscriptions) {
      // `resync` names every topic it concerns.
      if (subscription.topic === live.topic || data.topics?.includes(subscription.topic)) subscription.listener(live);
    }
  }
}
