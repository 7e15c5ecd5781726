// Tenants made directly in a test database: a community, its sites, categories and buildings, and photos. Each call
// gets unique slugs and keys, so tests can share one database without stepping on each other.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../packages/server/src/db/database.js';
import {
  buildings,
  categories,
  communities,
  households,
  type LocalizedText,
  photos,
  sites,
  units,
} from '../../packages/server/src/db/schema.js';
import rateLimits from '../../packages/server/src/plugins/rate-limits.js';
import tenancy from '../../packages/server/src/plugins/tenancy.js';

const unique = () => randomBytes(4).toString('hex');

export async function createCommunity(
  db: Executor,
  values: { slug?: string; names?: LocalizedText; timeZone?: string; defaultLanguage?: 'zh-CN' | 'en' } = {},
) {
  const suffix = unique();
  const [community] = await db
    .insert(communities)
    .values({
      slug: `c-${suffix}`,
      names: { 'zh-CN': `测试社区 ${suffix}`, en: `Test community ${suffix}` },
      ...values,
    })
    .returning();
  return community!;
}

export async function createSite(
  db: Executor,
  values: {
    communityId: string;
    siteKey?: string;
    allowedOrigins?: string[];
    allowLocalhost?: boolean;
    proofOfWorkAlways?: boolean;
  },
) {
  const siteKey = values.siteKey ?? `site-${unique()}`;
  const [site] = await db
    .insert(sites)
    .values({ name: `Site ${siteKey}`, allowedOrigins: [], ...values, siteKey })
    .returning();
  return site!;
}

/** A community with one site; the common case for tests of the public API. */
export async function createCommunityWithSite(
  db: Executor,
  site: { allowedOrigins?: string[]; allowLocalhost?: boolean } = {},
) {
  const community = await createCommunity(db);
  return { community, site: await createSite(db, { communityId: community.id, ...site }) };
}

export async function createCategory(
  db: Executor,
  values: {
    communityId: string;
    kind: 'suggestion' | 'repair';
    slug?: string;
    names?: LocalizedText;
    sortOrder?: number;
    active?: boolean;
  },
) {
  const slug = values.slug ?? `cat-${unique()}`;
  const [category] = await db
    .insert(categories)
    .values({ names: { 'zh-CN': slug, en: slug }, ...values, slug })
    .returning();
  return category!;
}

/** A building with the named units (单元), each unit optionally with households (rooms). */
export async function createBuilding(
  db: Executor,
  values: {
    communityId: string;
    name: string;
    sortOrder?: number;
    units?: { name: string; sortOrder?: number; rooms?: string[] }[];
  },
) {
  const [building] = await db
    .insert(buildings)
    .values({ communityId: values.communityId, name: values.name, sortOrder: values.sortOrder ?? 0 })
    .returning();
  for (const unit of values.units ?? []) {
    const [row] = await db
      .insert(units)
      .values({
        communityId: values.communityId,
        buildingId: building!.id,
        name: unit.name,
        sortOrder: unit.sortOrder ?? 0,
      })
      .returning();
    for (const room of unit.rooms ?? []) {
      await db.insert(households).values({ communityId: values.communityId, unitId: row!.id, room });
    }
  }
  return building!;
}

/**
 * Registers test-only routes under /api/v1/sites/:siteKey behind the real tenancy and rate-limit plugins,
 * the way feature routes see them. Call from buildTestApp's `beforeReady`.
 */
export function registerPublicTestRoutes(
  app: FastifyInstance,
  routes: (scope: FastifyInstance) => Promise<void> | void,
) {
  app.register(
    async (scope) => {
      await scope.register(tenancy);
      await scope.register(rateLimits);
      await routes(scope);
    },
    { prefix: '/api/v1/sites/:siteKey' },
  );
}

/** A stored photo row (a few bytes stand for the image) owned by a submission of `ownerKind`. */
export async function createPhoto(
  db: Executor,
  input: { communityId: string; ownerKind: string; ownerId: string; public: boolean },
): Promise<string> {
  const [row] = await db
    .insert(photos)
    .values({ ...input, mime: 'image/webp', width: 1, height: 1, bytes: new Uint8Array([0x52, 0x49, 0x46, 0x46]) })
    .returning({ id: photos.id });
  return row!.id;
}
