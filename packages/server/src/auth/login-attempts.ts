// Sign-in attempts per client address, counted in memory per instance (the per-account lockout is in the
// database and so holds across instances). Addresses are kept only as the daily-salted fingerprint, never raw.
import { clientFingerprint } from '../plugins/rate-limits.js';

export class LoginAttempts {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #nextSweep = 0;

  constructor(
    private readonly secret: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts an attempt from `ip`; returns the seconds to wait when it is over the limit, else 0. */
  hit(ip: string, now = Date.now()): number {
    this.#sweep(now);
    const key = clientFingerprint(this.secret, ip, new Date(now));
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  #sweep(now: number) {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.windowMs;
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}
