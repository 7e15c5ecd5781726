// Where a notice is read in public: the hosted page of the community's first site. Chat-group cards and the
// console link there, never to /admin.
import type { Executor } from '../db/database.js';
import { findFirstSiteKey } from '../repositories/sites.js';

/** The page of each notice of a community (one query for a whole list); null when it has no site. */
export async function noticePages(
  db: Executor,
  publicUrl: URL,
  communityId: string,
): Promise<(noticeId: string) => string | null> {
  const siteKey = await findFirstSiteKey(db, communityId);
  return (noticeId) =>
    siteKey ? new URL(`/p/${encodeURIComponent(siteKey)}/notices/${noticeId}`, publicUrl).toString() : null;
}
