// Setting a community up: the community itself, its sites, categories and buildings (with units and
// households). Used by the CLI and the demo seed; day-to-day lookups live in their own repositories.
import { asc, count, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, categories, communities, households, type LocalizedText, sites, units } from '../db/schema.js';

export type Language = 'zh-CN' | 'en';

export interface Community {
  id: string;
  slug: string;
  names: LocalizedText;
  timeZone: string;
  defaultLanguage: Language;
}

export interface NewCommunity {
  slug: string;
  names: LocalizedText;
  timeZone: string;
  defaultLanguage: Language;
}

const communityColumns = {
  id: communities.id,
  slug: communities.slug,
  names: communities.names,
  timeZone: communities.timeZone,
  defaultLanguage: communities.defaultLanguage,
};

export async function createCommunity(tx: Executor, input: NewCommunity): Promise<Community> {
  const [row] = await tx.insert(communities).values(input).returning(communityColumns);
  return row as Community;
}

export async function findCommunityBySlug(db: Executor, slug: string): Promise<Community | undefined> {
  const [row] = await db.select(communityColumns).from(communities).where(eq(communities.slug, slug)).limit(1);
  return row;
}

export async function findCommunityById(db: Executor, id: string): Promise<Community | undefined> {
  const [row] = await db.select(communityColumns).from(communities).where(eq(communities.id, id)).limit(1);
  return row;
}

export async function listCommunities(db: Executor): Promise<Community[]> {
  return db.select(communityColumns).from(communities).orderBy(asc(communities.slug));
}

export async function countCommunities(db: Executor): Promise<number> {
  const [row] = await db.select({ value: count() }).from(communities);
  return Number(row?.value ?? 0);
}

export interface SiteSetup {
  id: string;
  communityId: string;
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  allowLocalhost: boolean;
}

export async function createSite(tx: Executor, input: Omit<SiteSetup, 'id'>): Promise<SiteSetup> {
  const [row] = await tx.insert(sites).values(input).returning({
    id: sites.id,
    communityId: sites.communityId,
    siteKey: sites.siteKey,
    name: sites.name,
    allowedOrigins: sites.allowedOrigins,
    allowLocalhost: sites.allowLocalhost,
  });
  return row as SiteSetup;
}

export async function listSites(
  db: Executor,
  communityId?: string,
): Promise<(SiteSetup & { communitySlug: string })[]> {
  const query = db
    .select({
      id: sites.id,
      communityId: sites.communityId,
      communitySlug: communities.slug,
      siteKey: sites.siteKey,
      name: sites.name,
      allowedOrigins: sites.allowedOrigins,
      allowLocalhost: sites.allowLocalhost,
    })
    .from(sites)
    .innerJoin(communities, eq(communities.id, sites.communityId));
  return (communityId ? query.where(eq(sites.communityId, communityId)) : query).orderBy(
    asc(communities.slug),
    asc(sites.siteKey),
  );
}

export interface NewCategory {
  kind: 'suggestion' | 'repair';
  slug: string;
  names: LocalizedText;
}

/** Adds categories in the given order (their sort order is their position). */
export async function addCategories(tx: Executor, communityId: string, list: NewCategory[]): Promise<void> {
  if (list.length === 0) return;
  await tx.insert(categories).values(list.map((category, index) => ({ ...category, communityId, sortOrder: index })));
}

export interface NewBuilding {
  name: string;
  units: { name: string; households: { room: string; floor: number; floorArea: string }[] }[];
}

/** Adds buildings with their units and households, in the given order. */
export async function addBuildings(tx: Executor, communityId: string, list: NewBuilding[]): Promise<void> {
  for (const [buildingIndex, building] of list.entries()) {
    const [buildingRow] = await tx
      .insert(buildings)
      .values({ communityId, name: building.name, sortOrder: buildingIndex })
      .returning({ id: buildings.id });
    for (const [unitIndex, unit] of building.units.entries()) {
      const [unitRow] = await tx
        .insert(units)
        .values({ communityId, buildingId: buildingRow!.id, name: unit.name, sortOrder: unitIndex })
        .returning({ id: units.id });
      if (unit.households.length > 0) {
        await tx
          .insert(households)
          .values(unit.households.map((household) => ({ ...household, communityId, unitId: unitRow!.id })));
      }
    }
  }
}
