// A community's buildings and units with how many households each has on record (for scope pickers).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, households, units } from '../db/schema.js';

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
