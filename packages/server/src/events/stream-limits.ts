// Open event streams are counted per client and in total, on this instance: each holds a socket (a file
// descriptor) and a little memory for as long as the page is open, so without a cap one address could hold
// as many as it liked. A client is the rate limiter's keyed fingerprint of its address (an IPv6 /64 counts
// once), never the address itself. The per-client cap is generous: a whole building may share one address,
// and each of its pages needs one stream. Each instance counts its own streams; n instances hold n times
// the caps in all.
import type { StreamLimitConfig } from '../config.js';

/** Past a cap, how long a client is told to wait (seconds): streams last as long as pages stay open. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

export class StreamLimits {
  readonly #byClient = new Map<string, number>();
  #open = 0;

  constructor(private readonly limits: StreamLimitConfig) {}

  get open(): number {
    return this.#open;
  }

  /**
   * Counts a new stream of `client`. Answers the function that uncounts it (once, however often it is
   * called), or which cap it is past.
   */
  take(client: string): { release: () => void } | { refused: 'client' | 'total' } {
    const held = this.#byClient.get(client) ?? 0;
    if (held >= this.limits.perClient) return { refused: 'client' };
    if (this.#open >= this.limits.total) return { refused: 'total' };
    this.#byClient.set(client, held + 1);
    this.#open++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#open--;
        const left = (this.#byClient.get(client) ?? 1) - 1;
        if (left > 0) this.#byClient.set(client, left);
        else this.#byClient.delete(client);
      },
    };
  }
}
