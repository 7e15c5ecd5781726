// The dashboard's figures, computed in SQL over one community's rows. Weeks are ISO weeks (Monday first)
// in the community's time zone; only what arrived in the window counts. Spam and merged duplicates (a
// suggestion merged into another, a repair report merged into an incident) are not work received, so they
// are left out everywhere: an incident counts once, by its lead.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { LocalizedText } from '../db/schema.js';
import { firstLocalWeek, localWeeks } from './weeks.js';

/** postgres.js returns rows as an array, PGlite as `{ rows }`. */
function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Row[];
}

export interface WeekFigures {
  week: string;
  startsOn: string;
  suggestionsReceived: number;
  suggestionsAnswered: number;
  repairsReceived: number;
  repairsAnswered: number;
  repairsResolved: number;
}

// Per repair: its first public staff update (the first answer the resident saw) and, for a repair that is
// resolved or closed now, when staff last resolved it (or closed it without a "resolved" step).
const repairTimes = (communityId: string) => sql`
  select r.id, r.created_at, r.category_id,
    (select min(u.created_at) from repair_updates u
      where u.repair_id = r.id and u.author_type = 'staff' and u.public) as answered_at,
    case when r.status in ('resolved', 'closed') then
      (select coalesce(max(u.created_at) filter (where u.status = 'resolved'), max(u.created_at) filter (where u.status = 'closed'))
        from repair_updates u where u.repair_id = r.id)
    end as resolved_at
  from repair_requests r
  where r.community_id = ${communityId} and not r.spam and r.incident_id is null`;

const suggestionRows = (communityId: string) => sql`
  select s.id, s.created_at, s.responded_at, s.category_id
  from suggestions s
  where s.community_id = ${communityId} and s.moderation <> 'spam' and s.merged_into_id is null`;

/** Week by week, oldest first, including weeks with nothing in them. */
export async function weeklyFigures(db: Executor, communityId: string, timeZone: string, weeks: number) {
  const result = await db.execute(sql`
    with weeks as (${localWeeks(timeZone, weeks)}),
    s as (${suggestionRows(communityId)}),
    r as (${repairTimes(communityId)}),
    local_week as (
      select 's_received' as what, date_trunc('week', created_at at time zone ${timeZone}) as start from s
      union all select 's_answered', date_trunc('week', responded_at at time zone ${timeZone}) from s where responded_at is not null
      union all select 'r_received', date_trunc('week', created_at at time zone ${timeZone}) from r
      union all select 'r_answered', date_trunc('week', answered_at at time zone ${timeZone}) from r where answered_at is not null
      union all select 'r_resolved', date_trunc('week', resolved_at at time zone ${timeZone}) from r where resolved_at is not null
    )
    select to_char(w.start, 'IYYY-"W"IW') as week, to_char(w.start, 'YYYY-MM-DD') as "startsOn",
      count(*) filter (where l.what = 's_received')::int as "suggestionsReceived",
      count(*) filter (where l.what = 's_answered')::int as "suggestionsAnswered",
      count(*) filter (where l.what = 'r_received')::int as "repairsReceived",
      count(*) filter (where l.what = 'r_answered')::int as "repairsAnswered",
      count(*) filter (where l.what = 'r_resolved')::int as "repairsResolved"
    from weeks w left join local_week l on l.start = w.start
    group by w.start
    order by w.start`);
  return rowsOf<WeekFigures>(result);
}

/** Since: the start (UTC instant) of the window's first week in the community's time zone. */
export async function windowStart(db: Executor, timeZone: string, weeks: number): Promise<string> {
  const result = await db.execute(sql`
    select to_char((${firstLocalWeek(timeZone, weeks)}) at time zone ${timeZone} at time zone 'UTC',
      'YYYY-MM-DD"T"HH24:MI:SS"Z"') as since`);
  return rowsOf<{ since: string }>(result)[0]!.since;
}

export async function categoryCounts(db: Executor, communityId: string, timeZone: string, weeks: number) {
  const since = await windowStart(db, timeZone, weeks);
  const result = await db.execute(sql`
    with s as (${suggestionRows(communityId)}), r as (${repairTimes(communityId)}),
    received as (
      select 'suggestion' as kind, category_id from s where created_at >= ${since}::timestamptz
      union all select 'repair', category_id from r where created_at >= ${since}::timestamptz
    )
    select received.kind, received.category_id as "categoryId", c.names, count(*)::int as received
    from received left join categories c on c.id = received.category_id
    group by received.kind, received.category_id, c.names, c.sort_order
    order by received.kind desc, count(*) desc, c.sort_order`);
  return rowsOf<{
    kind: 'suggestion' | 'repair';
    categoryId: string | null;
    names: LocalizedText | null;
    received: number;
  }>(result);
}

/** Medians in seconds of what arrived in the window (percentile_cont: the same on PGlite and PostgreSQL). */
export async function medianTimes(db: Executor, communityId: string, timeZone: string, weeks: number) {
  const since = await windowStart(db, timeZone, weeks);
  const result = await db.execute(sql`
    with s as (${suggestionRows(communityId)}), r as (${repairTimes(communityId)})
    select
      (select percentile_cont(0.5) within group (order by extract(epoch from responded_at - created_at))
        from s where responded_at is not null and created_at >= ${since}::timestamptz) as "suggestionFirstResponse",
      (select percentile_cont(0.5) within group (order by extract(epoch from answered_at - created_at))
        from r where answered_at is not null and created_at >= ${since}::timestamptz) as "repairFirstResponse",
      (select percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at))
        from r where resolved_at is not null and created_at >= ${since}::timestamptz) as "repairResolution"`);
  const row = rowsOf<Record<string, number | string | null>>(result)[0] ?? {};
  const seconds = (value: number | string | null | undefined) =>
    value === null || value === undefined ? null : Math.max(0, Math.round(Number(value)));
  return {
    suggestionFirstResponse: seconds(row.suggestionFirstResponse),
    repairFirstResponse: seconds(row.repairFirstResponse),
    repairResolution: seconds(row.repairResolution),
  };
}

/** "You said, we did": published suggestions the community adopted or carried out, with the answer given. */
export async function youSaidWeDid(db: Executor, communityId: string, limit: number) {
  const result = await db.execute(sql`
    select id, text, status, response, responded_at as "respondedAt", support_count as "supportCount"
    from suggestions
    where community_id = ${communityId} and moderation = 'published' and merged_into_id is null
      and status in ('adopted', 'done') and response is not null and responded_at is not null
    order by responded_at desc, id desc
    limit ${limit}`);
  return rowsOf<{
    id: string;
    text: string;
    status: 'adopted' | 'done';
    response: string;
    respondedAt: Date | string;
    supportCount: number;
  }>(result);
}

/**
 * Deliberation: every topic by status (statuses with none answer 0 in the route), and the median days from
 * the first opinion behind a topic to its first `decided` step and to `done`.
 */
export async function topicFigures(db: Executor, communityId: string) {
  const counts = rowsOf<{ status: string; count: number }>(
    await db.execute(sql`
      select status::text as status, count(*)::int as count from topics
      where community_id = ${communityId} group by status`),
  );
  const medians = rowsOf<{ decision: number | string | null; done: number | string | null }>(
    await db.execute(sql`
      with reached as (
        select t.first_opinion_at,
          (select min(c.created_at) from topic_status_changes c where c.topic_id = t.id and c.to_status = 'decided') as decided_at,
          (select min(c.created_at) from topic_status_changes c where c.topic_id = t.id and c.to_status = 'done') as done_at
        from topics t where t.community_id = ${communityId}
      )
      select
        (select percentile_cont(0.5) within group (order by extract(epoch from decided_at - first_opinion_at) / 86400)
          from reached where decided_at is not null) as decision,
        (select percentile_cont(0.5) within group (order by extract(epoch from done_at - first_opinion_at) / 86400)
          from reached where done_at is not null) as done`),
  )[0];
  const days = (value: number | string | null | undefined) =>
    value === null || value === undefined ? null : Math.max(0, Math.round(Number(value) * 10) / 10);
  return { counts, medianDaysToDecision: days(medians?.decision), medianDaysToDone: days(medians?.done) };
}

/**
 * Where work arrived (the widget, Open311, or what staff recorded from a WeChat group, a call, a visit, paper,
 * the 12345 hotline): suggestions and repairs received in the window, by source; spam and merged left out.
 */
export async function sourceCounts(db: Executor, communityId: string, timeZone: string, weeks: number) {
  const since = await windowStart(db, timeZone, weeks);
  const result = await db.execute(sql`
    select 'suggestion' as kind, s.source::text as source, count(*)::int as received from suggestions s
      where s.community_id = ${communityId} and s.moderation <> 'spam' and s.merged_into_id is null
        and s.created_at >= ${since}::timestamptz
      group by s.source
    union all
    select 'repair', r.source::text, count(*)::int from repair_requests r
      where r.community_id = ${communityId} and not r.spam and r.incident_id is null
        and r.created_at >= ${since}::timestamptz
      group by r.source`);
  return rowsOf<{ kind: 'suggestion' | 'repair'; source: string; received: number }>(result);
}
