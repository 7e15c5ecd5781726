// The dashboard's notice figures: the open notices by kind with the households they reach (a household is
// counted once however many notices reach it), and what became of the notices published in the period: how
// many were closed and how fast, how many devices follow them, the residents' offers of help on them.
import { NOTICE_KINDS, type NoticeKind } from '@courtyard/protocol';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { windowStart } from './dashboard.js';
import { rows } from './rows.js';

export interface NoticeFigures {
  openByKind: { kind: NoticeKind; open: number; households: number }[];
  householdsAffected: number;
  published: number;
  closed: number;
  medianSecondsToClose: number | null;
  followers: number;
  offers: { pending: number; published: number; rejected: number };
}

/** Households a notice reaches: the whole community, its building, its unit, or its floors (of its unit, if set). */
const reaches = sql`(n.scope = 'community'
  or (n.scope = 'building' and u.building_id = n.building_id)
  or (n.scope = 'unit' and h.unit_id = n.unit_id)
  or (n.scope = 'floors' and u.building_id = n.building_id and (n.unit_id is null or h.unit_id = n.unit_id)
    and h.floor between n.floor_from and n.floor_to))`;

export async function noticeFigures(
  db: Executor,
  communityId: string,
  timeZone: string,
  weeks: number,
): Promise<NoticeFigures> {
  const since = await windowStart(db, timeZone, weeks);
  const open = rows<{ kind: NoticeKind | null; open: number | string; households: number | string }>(
    await db.execute(sql`
      with open_notices as (select * from notices where community_id = ${communityId} and closed_at is null),
      reached as (
        select n.id, n.kind, h.id as household_id
        from open_notices n
        left join (households h join units u on u.id = h.unit_id) on h.community_id = ${communityId} and ${reaches}
      )
      select kind::text as kind, count(distinct id) as open, count(distinct household_id) as households
      from reached group by rollup(kind)`),
  );
  const [period] = rows<Record<string, number | string | null>>(
    await db.execute(sql`
      with published as (
        select id from notices where community_id = ${communityId} and created_at >= ${since}::timestamptz
      )
      select
        (select count(*) from published) as published,
        (select count(*) from notices where community_id = ${communityId} and closed_at >= ${since}::timestamptz)
          as closed,
        (select percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at))
          from notices where community_id = ${communityId} and closed_at >= ${since}::timestamptz) as "medianToClose",
        (select count(*) from notice_followers f join published p on p.id = f.notice_id) as followers,
        (select count(*) filter (where o.moderation = 'pending') from notice_offers o join published p on p.id = o.notice_id)
          as pending,
        (select count(*) filter (where o.moderation = 'published') from notice_offers o join published p on p.id = o.notice_id)
          as "offersPublished",
        (select count(*) filter (where o.moderation = 'rejected') from notice_offers o join published p on p.id = o.notice_id)
          as rejected`),
  );
  const count = (value: unknown) => Number(value ?? 0);
  const byKind = new Map(open.filter((row) => row.kind !== null).map((row) => [row.kind, row]));
  const median = period?.medianToClose;
  return {
    openByKind: NOTICE_KINDS.map((kind) => ({
      kind,
      open: count(byKind.get(kind)?.open),
      households: count(byKind.get(kind)?.households),
    })),
    householdsAffected: count(open.find((row) => row.kind === null)?.households),
    published: count(period?.published),
    closed: count(period?.closed),
    medianSecondsToClose: median === null || median === undefined ? null : Math.max(0, Math.round(Number(median))),
    followers: count(period?.followers),
    offers: {
      pending: count(period?.pending),
      published: count(period?.offersPublished),
      rejected: count(period?.rejected),
    },
  };
}
