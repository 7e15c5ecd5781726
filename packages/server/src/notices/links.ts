// Where a notice is read in public: the hosted page of the community's first site. Chat-group cards and the
// console link there, never to /admin.
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { sites } from '../db/schema.js';

/** The page of each notice of a community (one query for a whole list); null when it has no site. */
export async function noticePages(
  db: Executor,
  publicUrl: URL,
  communityId: string,
): Promise<(noticeId: string) => string | null> {
  const [site] = await db
    .select({ siteKey: sites.siteKey })
    .from(sites)
    .where(eq(sites.communityId, communityId))
    .orderBy(asc(sites.createdAt))
    .limit(1);
  return (noticeId) =>
    site ? new URL(`/p/${encodeURIComponent(site.siteKey)}/notices/${noticeId}`, publicUrl).toString() : null;
}
