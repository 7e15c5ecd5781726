// Notices, their updates, followers and offers of help. Every read and write is scoped by community; the
// public list filters by the page's place (building or unit) in SQL.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import {
  communities,
  noticeFollowers,
  noticeOffers,
  notices,
  noticeUpdates,
  photos,
  repairRequests,
} from '../db/schema.js';
import type { NoticeSubject } from '../webhooks/event-data.js';
import { placeNamesOf } from './places.js';
import { findFirstSiteKey } from './sites.js';

export type NoticeRow = typeof notices.$inferSelect;
export type NewNoticeRow = Omit<typeof notices.$inferInsert, 'createdAt' | 'closedAt' | 'closingText'>;
export type NoticeUpdateRow = typeof noticeUpdates.$inferSelect;
export type NoticeOfferRow = typeof noticeOffers.$inferSelect;

/** A notice with its place names, updates, offers and follower count: everything a reader is shown. */
/** Photos of a notice update are stored public, owned by the update. */
export const UPDATE_PHOTO_OWNER = 'notice_update';

export type NoticeUpdateWithPhotos = NoticeUpdateRow & { photos: { id: string; width: number; height: number }[] };

export interface NoticeWithParts extends NoticeRow {
  buildingName: string | null;
  unitName: string | null;
  updates: NoticeUpdateWithPhotos[];
  offers: NoticeOfferRow[];
  followerCount: number;
}

/** Which notices a page shows: all of the community's, or those concerning one building or unit. */
export interface NoticeFilter {
  buildingId?: string;
  unitId?: string;
  state?: 'open' | 'closed';
  before?: { createdAt: Date; id: string };
  limit: number;
}

export async function insertNotice(tx: Executor, values: NewNoticeRow): Promise<NoticeRow> {
  const [row] = await tx.insert(notices).values(values).returning();
  return row as NoticeRow;
}

export async function findNotice(db: Executor, communityId: string, id: string): Promise<NoticeRow | undefined> {
  const [row] = await db
    .select()
    .from(notices)
    .where(and(eq(notices.communityId, communityId), eq(notices.id, id)));
  return row;
}

/** Any community's notice with this id: a client-made id already taken elsewhere is a conflict, not a replay. */
export async function noticeIdTaken(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: notices.id }).from(notices).where(eq(notices.id, id));
  return row !== undefined;
}

/** Locks the notice for a change (an update, closing), so a close and an update never interleave. */
export async function lockNotice(tx: Executor, communityId: string, id: string): Promise<NoticeRow | undefined> {
  const [row] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.communityId, communityId), eq(notices.id, id)))
    .for('update');
  return row;
}

export async function closeNotice(tx: Executor, id: string, closingText: string): Promise<NoticeRow> {
  const [row] = await tx
    .update(notices)
    .set({ closedAt: sql`greatest(now(), ${notices.startsAt})`, closingText })
    .where(eq(notices.id, id))
    .returning();
  return row as NoticeRow;
}

export async function findNoticeUpdate(db: Executor, id: string): Promise<NoticeUpdateRow | undefined> {
  const [row] = await db.select().from(noticeUpdates).where(eq(noticeUpdates.id, id));
  return row;
}

/**
 * Each update later than the last, as the repair timeline does: a clock stepping back never reorders what
 * residents read.
 */
export async function insertNoticeUpdate(
  tx: Executor,
  values: { id?: string; communityId: string; noticeId: string; text: string; staffId: string },
): Promise<NoticeUpdateRow> {
  const [row] = await tx
    .insert(noticeUpdates)
    .values({
      ...values,
      createdAt: sql`greatest(now(), (select max(${noticeUpdates.createdAt}) + interval '1 millisecond' from ${noticeUpdates} where ${noticeUpdates.noticeId} = ${values.noticeId}))`,
    })
    .returning();
  return row as NoticeUpdateRow;
}

export async function repairInCommunity(db: Executor, communityId: string, repairId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: repairRequests.id })
    .from(repairRequests)
    .where(and(eq(repairRequests.communityId, communityId), eq(repairRequests.id, repairId)));
  return row !== undefined;
}

/**
 * What concerns a place: community-wide notices, and those of its building that are not limited to another
 * unit. A building's page sees every notice of the building, whichever unit or floors.
 */
function concerning(filter: NoticeFilter): SQL | undefined {
  if (filter.unitId && filter.buildingId) {
    return or(
      eq(notices.scope, 'community'),
      and(eq(notices.buildingId, filter.buildingId), or(isNull(notices.unitId), eq(notices.unitId, filter.unitId))),
    );
  }
  if (filter.buildingId) return or(eq(notices.scope, 'community'), eq(notices.buildingId, filter.buildingId));
  return undefined;
}

export async function listNotices(db: Executor, communityId: string, filter: NoticeFilter): Promise<NoticeRow[]> {
  const conditions = [
    eq(notices.communityId, communityId),
    concerning(filter),
    filter.state === 'open' ? isNull(notices.closedAt) : undefined,
    filter.state === 'closed' ? isNotNull(notices.closedAt) : undefined,
    filter.before
      ? or(
          lt(notices.createdAt, filter.before.createdAt),
          and(eq(notices.createdAt, filter.before.createdAt), lt(notices.id, filter.before.id)),
        )
      : undefined,
  ];
  return db
    .select()
    .from(notices)
    .where(and(...conditions))
    .orderBy(desc(notices.createdAt), desc(notices.id))
    .limit(filter.limit);
}

/** The notices with their parts, in the order given; `offers` limits the offers read (public: published). */
export async function withParts(
  db: Executor,
  rows: NoticeRow[],
  offers: 'published' | 'all',
): Promise<NoticeWithParts[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [updateRows, offerRows, followerRows, placeNames] = [
    await db
      .select()
      .from(noticeUpdates)
      .where(inArray(noticeUpdates.noticeId, ids))
      .orderBy(asc(noticeUpdates.createdAt), asc(noticeUpdates.id)),
    await db
      .select()
      .from(noticeOffers)
      .where(
        and(
          inArray(noticeOffers.noticeId, ids),
          offers === 'published' ? eq(noticeOffers.moderation, 'published') : undefined,
        ),
      )
      .orderBy(asc(noticeOffers.createdAt), asc(noticeOffers.id)),
    await db
      .select({ noticeId: noticeFollowers.noticeId, followers: count() })
      .from(noticeFollowers)
      .where(inArray(noticeFollowers.noticeId, ids))
      .groupBy(noticeFollowers.noticeId),
    await placeNamesOf(db, rows),
  ];
  const updateIds = updateRows.map((update) => update.id);
  const photoRows = updateIds.length
    ? await db
        .select({ id: photos.id, ownerId: photos.ownerId, width: photos.width, height: photos.height })
        .from(photos)
        .where(
          and(eq(photos.ownerKind, UPDATE_PHOTO_OWNER), inArray(photos.ownerId, updateIds), eq(photos.public, true)),
        )
        .orderBy(asc(photos.createdAt), asc(photos.id))
    : [];
  return rows.map((row) => ({
    ...row,
    ...placeNames(row),
    updates: updateRows
      .filter((update) => update.noticeId === row.id)
      .map((update) => ({
        ...update,
        photos: photoRows
          .filter((photo) => photo.ownerId === update.id)
          .map(({ id, width, height }) => ({ id, width, height })),
      })),
    offers: offerRows.filter((offer) => offer.noticeId === row.id),
    followerCount: Number(followerRows.find((entry) => entry.noticeId === row.id)?.followers ?? 0),
  }));
}

/** A notice as a webhook delivery describes it: public fields, place names, the site whose page shows it. */
export async function noticeSubject(
  db: Executor,
  communityId: string,
  id: string,
  update: string | null,
): Promise<NoticeSubject | undefined> {
  const notice = await findNotice(db, communityId, id);
  if (!notice) return undefined;
  const [full] = await withParts(db, [notice], 'published');
  const siteKey = await findFirstSiteKey(db, communityId);
  const [community] = await db
    .select({ timeZone: communities.timeZone })
    .from(communities)
    .where(eq(communities.id, communityId));
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    kind: 'notice',
    id: notice.id,
    noticeKind: notice.kind,
    title: notice.title,
    body: notice.body,
    scope: {
      type: notice.scope,
      buildingName: full?.buildingName ?? null,
      unitName: full?.unitName ?? null,
      floorFrom: notice.floorFrom,
      floorTo: notice.floorTo,
    },
    startsAt: new Date(notice.startsAt).toISOString(),
    expectedEndAt: iso(notice.expectedEndAt),
    closedAt: iso(notice.closedAt),
    closingText: notice.closingText,
    update,
    siteKey: siteKey ?? null,
    timeZone: community?.timeZone ?? 'Asia/Shanghai',
  };
}
