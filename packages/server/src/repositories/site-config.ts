// What a site's widgets need to render: the community's names and settings, its active categories and its
// buildings with units. Only public columns are selected; households and people are never read here.
import type { SiteConfig } from '@courtyard/protocol';
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, categories, communities, units } from '../db/schema.js';
import { siteNotFound } from '../errors.js';
import type { PublicSite } from './sites.js';

// Ties in sortOrder fall back to natural order, so 2号楼 comes before 10号楼.
const naturalOrder = new Intl.Collator('zh-CN', { numeric: true });
const bySortOrderThenName = (a: { sortOrder: number; name: string }, b: { sortOrder: number; name: string }) =>
  a.sortOrder - b.sortOrder || naturalOrder.compare(a.name, b.name);

export async function loadSiteConfig(db: Executor, site: PublicSite): Promise<SiteConfig> {
  const [communityRows, categoryRows, buildingRows, unitRows] = await Promise.all([
    db
      .select({
        slug: communities.slug,
        names: communities.names,
        timeZone: communities.timeZone,
        defaultLanguage: communities.defaultLanguage,
      })
      .from(communities)
      .where(eq(communities.id, site.communityId)),
    db
      .select({ id: categories.id, slug: categories.slug, kind: categories.kind, names: categories.names })
      .from(categories)
      .where(and(eq(categories.communityId, site.communityId), eq(categories.active, true)))
      .orderBy(asc(categories.kind), asc(categories.sortOrder), asc(categories.slug)),
    db
      .select({ id: buildings.id, name: buildings.name, sortOrder: buildings.sortOrder })
      .from(buildings)
      .where(eq(buildings.communityId, site.communityId)),
    db
      .select({ id: units.id, buildingId: units.buildingId, name: units.name, sortOrder: units.sortOrder })
      .from(units)
      .where(eq(units.communityId, site.communityId)),
  ]);
  const community = communityRows[0];
  // Sites cascade with their community: a miss means both were just deleted (the site cache is seconds old).
  if (!community) throw siteNotFound();

  const unitsByBuilding = new Map<string, { id: string; name: string; sortOrder: number }[]>();
  for (const unit of unitRows) {
    const list = unitsByBuilding.get(unit.buildingId) ?? [];
    list.push(unit);
    unitsByBuilding.set(unit.buildingId, list);
  }
  return {
    siteKey: site.siteKey,
    community,
    categories: categoryRows,
    buildings: buildingRows.sort(bySortOrderThenName).map((building) => ({
      id: building.id,
      name: building.name,
      units: (unitsByBuilding.get(building.id) ?? [])
        .sort(bySortOrderThenName)
        .map((unit) => ({ id: unit.id, name: unit.name })),
    })),
    features: { suggestions: true, polls: true, repairs: true },
  };
}
