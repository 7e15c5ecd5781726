// Sites: the public key a page embeds and the origins allowed to use it.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { sites } from '../db/schema.js';

/** What the public API needs to know about a site; nothing here is secret or personal. */
export interface PublicSite {
  id: string;
  siteKey: string;
  communityId: string;
  allowedOrigins: string[];
  allowLocalhost: boolean;
}

export async function findSiteByKey(db: Executor, siteKey: string): Promise<PublicSite | undefined> {
  const [row] = await db
    .select({
      id: sites.id,
      siteKey: sites.siteKey,
      communityId: sites.communityId,
      allowedOrigins: sites.allowedOrigins,
      allowLocalhost: sites.allowLocalhost,
    })
    .from(sites)
    .where(eq(sites.siteKey, siteKey))
    .limit(1);
  return row;
}
