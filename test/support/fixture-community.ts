// Communities and sites made directly in a test database, for tests of shared server pieces that need
// a tenant but are not about how tenants are created.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../packages/server/src/db/database.js';
import { communities, sites } from '../../packages/server/src/db/schema.js';

export interface FixtureSite {
  communityId: string;
  siteId: string;
  siteKey: string;
}

export async function createCommunityWithSite(
  db: Db,
  options: { allowedOrigins?: string[]; allowLocalhost?: boolean } = {},
): Promise<FixtureSite> {
  const suffix = randomBytes(4).toString('hex');
  const [community] = await db
    .insert(communities)
    .values({ slug: `c-${suffix}`, names: { 'zh-CN': `测试社区 ${suffix}`, en: `Test ${suffix}` } })
    .returning({ id: communities.id });
  const siteKey = `site-${suffix}`;
  const [site] = await db
    .insert(sites)
    .values({
      communityId: community!.id,
      siteKey,
      name: `Site ${suffix}`,
      allowedOrigins: options.allowedOrigins ?? ['https://www.example.org'],
      allowLocalhost: options.allowLocalhost ?? false,
    })
    .returning({ id: sites.id });
  return { communityId: community!.id, siteId: site!.id, siteKey };
}
