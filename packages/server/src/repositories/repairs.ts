// Repair requests and their timelines. Every read is scoped by community; the public view reads by
// tracking code within the site's community only.
import { and, asc, desc, eq, isNull, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import { buildings, categories, photos, repairRequests, repairUpdates, staffUsers, units } from '../db/schema.js';
import type { RepairStatus } from '../repairs/status-machine.js';
import { generateTrackingCode } from '../repairs/tracking-code.js';

export type RepairRow = typeof repairRequests.$inferSelect;
export type NewRepair = Omit<
  typeof repairRequests.$inferInsert,
  'id' | 'trackingCode' | 'residentKeyHash' | 'serviceRequestId'
>;
export type RepairUpdateRow = typeof repairUpdates.$inferSelect;

/** A repair with the names staff and residents see next to it. */
export interface RepairWithNames extends RepairRow {
  categorySlug: string;
  categoryNames: { 'zh-CN'?: string; en?: string };
  buildingName: string | null;
  unitName: string | null;
  assigneeName: string | null;
}

const assignee = alias(staffUsers, 'assignee');

const withNames = {
  repair: repairRequests,
  categorySlug: categories.slug,
  categoryNames: categories.names,
  buildingName: buildings.name,
  unitName: units.name,
  assigneeName: assignee.displayName,
};

function selectWithNames(db: Executor) {
  return db
    .select(withNames)
    .from(repairRequests)
    .innerJoin(categories, eq(categories.id, repairRequests.categoryId))
    .leftJoin(buildings, eq(buildings.id, repairRequests.buildingId))
    .leftJoin(units, eq(units.id, repairRequests.unitId))
    .leftJoin(assignee, eq(assignee.id, repairRequests.assigneeId));
}

type NamedRow = { repair: RepairRow } & Omit<RepairWithNames, keyof RepairRow>;
const flatten = ({ repair, ...names }: NamedRow): RepairWithNames => ({ ...repair, ...names });

/**
 * Inserts with a fresh tracking code (checked unused first: 2^40 codes make a clash rare, never silent).
 * `residentKeyHash` gives the hash of the sender's key for the code drawn (the key depends on it).
 */
export async function insertRepair(
  tx: Executor,
  values: NewRepair,
  residentKeyHash?: (trackingCode: string) => string,
): Promise<RepairRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const trackingCode = generateTrackingCode();
    const taken = await tx
      .select({ id: repairRequests.id })
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, trackingCode));
    if (taken.length > 0) continue;
    const [row] = await tx
      .insert(repairRequests)
      .values({ ...values, trackingCode, residentKeyHash: residentKeyHash?.(trackingCode) ?? null })
      .returning();
    return row as RepairRow;
  }
  throw new Error('no unused tracking code after 5 attempts');
}

export async function insertRepairUpdate(
  tx: Executor,
  values: typeof repairUpdates.$inferInsert,
): Promise<RepairUpdateRow> {
  // A timeline entry is always later than the repair's last one, even when two land in one transaction
  // (a status with an internal note) or the clock steps back: the timeline and Open311's status_notes read
  // the newest entry by time.
  const after = sql`(select max(${repairUpdates.createdAt}) + interval '1 microsecond' from ${repairUpdates}
    where ${repairUpdates.repairId} = ${values.repairId})`;
  const [row] = await tx
    .insert(repairUpdates)
    .values({ ...values, createdAt: values.createdAt ?? sql`greatest(now(), ${after})` })
    .returning();
  return row as RepairUpdateRow;
}

export async function findRepairUpdate(db: Executor, updateId: string) {
  const [row] = await db.select().from(repairUpdates).where(eq(repairUpdates.id, updateId));
  return row;
}

export async function findRepairByCode(
  db: Executor,
  communityId: string,
  trackingCode: string,
): Promise<RepairWithNames | undefined> {
  const [row] = await selectWithNames(db).where(
    and(eq(repairRequests.communityId, communityId), eq(repairRequests.trackingCode, trackingCode)),
  );
  return row && flatten(row as NamedRow);
}

export async function findRepairById(
  db: Executor,
  communityId: string,
  id: string,
): Promise<RepairWithNames | undefined> {
  const [row] = await selectWithNames(db).where(
    and(eq(repairRequests.communityId, communityId), eq(repairRequests.id, id)),
  );
  return row && flatten(row as NamedRow);
}

/** Locks the row for a change (two staff updating at once are applied one after the other). */
export async function lockRepair(tx: Executor, communityId: string, id: string): Promise<RepairRow | undefined> {
  const [row] = await tx
    .select()
    .from(repairRequests)
    .where(and(eq(repairRequests.communityId, communityId), eq(repairRequests.id, id)))
    .for('update');
  return row;
}

export async function updateRepair(
  tx: Executor,
  id: string,
  values: Partial<Pick<RepairRow, 'status' | 'assigneeId' | 'rating' | 'incidentId'>>,
): Promise<void> {
  await tx
    .update(repairRequests)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(repairRequests.id, id));
}

/** The reports merged into an incident's lead, oldest first. */
export async function listIncidentReports(db: Executor, communityId: string, leadId: string) {
  const rows = await selectWithNames(db)
    .where(and(eq(repairRequests.communityId, communityId), eq(repairRequests.incidentId, leadId)))
    .orderBy(asc(repairRequests.createdAt), asc(repairRequests.id));
  return rows.map((row) => flatten(row as NamedRow));
}

/** Gives the reports merged into a lead the lead's status; answers their tracking codes (to announce it). */
export async function followIncidentStatus(tx: Executor, leadId: string, status: RepairStatus) {
  return tx
    .update(repairRequests)
    .set({ status, updatedAt: sql`now()` })
    .where(eq(repairRequests.incidentId, leadId))
    .returning({ trackingCode: repairRequests.trackingCode, communityId: repairRequests.communityId });
}

/**
 * Open incidents and lone reports (not spam, not merged, not resolved or closed) of one building and
 * category, newest first, with how many reports each gathers: what a resident about to report sees.
 */
export async function listOpenReports(
  db: Executor,
  communityId: string,
  categoryId: string,
  buildingId: string,
  limit: number,
) {
  return db
    .select({
      id: repairRequests.id,
      categorySlug: categories.slug,
      categoryNames: categories.names,
      building: buildings.name,
      since: repairRequests.createdAt,
      status: repairRequests.status,
      reports: sql<number>`1 + (select count(*)::int from repair_requests merged where merged.incident_id = ${repairRequests.id})`,
    })
    .from(repairRequests)
    .innerJoin(categories, eq(categories.id, repairRequests.categoryId))
    .leftJoin(buildings, eq(buildings.id, repairRequests.buildingId))
    .where(
      and(
        eq(repairRequests.communityId, communityId),
        eq(repairRequests.categoryId, categoryId),
        eq(repairRequests.buildingId, buildingId),
        eq(repairRequests.spam, false),
        isNull(repairRequests.incidentId),
        notInArray(repairRequests.status, ['resolved', 'closed']),
      ),
    )
    .orderBy(desc(repairRequests.createdAt), desc(repairRequests.id))
    .limit(limit);
}

export interface TimelineEntry extends RepairUpdateRow {
  staffName: string | null;
}

export async function listRepairUpdates(
  db: Executor,
  repairId: string,
  options: { publicOnly: boolean },
): Promise<TimelineEntry[]> {
  const conditions = [eq(repairUpdates.repairId, repairId)];
  if (options.publicOnly) conditions.push(eq(repairUpdates.public, true));
  const rows = await db
    .select({ update: repairUpdates, staffName: staffUsers.displayName })
    .from(repairUpdates)
    .leftJoin(staffUsers, eq(staffUsers.id, repairUpdates.staffId))
    .where(and(...conditions))
    .orderBy(asc(repairUpdates.createdAt), asc(repairUpdates.id));
  return rows.map(({ update, staffName }) => ({ ...update, staffName }));
}

export interface RepairFilters {
  status?: RepairStatus;
  categoryId?: string;
  buildingId?: string;
  assigneeId?: string;
  spam?: boolean;
  /** Keyset: rows older than this (createdAt, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first. Spam is listed only when asked for. */
export async function listRepairs(db: Executor, communityId: string, filters: RepairFilters) {
  const conditions: SQL[] = [
    eq(repairRequests.communityId, communityId),
    eq(repairRequests.spam, filters.spam ?? false),
  ];
  if (filters.status) conditions.push(eq(repairRequests.status, filters.status));
  if (filters.categoryId) conditions.push(eq(repairRequests.categoryId, filters.categoryId));
  if (filters.buildingId) conditions.push(eq(repairRequests.buildingId, filters.buildingId));
  if (filters.assigneeId) conditions.push(eq(repairRequests.assigneeId, filters.assigneeId));
  if (filters.before) {
    const { createdAt, id } = filters.before;
    conditions.push(
      or(
        lt(repairRequests.createdAt, createdAt),
        and(eq(repairRequests.createdAt, createdAt), lt(repairRequests.id, id)),
      ) as SQL,
    );
  }
  const rows = await selectWithNames(db)
    .where(and(...conditions))
    .orderBy(desc(repairRequests.createdAt), desc(repairRequests.id))
    .limit(filters.limit);
  return rows.map((row) => flatten(row as NamedRow));
}

/** A building of the community, and a unit of that building (when given). */
export async function locationExists(
  db: Executor,
  communityId: string,
  buildingId: string | undefined,
  unitId: string | undefined,
): Promise<boolean> {
  if (buildingId === undefined) return unitId === undefined;
  if (unitId === undefined) {
    const rows = await db
      .select({ id: buildings.id })
      .from(buildings)
      .where(and(eq(buildings.id, buildingId), eq(buildings.communityId, communityId)));
    return rows.length > 0;
  }
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.buildingId, buildingId), eq(units.communityId, communityId)));
  return rows.length > 0;
}

/** A repair's photos (without bytes), oldest first; the public view keeps only `public` ones. */
export async function listRepairPhotos(db: Executor, communityId: string, repairId: string) {
  return db
    .select({ id: photos.id, width: photos.width, height: photos.height, public: photos.public })
    .from(photos)
    .where(and(eq(photos.communityId, communityId), eq(photos.ownerKind, 'repair'), eq(photos.ownerId, repairId)))
    .orderBy(asc(photos.createdAt), asc(photos.id));
}
