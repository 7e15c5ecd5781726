// Tomorrow's gaps: covered days of open rotas with fewer households than the rota asks for, each recorded once
// (rota_gap_alerts) when the job first sees it as tomorrow in its community's time zone. What chat groups and
// the inbox are told.
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { buildings, rotaDuties, rotaGapAlerts, rotas, units } from '../db/schema.js';
import type { RotaGapSubject } from '../webhooks/event-data.js';
import { rows } from './rows.js';

export interface NewGap {
  rotaId: string;
  communityId: string;
  day: string;
  open: number;
}

/** Records tomorrow's gaps not yet recorded (at most `limit`) and answers them. */
export async function recordTomorrowGaps(tx: Executor, limit: number): Promise<NewGap[]> {
  const result = await tx.execute(sql`
    with tomorrow as (
      select r.id, r.community_id, r.per_day, r.weekdays,
        ((now() at time zone c.time_zone)::date + 1) as day
      from ${rotas} r join communities c on c.id = r.community_id
      where r.closed_at is null
    ), short as (
      select t.id, t.community_id, to_char(t.day, 'YYYY-MM-DD') as day,
        t.per_day - (select count(*) from ${rotaDuties} d where d.rota_id = t.id and d.day = to_char(t.day, 'YYYY-MM-DD')) as open
      from tomorrow t
      where extract(isodow from t.day)::smallint = any(t.weekdays)
    )
    insert into ${rotaGapAlerts} (rota_id, community_id, day, open)
    select id, community_id, day, open from short
    where open > 0
    order by id
    limit ${limit}
    on conflict do nothing
    returning rota_id as "rotaId", community_id as "communityId", day, open`);
  return rows<NewGap>(result).map((gap) => ({ ...gap, open: Number(gap.open) }));
}

/** A `rota.gap` event as chat groups are told of it; undefined when the rota is gone. */
export async function rotaGapSubject(
  db: Executor,
  communityId: string,
  rotaId: string,
  payload: unknown,
): Promise<RotaGapSubject | undefined> {
  const gap = payload as { date?: unknown; open?: unknown } | null;
  if (typeof gap?.date !== 'string' || typeof gap.open !== 'number') return undefined;
  const [row] = await db
    .select({ id: rotas.id, title: rotas.title, buildingName: buildings.name, unitName: units.name })
    .from(rotas)
    .innerJoin(buildings, eq(buildings.id, rotas.buildingId))
    .leftJoin(units, eq(units.id, rotas.unitId))
    .where(and(eq(rotas.communityId, communityId), sql`${rotas.id}::text = ${rotaId}`));
  return row ? { kind: 'rota', ...row, date: gap.date, open: gap.open } : undefined;
}

/** Gaps staff were told of for today (in the community's time zone) or later that are still open. */
export const openGaps = (communityId: string) =>
  and(
    eq(rotaGapAlerts.communityId, communityId),
    gte(
      rotaGapAlerts.day,
      sql`(select to_char((now() at time zone c.time_zone)::date, 'YYYY-MM-DD') from communities c where c.id = ${communityId})`,
    ),
    sql`exists (select 1 from ${rotas} r where r.id = ${rotaGapAlerts.rotaId} and r.closed_at is null
      and (select count(*) from ${rotaDuties} d where d.rota_id = r.id and d.day = ${rotaGapAlerts.day}) < r.per_day)`,
  );
