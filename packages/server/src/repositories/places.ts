// A community's buildings and units with how many households each has on record (for scope pickers), and the
// names of the places a batch of rows points at.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, households, units } from '../db/schema.js';
import { unknownLocation } from '../errors.js';

/** The community's buildings (id and name), in their display order. */
export function listBuildings(db: Executor, communityId: string) {
  return db
    .select({ id: buildings.id, name: buildings.name })
    .from(buildings)
    .where(eq(buildings.communityId, communityId))
    .orderBy(asc(buildings.sortOrder), asc(buildings.name));
}

export async function listPlaces(db: Executor, communityId: string) {
  const buildingRows = await listBuildings(db, communityId);
  const unitRows = await db
    .select({
      id: units.id,
      buildingId: units.buildingId,
      name: units.name,
      households: sql<number>`count(${households.id})::int`,
      householdsWithArea: sql<number>`count(${households.floorArea})::int`,
    })
    .from(units)
    .leftJoin(households, and(eq(households.unitId, units.id), eq(households.communityId, communityId)))
    .where(eq(units.communityId, communityId))
    .groupBy(units.id, units.buildingId, units.name, units.sortOrder)
    .orderBy(asc(units.sortOrder), asc(units.name));
  return buildingRows.map((building) => ({
    ...building,
    units: unitRows
      .filter((unit) => unit.buildingId === building.id)
      .map(({ id, name, households, householdsWithArea }) => ({
        id,
        name,
        households: Number(households),
        householdsWithArea: Number(householdsWithArea),
      })),
  }));
}

/** The place a building or unit id names in this community: a unit answers its building too. */
export async function findPlace(
  db: Executor,
  communityId: string,
  place: { buildingId?: string; unitId?: string },
): Promise<{ buildingId: string; unitId: string | null } | undefined> {
  if (place.unitId) {
    const [row] = await db
      .select({ buildingId: units.buildingId })
      .from(units)
      .where(and(eq(units.communityId, communityId), eq(units.id, place.unitId)));
    if (!row || (place.buildingId && place.buildingId !== row.buildingId)) return undefined;
    return { buildingId: row.buildingId, unitId: place.unitId };
  }
  if (!place.buildingId) return undefined;
  const [row] = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.communityId, communityId), eq(buildings.id, place.buildingId)));
  return row ? { buildingId: row.id, unitId: null } : undefined;
}

/**
 * The place a public list's `building` / `unit` query names: none when neither is given; one the community
 * does not have is the resident's widget asking for a place that is not there (COURTYARD_UNKNOWN_LOCATION).
 */
export async function placeOfQuery(db: Executor, communityId: string, query: { building?: string; unit?: string }) {
  if (!query.building && !query.unit) return undefined;
  const place = await findPlace(db, communityId, {
    buildingId: query.building?.toLowerCase(),
    unitId: query.unit?.toLowerCase(),
  });
  if (!place) throw unknownLocation();
  return place;
}

/** A row that names a place: a building, a unit of it, or neither. */
export interface PlaceRef {
  buildingId: string | null;
  unitId: string | null;
}

/**
 * The building and unit names of a batch of rows (a list's notices or topics): at most two queries for the
 * whole batch, then a lookup per row. A name not found (or no place) is null.
 */
export async function placeNamesOf(db: Executor, rows: readonly PlaceRef[]) {
  const buildingIds = [...new Set(rows.flatMap((row) => (row.buildingId ? [row.buildingId] : [])))];
  const unitIds = [...new Set(rows.flatMap((row) => (row.unitId ? [row.unitId] : [])))];
  const buildingRows = buildingIds.length
    ? await db
        .select({ id: buildings.id, name: buildings.name })
        .from(buildings)
        .where(inArray(buildings.id, buildingIds))
    : [];
  const unitRows = unitIds.length
    ? await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))
    : [];
  const nameOf = (list: { id: string; name: string }[], id: string | null) =>
    id ? (list.find((entry) => entry.id === id)?.name ?? null) : null;
  return (row: PlaceRef) => ({
    buildingName: nameOf(buildingRows, row.buildingId),
    unitName: nameOf(unitRows, row.unitId),
  });
}
