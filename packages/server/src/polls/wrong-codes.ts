// Wrong ballot codes per client address, counted in memory per instance: with 50-bit codes, a few dozen
// guesses per window make guessing hopeless while a household that mistypes a few times is not locked out.
// Addresses are kept only as a keyed hash.
import { clientFingerprint } from '../plugins/rate-limits.js';

export const WRONG_CODE_LIMIT = 20;
export const WRONG_CODE_WINDOW_MS = 10 * 60_000;

export class WrongCodeCounter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly secret: string,
    private readonly limit = WRONG_CODE_LIMIT,
    private readonly windowMs = WRONG_CODE_WINDOW_MS,
  ) {}

  /** Seconds this address must wait before trying another code; 0 when it may. */
  waitSeconds(ip: string, now = Date.now()): number {
    const window = this.#windows.get(clientFingerprint(this.secret, ip));
    if (!window || window.resetAt <= now || window.count < this.limit) return 0;
    return Math.ceil((window.resetAt - now) / 1000);
  }

  fail(ip: string, now = Date.now()): void {
    if (this.#windows.size > 50_000) for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
    const key = clientFingerprint(this.secret, ip);
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
  }
}
