// Tells this instance's site caches that a site changed (an origin added or removed), so a removed origin
// stops working here at once instead of after the cache's 5 s; other instances follow within that time.
export class SiteChanges {
  readonly #listeners = new Set<(siteKey: string) => void>();

  /** Calls `listener` with the key of every site that changes; returns the unsubscribe function. */
  subscribe(listener: (siteKey: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Announces a committed change to `siteKey`. */
  changed(siteKey: string): void {
    for (const listener of this.#listeners) listener(siteKey);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Site cache invalidation on this instance (see cache/site-changes.ts). */
    siteChanges: SiteChanges;
  }
}
