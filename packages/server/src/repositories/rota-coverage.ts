// The dashboard's rota figure: per ISO week (in the community's time zone) and building, how many rota days
// needed households and how many had every place taken. A rota counts from the day it was set up until it
// was closed.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rows } from './rows.js';
import { localWeeks } from './weeks.js';

export interface RotaCoverageWeek {
  week: string;
  startsOn: string;
  buildingId: string;
  buildingName: string;
  daysNeeded: number;
  daysCovered: number;
}

export async function rotaCoverageByWeek(
  db: Executor,
  communityId: string,
  timeZone: string,
  weeks: number,
): Promise<RotaCoverageWeek[]> {
  const result = await db.execute(sql`
    with weeks as (${localWeeks(timeZone, weeks)}),
    days as (select w.start, (w.start + make_interval(days => g))::date as day from weeks w, generate_series(0, 6) g),
    needed as (
      select d.start, r.building_id, r.id as rota_id, to_char(d.day, 'YYYY-MM-DD') as day, r.per_day
      from days d join rotas r on r.community_id = ${communityId}
        and extract(isodow from d.day)::smallint = any(r.weekdays)
        and (r.created_at at time zone ${timeZone})::date <= d.day
        and (r.closed_at is null or (r.closed_at at time zone ${timeZone})::date > d.day)
    )
    select to_char(n.start, 'IYYY-"W"IW') as week, to_char(n.start, 'YYYY-MM-DD') as "startsOn",
      b.id as "buildingId", b.name as "buildingName", count(*)::int as "daysNeeded",
      count(*) filter (where (select count(*) from rota_duties x where x.rota_id = n.rota_id and x.day = n.day) >= n.per_day)::int
        as "daysCovered"
    from needed n join buildings b on b.id = n.building_id
    group by n.start, b.id, b.name, b.sort_order
    order by n.start, b.sort_order, b.name`);
  return rows<RotaCoverageWeek>(result).map((row) => ({
    ...row,
    daysNeeded: Number(row.daysNeeded),
    daysCovered: Number(row.daysCovered),
  }));
}
