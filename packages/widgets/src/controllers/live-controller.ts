// Subscribes a widget to its live topics (`poll:ID`, `repair:CODE`, one per shown notice) on the page's
// shared event stream while the widget is connected; changing `topic` moves the subscription. When the server says more was
// missed than it can replay (`resync`), `onResync` asks the widget to fetch the resource's state again.
import type { ReactiveController } from 'lit';
import type { CourtyardElement } from '../internal/courtyard-element.js';
import { type LiveEvent, LiveHub } from './live-hub.js';

export interface LiveOptions {
  /** The topic (or topics) to follow, read on every update; empty for none. */
  topic: () => string | string[];
  onEvent: (event: LiveEvent) => void;
  /** Events were missed that no replay carries: refetch what the widget shows. */
  onResync?: () => void;
  /** Named SSE event types wanted besides `message`. */
  types?: string[];
}

export class LiveController implements ReactiveController {
  /** The latest event received on the topic. */
  last?: LiveEvent;
  #unsubscribe: (() => void)[] = [];
  #subscribedTo = '';

  readonly #host: CourtyardElement;
  readonly #options: LiveOptions;

  constructor(host: CourtyardElement, options: LiveOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#follow(this.#options.topic());
  }

  hostUpdated(): void {
    this.#follow(this.#options.topic());
  }

  hostDisconnected(): void {
    this.#follow([]);
  }

  #follow(wanted: string | string[]): void {
    const client = this.#host.client;
    const topics = [wanted].flat().filter(Boolean);
    const id = topics.length && client ? `${client.base} ${topics}` : '';
    if (id === this.#subscribedTo) return;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#subscribedTo = id;
    this.#unsubscribe = id && client ? topics.map((topic) => this.#subscribe(client, topic)) : [];
  }

  #subscribe(client: NonNullable<CourtyardElement['client']>, topic: string): () => void {
    return LiveHub.for(client).subscribe(
      topic,
      (event) => {
        const { type } = event;
        if (type === 'resync') this.#options.onResync?.();
        // The shared stream also carries the types other widgets on the topic asked for.
        else if (type === 'message' || this.#options.types?.includes(type)) {
          this.last = event;
          this.#options.onEvent(event);
        }
        this.#host.requestUpdate();
      },
      this.#options.types,
    );
  }
}
