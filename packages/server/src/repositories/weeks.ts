// Dashboard windows: the last N ISO weeks (Monday first) in a community's time zone, as SQL fragments.
import { type SQL, sql } from 'drizzle-orm';

/** The local start (a timestamp without time zone) of this week in `timeZone`. */
const thisLocalWeek = (timeZone: string) => sql`date_trunc('week', now() at time zone ${timeZone})`;

/** The local start (a timestamp without time zone) of the first of the last `weeks` weeks in `timeZone`. */
export function firstLocalWeek(timeZone: string, weeks: number): SQL {
  return sql`${thisLocalWeek(timeZone)} - make_interval(weeks => ${weeks - 1}::int)`;
}

/** A query of one column, `start`: the local start of each of the last `weeks` weeks, oldest first. */
export function localWeeks(timeZone: string, weeks: number): SQL {
  return sql`select generate_series(${firstLocalWeek(timeZone, weeks)}, ${thisLocalWeek(timeZone)}, interval '1 week') as start`;
}
