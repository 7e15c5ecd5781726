// What Open311 reads: a community's repair requests (never spam) with public fields only, and their public
// updates. Requests are known by their own service_request_id; tracking codes, contact details, rooms and
// free text are not even selected (positions are, and leave rounded: open311/mapping.ts).
import { and, desc, eq, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, categories, repairRequests, repairUpdates, units } from '../db/schema.js';
import type { RepairStatus } from '../repairs/status-machine.js';

export interface Open311RequestRow {
  serviceRequestId: string;
  status: RepairStatus;
  serviceCode: string;
  serviceNames: { 'zh-CN'?: string; en?: string };
  emergencyNotice: { 'zh-CN'?: string; en?: string } | null;
  description: string;
  buildingName: string | null;
  unitName: string | null;
  addressId: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: Date;
  updatedAt: Date;
  statusNotes: string | null;
}

export interface Open311Filters {
  /** service_request_ids, each a UUID. */
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  statuses?: RepairStatus[];
  limit: number;
}

export async function listOpen311Requests(db: Executor, communityId: string, filters: Open311Filters) {
  const conditions: SQL[] = [eq(repairRequests.communityId, communityId), eq(repairRequests.spam, false)];
  if (filters.serviceRequestIds) conditions.push(inArray(repairRequests.serviceRequestId, filters.serviceRequestIds));
  if (filters.serviceCodes) conditions.push(inArray(categories.slug, filters.serviceCodes));
  if (filters.statuses) conditions.push(inArray(repairRequests.status, filters.statuses));
  if (filters.start) conditions.push(gte(repairRequests.createdAt, filters.start));
  if (filters.end) conditions.push(lte(repairRequests.createdAt, filters.end));
  // The latest public note is the request's status_notes.
  const statusNotes = sql<string | null>`(
    select ${repairUpdates.note} from ${repairUpdates}
    where ${repairUpdates.repairId} = ${repairRequests.id} and ${repairUpdates.public} and ${repairUpdates.note} is not null
    order by ${repairUpdates.createdAt} desc limit 1)`;
  return db
    .select({
      serviceRequestId: repairRequests.serviceRequestId,
      status: repairRequests.status,
      serviceCode: categories.slug,
      serviceNames: categories.names,
      emergencyNotice: categories.emergencyNotice,
      description: repairRequests.description,
      buildingName: buildings.name,
      unitName: units.name,
      addressId: sql<string | null>`coalesce(${repairRequests.unitId}, ${repairRequests.buildingId})::text`,
      latitude: repairRequests.latitude,
      longitude: repairRequests.longitude,
      createdAt: repairRequests.createdAt,
      updatedAt: repairRequests.updatedAt,
      statusNotes,
    })
    .from(repairRequests)
    .innerJoin(categories, eq(categories.id, repairRequests.categoryId))
    .leftJoin(buildings, eq(buildings.id, repairRequests.buildingId))
    .leftJoin(units, eq(units.id, repairRequests.unitId))
    .where(and(...conditions))
    .orderBy(desc(repairRequests.createdAt))
    .limit(filters.limit) as Promise<Open311RequestRow[]>;
}

/** Public updates (status changes and public notes) of the community's requests, by time. */
export async function listOpen311Updates(
  db: Executor,
  communityId: string,
  filters: { start?: Date; end?: Date; limit: number },
) {
  const conditions: SQL[] = [
    eq(repairUpdates.communityId, communityId),
    eq(repairUpdates.public, true),
    eq(repairRequests.spam, false),
  ];
  if (filters.start) conditions.push(gte(repairUpdates.createdAt, filters.start));
  if (filters.end) conditions.push(lte(repairUpdates.createdAt, filters.end));
  return db
    .select({
      id: repairUpdates.id,
      serviceRequestId: repairRequests.serviceRequestId,
      // A note on its own carries the status the request had at that moment.
      status: sql<RepairStatus>`coalesce(${repairUpdates.status}, (
        select earlier.status from repair_updates earlier
        where earlier.repair_id = ${repairUpdates.repairId} and earlier.status is not null
          and earlier.created_at <= ${repairUpdates.createdAt}
        order by earlier.created_at desc limit 1), ${repairRequests.status})`,
      note: repairUpdates.note,
      createdAt: repairUpdates.createdAt,
    })
    .from(repairUpdates)
    .innerJoin(repairRequests, eq(repairRequests.id, repairUpdates.repairId))
    .where(and(...conditions))
    .orderBy(desc(repairUpdates.createdAt))
    .limit(filters.limit);
}

/**
 * The service_request_id a token stands for (the token is the service_request_id itself; a repair's internal
 * id, which tokens were before, is still understood). Spam has none.
 */
export async function findByToken(db: Executor, communityId: string, token: string) {
  const [row] = await db
    .select({ serviceRequestId: repairRequests.serviceRequestId })
    .from(repairRequests)
    .where(
      and(
        eq(repairRequests.communityId, communityId),
        eq(repairRequests.spam, false),
        or(eq(repairRequests.serviceRequestId, token), eq(repairRequests.id, token)),
      ),
    );
  return row;
}

/** address_id: a unit (then its building too) or a building of the community. */
export async function findAddress(db: Executor, communityId: string, addressId: string) {
  const [unit] = await db
    .select({ buildingId: units.buildingId, unitId: units.id })
    .from(units)
    .where(and(eq(units.id, addressId), eq(units.communityId, communityId)));
  if (unit) return unit;
  const [building] = await db
    .select({ buildingId: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.id, addressId), eq(buildings.communityId, communityId)));
  return building && { buildingId: building.buildingId, unitId: undefined };
}
