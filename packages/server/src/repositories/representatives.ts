// Residents' representatives (no login): role, building/unit and a display name. No phone is stored.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, representatives, units } from '../db/schema.js';

export type RepresentativeRow = typeof representatives.$inferSelect & {
  buildingName: string | null;
  unitName: string | null;
};

const columns = {
  id: representatives.id,
  communityId: representatives.communityId,
  role: representatives.role,
  buildingId: representatives.buildingId,
  unitId: representatives.unitId,
  displayName: representatives.displayName,
  createdAt: representatives.createdAt,
  buildingName: buildings.name,
  unitName: units.name,
};

const withPlaces = (db: Executor) =>
  db
    .select(columns)
    .from(representatives)
    .innerJoin(buildings, eq(buildings.id, representatives.buildingId))
    .leftJoin(units, eq(units.id, representatives.unitId));

export async function insertRepresentative(
  tx: Executor,
  values: Omit<typeof representatives.$inferInsert, 'id' | 'createdAt'>,
): Promise<RepresentativeRow> {
  const [row] = await tx.insert(representatives).values(values).returning({ id: representatives.id });
  return (await findRepresentative(tx, values.communityId, (row as { id: string }).id)) as RepresentativeRow;
}

export async function findRepresentative(db: Executor, communityId: string, id: string) {
  const [row] = await withPlaces(db).where(
    and(eq(representatives.communityId, communityId), eq(representatives.id, id)),
  );
  return row;
}

export async function deleteRepresentative(tx: Executor, id: string) {
  await tx.delete(representatives).where(eq(representatives.id, id));
}

/** The community's representatives, by building, oldest first (pages pick those of their place). */
export async function listRepresentatives(db: Executor, communityId: string): Promise<RepresentativeRow[]> {
  return withPlaces(db)
    .where(eq(representatives.communityId, communityId))
    .orderBy(asc(buildings.sortOrder), asc(buildings.name), asc(representatives.createdAt));
}
