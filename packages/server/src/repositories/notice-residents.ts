// What residents do with a notice: follow it from a device, and offer help that staff moderate. Scoped by
// the notice, which callers have found within the community first.
import { and, count, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { noticeFollowers, noticeOffers } from '../db/schema.js';
import type { NoticeOfferRow } from './notices.js';

export async function followerCount(db: Executor, noticeId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(noticeFollowers).where(eq(noticeFollowers.noticeId, noticeId));
  return Number(row?.n ?? 0);
}

/** Adds or removes a device's follow; answers whether anything changed. */
export async function setFollowing(
  tx: Executor,
  noticeId: string,
  deviceHash: string,
  following: boolean,
): Promise<boolean> {
  const rows = following
    ? await tx
        .insert(noticeFollowers)
        .values({ noticeId, deviceHash })
        .onConflictDoNothing()
        .returning({ id: noticeFollowers.noticeId })
    : await tx
        .delete(noticeFollowers)
        .where(and(eq(noticeFollowers.noticeId, noticeId), eq(noticeFollowers.deviceHash, deviceHash)))
        .returning({ id: noticeFollowers.noticeId });
  return rows.length > 0;
}

export async function insertOffer(
  tx: Executor,
  values: {
    communityId: string;
    noticeId: string;
    text: string;
    deviceHash: string | null;
    moderation: 'pending' | 'spam';
  },
): Promise<NoticeOfferRow> {
  const [row] = await tx.insert(noticeOffers).values(values).returning();
  return row as NoticeOfferRow;
}

export async function findOffer(
  db: Executor,
  communityId: string,
  noticeId: string,
  offerId: string,
): Promise<NoticeOfferRow | undefined> {
  const [row] = await db
    .select()
    .from(noticeOffers)
    .where(
      and(eq(noticeOffers.communityId, communityId), eq(noticeOffers.noticeId, noticeId), eq(noticeOffers.id, offerId)),
    )
    .for('update');
  return row;
}

export async function moderateOffer(
  tx: Executor,
  offerId: string,
  moderation: NoticeOfferRow['moderation'],
  staffId: string,
): Promise<NoticeOfferRow> {
  const [row] = await tx
    .update(noticeOffers)
    .set({ moderation, moderatedBy: staffId })
    .where(eq(noticeOffers.id, offerId))
    .returning();
  return row as NoticeOfferRow;
}
