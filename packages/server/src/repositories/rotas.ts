// Duty rotas, their household codes, duties (a household on a day) and swaps. Every read and write is scoped
// by community or by a rota already found in it; a rota's writes lock its row first so that sign-ups for its
// last places go one after another.
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import {
  buildings,
  communities,
  households,
  rotaDuties,
  rotaHouseholdCodes,
  rotaSwaps,
  rotas,
  units,
} from '../db/schema.js';

export type RotaRow = typeof rotas.$inferSelect;
export type NewRotaRow = Omit<typeof rotas.$inferInsert, 'createdAt' | 'closedAt'>;
export type RotaSwapRow = typeof rotaSwaps.$inferSelect;

/** A rota with its place's names and its community's time zone (whose calendar its days follow). */
export interface RotaWithPlace extends RotaRow {
  buildingName: string;
  unitName: string | null;
  timeZone: string;
}

/** A household on duty, with the room everyone may see when it chose no name ("1单元 501"). */
export interface DutyRow {
  id: string;
  day: string;
  householdId: string;
  room: string;
  unitName: string;
  displayName: string | null;
  deviceHash: string;
  doneAt: Date | null;
  photoId: string | null;
}

const rotaColumns = {
  id: rotas.id,
  communityId: rotas.communityId,
  title: rotas.title,
  buildingId: rotas.buildingId,
  unitId: rotas.unitId,
  floorFrom: rotas.floorFrom,
  floorTo: rotas.floorTo,
  tasks: rotas.tasks,
  weekdays: rotas.weekdays,
  perDay: rotas.perDay,
  requireCode: rotas.requireCode,
  closedAt: rotas.closedAt,
  createdBy: rotas.createdBy,
  createdAt: rotas.createdAt,
  buildingName: buildings.name,
  unitName: units.name,
  timeZone: communities.timeZone,
};

const selectRotas = (db: Executor) =>
  db
    .select(rotaColumns)
    .from(rotas)
    .innerJoin(buildings, eq(buildings.id, rotas.buildingId))
    .innerJoin(communities, eq(communities.id, rotas.communityId))
    .leftJoin(units, eq(units.id, rotas.unitId));

export async function insertRota(tx: Executor, values: NewRotaRow): Promise<RotaRow> {
  const [row] = await tx.insert(rotas).values(values).returning();
  return row as RotaRow;
}

export async function findRota(db: Executor, communityId: string, id: string): Promise<RotaWithPlace | undefined> {
  const [row] = await selectRotas(db).where(and(eq(rotas.communityId, communityId), eq(rotas.id, id)));
  return row;
}

/**
 * The rota, locked until the transaction ends: its sign-ups, swaps and staff's changes go one at a time, so
 * two households cannot both take a day's last place.
 */
export async function lockRota(tx: Executor, communityId: string, id: string): Promise<RotaWithPlace | undefined> {
  const [locked] = await tx
    .select({ id: rotas.id })
    .from(rotas)
    .where(and(eq(rotas.communityId, communityId), eq(rotas.id, id)))
    .for('update');
  return locked ? findRota(tx, communityId, id) : undefined;
}

/** A community's rotas, newest first; with a building or unit, those of that place (a building's include its units'). */
export async function listRotas(
  db: Executor,
  communityId: string,
  filter: { buildingId?: string; unitId?: string; openOnly?: boolean } = {},
): Promise<RotaWithPlace[]> {
  return selectRotas(db)
    .where(
      and(
        eq(rotas.communityId, communityId),
        filter.buildingId ? eq(rotas.buildingId, filter.buildingId) : undefined,
        filter.unitId ? sql`(${rotas.unitId} is null or ${rotas.unitId} = ${filter.unitId})` : undefined,
        filter.openOnly ? isNull(rotas.closedAt) : undefined,
      ),
    )
    .orderBy(desc(rotas.createdAt), desc(rotas.id))
    .limit(200);
}

export async function updateRota(
  tx: Executor,
  id: string,
  changes: Partial<
    Pick<RotaRow, 'title' | 'tasks' | 'weekdays' | 'floorFrom' | 'floorTo' | 'perDay' | 'requireCode' | 'closedAt'>
  >,
): Promise<void> {
  await tx.update(rotas).set(changes).where(eq(rotas.id, id));
}

/** The households a rota covers: its unit's (or its building's), within its floors. */
const coveredHouseholds = (rota: RotaRow) =>
  and(
    eq(households.communityId, rota.communityId),
    rota.unitId ? eq(households.unitId, rota.unitId) : eq(units.buildingId, rota.buildingId),
    rota.floorFrom !== null ? gte(households.floor, rota.floorFrom) : undefined,
    rota.floorTo !== null ? lte(households.floor, rota.floorTo) : undefined,
  );

/** The household of `room` (in `unitId`, or the rota's unit) if the rota covers it. */
export async function findCoveredHousehold(
  db: Executor,
  rota: RotaRow,
  place: { unitId: string | undefined; room: string },
): Promise<{ id: string; room: string; unitName: string } | undefined> {
  const unitId = rota.unitId ?? place.unitId;
  if (!unitId) return undefined;
  const [row] = await db
    .select({ id: households.id, room: households.room, unitName: units.name })
    .from(households)
    .innerJoin(units, eq(units.id, households.unitId))
    .where(and(coveredHouseholds(rota), eq(households.unitId, unitId), eq(households.room, place.room)));
  return row;
}

export async function listCoveredHouseholds(
  db: Executor,
  rota: RotaRow,
): Promise<{ id: string; room: string; unitName: string }[]> {
  return db
    .select({ id: households.id, room: households.room, unitName: units.name })
    .from(households)
    .innerJoin(units, eq(units.id, households.unitId))
    .where(coveredHouseholds(rota))
    .orderBy(asc(units.sortOrder), asc(units.name), asc(households.floor), asc(households.room));
}

/** Replaces every household code of a rota (a reissue makes the old sheet worthless). */
export async function replaceHouseholdCodes(
  tx: Executor,
  rotaId: string,
  codes: { householdId: string; codeHmac: string }[],
): Promise<void> {
  await tx.delete(rotaHouseholdCodes).where(eq(rotaHouseholdCodes.rotaId, rotaId));
  if (codes.length > 0) await tx.insert(rotaHouseholdCodes).values(codes.map((code) => ({ rotaId, ...code })));
}

export async function householdCodeMatches(
  db: Executor,
  rotaId: string,
  householdId: string,
  codeHmac: string,
): Promise<boolean> {
  const [row] = await db
    .select({ rotaId: rotaHouseholdCodes.rotaId })
    .from(rotaHouseholdCodes)
    .where(
      and(
        eq(rotaHouseholdCodes.rotaId, rotaId),
        eq(rotaHouseholdCodes.householdId, householdId),
        eq(rotaHouseholdCodes.codeHmac, codeHmac),
      ),
    );
  return Boolean(row);
}

const dutyColumns = {
  id: rotaDuties.id,
  day: rotaDuties.day,
  householdId: rotaDuties.householdId,
  room: households.room,
  unitName: units.name,
  displayName: rotaDuties.displayName,
  deviceHash: rotaDuties.deviceHash,
  doneAt: rotaDuties.doneAt,
  photoId: rotaDuties.photoId,
};

/** Duties of days `from` … `to` (inclusive), by day, then in the order households signed up. */
export async function listDuties(db: Executor, rotaId: string, from: string, to: string): Promise<DutyRow[]> {
  return db
    .select(dutyColumns)
    .from(rotaDuties)
    .innerJoin(households, eq(households.id, rotaDuties.householdId))
    .innerJoin(units, eq(units.id, households.unitId))
    .where(and(eq(rotaDuties.rotaId, rotaId), gte(rotaDuties.day, from), lte(rotaDuties.day, to)))
    .orderBy(asc(rotaDuties.day), asc(rotaDuties.createdAt), asc(rotaDuties.id));
}

export async function findDuty(db: Executor, rotaId: string, id: string): Promise<DutyRow | undefined> {
  const [row] = await db
    .select(dutyColumns)
    .from(rotaDuties)
    .innerJoin(households, eq(households.id, rotaDuties.householdId))
    .innerJoin(units, eq(units.id, households.unitId))
    .where(and(eq(rotaDuties.rotaId, rotaId), eq(rotaDuties.id, id)));
  return row;
}

/** How many households are on each of `days`, and whether `householdId` is among them. */
export async function dayCounts(
  db: Executor,
  rotaId: string,
  days: string[],
  householdId: string,
): Promise<Map<string, { count: number; mine: boolean }>> {
  const rows = await db
    .select({
      day: rotaDuties.day,
      count: sql<number>`count(*)::int`,
      mine: sql<boolean>`bool_or(${rotaDuties.householdId} = ${householdId})`,
    })
    .from(rotaDuties)
    .where(and(eq(rotaDuties.rotaId, rotaId), inArray(rotaDuties.day, days)))
    .groupBy(rotaDuties.day);
  return new Map(rows.map((row) => [row.day, { count: Number(row.count), mine: Boolean(row.mine) }]));
}

export async function insertDuties(
  tx: Executor,
  values: { communityId: string; rotaId: string; householdId: string; deviceHash: string; displayName: string | null },
  days: string[],
): Promise<{ id: string; day: string }[]> {
  return tx
    .insert(rotaDuties)
    .values(days.map((day) => ({ ...values, day })))
    .returning({ id: rotaDuties.id, day: rotaDuties.day });
}

export async function deleteDuty(tx: Executor, id: string): Promise<void> {
  await tx.delete(rotaDuties).where(eq(rotaDuties.id, id));
}

export async function markDutyDone(tx: Executor, id: string, photoId: string | null): Promise<void> {
  await tx.update(rotaDuties).set({ doneAt: new Date(), photoId }).where(eq(rotaDuties.id, id));
}

/** Two duties trade days (an accepted swap). */
export async function exchangeDays(tx: Executor, first: DutyRow, second: DutyRow): Promise<void> {
  await tx.update(rotaDuties).set({ day: second.day }).where(eq(rotaDuties.id, first.id));
  await tx.update(rotaDuties).set({ day: first.day }).where(eq(rotaDuties.id, second.id));
}

export async function insertSwap(
  tx: Executor,
  values: { communityId: string; rotaId: string; fromDutyId: string; toDutyId: string },
): Promise<RotaSwapRow> {
  const [row] = await tx.insert(rotaSwaps).values(values).returning();
  return row as RotaSwapRow;
}

export async function findSwap(db: Executor, rotaId: string, id: string): Promise<RotaSwapRow | undefined> {
  const [row] = await db
    .select()
    .from(rotaSwaps)
    .where(and(eq(rotaSwaps.rotaId, rotaId), eq(rotaSwaps.id, id)));
  return row;
}

export async function setSwapState(tx: Executor, id: string, state: RotaSwapRow['state']): Promise<void> {
  await tx.update(rotaSwaps).set({ state }).where(eq(rotaSwaps.id, id));
}

/** Pending swaps touching any of `dutyIds`. */
export async function pendingSwaps(db: Executor, rotaId: string, dutyIds: string[]): Promise<RotaSwapRow[]> {
  if (dutyIds.length === 0) return [];
  return db
    .select()
    .from(rotaSwaps)
    .where(
      and(
        eq(rotaSwaps.rotaId, rotaId),
        eq(rotaSwaps.state, 'pending'),
        sql`(${inArray(rotaSwaps.fromDutyId, dutyIds)} or ${inArray(rotaSwaps.toDutyId, dutyIds)})`,
      ),
    )
    .orderBy(asc(rotaSwaps.createdAt));
}

/** A duty that leaves (given up, removed, traded) withdraws the swaps still waiting on it. */
export async function withdrawSwapsOf(tx: Executor, dutyIds: string[]): Promise<void> {
  await tx
    .update(rotaSwaps)
    .set({ state: 'withdrawn' })
    .where(
      and(
        eq(rotaSwaps.state, 'pending'),
        sql`(${inArray(rotaSwaps.fromDutyId, dutyIds)} or ${inArray(rotaSwaps.toDutyId, dutyIds)})`,
      ),
    );
}
