// Where a topic is read in public: its printable page on the community's first site.
import type { Executor } from '../db/database.js';
import { findFirstSiteKey } from '../repositories/sites.js';

export async function topicPages(
  db: Executor,
  publicUrl: URL,
  communityId: string,
): Promise<(topicId: string) => string | null> {
  const siteKey = await findFirstSiteKey(db, communityId);
  return (topicId) =>
    siteKey ? new URL(`/p/${encodeURIComponent(siteKey)}/topics/${topicId}`, publicUrl).toString() : null;
}
