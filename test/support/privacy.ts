// Checks that public answers carry no personal data look for short strings such as a room number ("501").
// Ids, times, nonces and hashes are random and may hold such a string by chance (a UUID, a time's
// milliseconds), so they are taken out before looking.

/** The text with ISO times and every run of 16 or more id-like characters (UUIDs, nonces, hashes) replaced. */
export function withoutRandomParts(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})/g, '<time>')
    .replace(/[A-Za-z0-9+/=_-]{16,}/g, '<token>');
}
