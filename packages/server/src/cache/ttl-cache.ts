// A short-lived, bounded in-memory cache for public data every request needs (site lookups, site config).
// Concurrent lookups of one key share one load; a failed load is not cached. Each instance keeps its own,
// so a change is visible everywhere within `ttlMs`; `forget(key)` makes it visible on this instance at once.
export function ttlCache<K, V>(load: (key: K) => Promise<V>, options: { ttlMs: number; maxEntries: number }) {
  const entries = new Map<K, { expiresAt: number; value: Promise<V> }>();
  const lookup = (key: K): Promise<V> => {
    const now = Date.now();
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    entries.delete(key);
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as K);
    const value = load(key);
    entries.set(key, { expiresAt: now + options.ttlMs, value });
    value.catch(() => entries.delete(key));
    return value;
  };
  return Object.assign(lookup, { forget: (key: K) => void entries.delete(key) });
}
