// Batches for the CSV exports, oldest first, by keyset (never OFFSET): each call reads the rows after the
// last one it was given. Times are formatted here in the community's time zone, the same on both drivers
// (the created_at text keeps microseconds, so the keyset never skips or repeats a row).
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { LocalizedText } from '../db/schema.js';

function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Row[];
}

export interface Keyset {
  /** created_at as PostgreSQL text (microseconds kept), or the bigint id of the audit log. */
  at: string;
  id: string;
}

const local = (column: SQL, timeZone: string) =>
  sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI:SS')`;

export interface SuggestionExportRow {
  id: string;
  createdAt: string;
  category: LocalizedText | null;
  text: string;
  moderation: string;
  status: string;
  supportCount: number;
  response: string | null;
  respondedAt: string | null;
  note: string | null;
  followCode: string;
  siteKey: string | null;
  mergedIntoId: string | null;
  authorName: string | null;
  phone: string | null;
  keyset: string;
}

export async function suggestionBatch(
  db: Executor,
  communityId: string,
  timeZone: string,
  filters: { moderation?: string; status?: string },
  after: Keyset | undefined,
  limit: number,
) {
  const result = await db.execute(sql`
    select s.id, ${local(sql`s.created_at`, timeZone)} as "createdAt", c.names as category, s.text, s.moderation,
      s.status, s.support_count as "supportCount", s.response, ${local(sql`s.responded_at`, timeZone)} as "respondedAt",
      s.note, s.follow_code as "followCode", site.site_key as "siteKey", s.merged_into_id as "mergedIntoId",
      s.author_name as "authorName", s.phone, s.created_at::text as keyset
    from suggestions s
    left join categories c on c.id = s.category_id
    left join sites site on site.id = s.site_id
    where s.community_id = ${communityId}
      ${filters.moderation ? sql`and s.moderation = ${filters.moderation}` : sql``}
      ${filters.status ? sql`and s.status = ${filters.status}` : sql``}
      ${after ? sql`and (s.created_at, s.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
    order by s.created_at, s.id
    limit ${limit}`);
  return rowsOf<SuggestionExportRow>(result);
}

export async function countSuggestions(
  db: Executor,
  communityId: string,
  filters: { moderation?: string; status?: string },
) {
  const result = await db.execute(sql`
    select count(*)::int as count from suggestions s where s.community_id = ${communityId}
      ${filters.moderation ? sql`and s.moderation = ${filters.moderation}` : sql``}
      ${filters.status ? sql`and s.status = ${filters.status}` : sql``}`);
  return rowsOf<{ count: number }>(result)[0]?.count ?? 0;
}

export interface RepairExportRow {
  id: string;
  trackingCode: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  category: LocalizedText | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  locationText: string | null;
  description: string;
  preferredTime: string | null;
  assignee: string | null;
  source: string;
  spam: boolean;
  rating: number | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  keyset: string;
}

const repairFilter = (filters: { status?: string; spam?: boolean }) => sql`
  ${filters.status ? sql`and r.status = ${filters.status}` : sql``}
  ${filters.spam === undefined ? sql`` : sql`and r.spam = ${filters.spam}`}`;

export async function repairBatch(
  db: Executor,
  communityId: string,
  timeZone: string,
  filters: { status?: string; spam?: boolean },
  after: Keyset | undefined,
  limit: number,
) {
  const result = await db.execute(sql`
    select r.id, r.tracking_code as "trackingCode", ${local(sql`r.created_at`, timeZone)} as "createdAt",
      ${local(sql`r.updated_at`, timeZone)} as "updatedAt", r.status, c.names as category, b.name as building,
      u.name as unit, r.room, r.location_text as "locationText", r.description, r.preferred_time as "preferredTime",
      a.display_name as assignee, r.source, r.spam, r.rating, r.contact_name as "contactName",
      r.contact_phone as "contactPhone", r.contact_email as "contactEmail", r.created_at::text as keyset
    from repair_requests r
    left join categories c on c.id = r.category_id
    left join buildings b on b.id = r.building_id
    left join units u on u.id = r.unit_id
    left join staff_users a on a.id = r.assignee_id
    where r.community_id = ${communityId} ${repairFilter(filters)}
      ${after ? sql`and (r.created_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
    order by r.created_at, r.id
    limit ${limit}`);
  return rowsOf<RepairExportRow>(result);
}

export async function countRepairs(db: Executor, communityId: string, filters: { status?: string; spam?: boolean }) {
  const result = await db.execute(sql`
    select count(*)::int as count from repair_requests r where r.community_id = ${communityId} ${repairFilter(filters)}`);
  return rowsOf<{ count: number }>(result)[0]?.count ?? 0;
}

export interface AuditExportRow {
  id: string;
  createdAt: string;
  actorType: string;
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: string | null;
  after: string | null;
}

const auditFilter = (filters: { from?: string; to?: string }) => sql`
  ${filters.from ? sql`and l.created_at >= ${filters.from}::timestamptz` : sql``}
  ${filters.to ? sql`and l.created_at < ${filters.to}::timestamptz` : sql``}`;

export async function auditBatch(
  db: Executor,
  communityId: string,
  timeZone: string,
  filters: { from?: string; to?: string },
  after: Keyset | undefined,
  limit: number,
) {
  const result = await db.execute(sql`
    select l.id::text as id, ${local(sql`l.created_at`, timeZone)} as "createdAt", l.actor_type as "actorType",
      s.email as "actorEmail", s.display_name as "actorName", l.action, l.subject_type as "subjectType",
      l.subject_id as "subjectId", l.before::text as before, l.after::text as after
    from audit_log l
    left join staff_users s on s.id = l.actor_id
    where l.community_id = ${communityId} ${auditFilter(filters)}
      ${after ? sql`and l.id > ${after.id}::bigint` : sql``}
    order by l.id
    limit ${limit}`);
  return rowsOf<AuditExportRow>(result);
}

export async function countAudit(db: Executor, communityId: string, filters: { from?: string; to?: string }) {
  const result = await db.execute(sql`
    select count(*)::int as count from audit_log l where l.community_id = ${communityId} ${auditFilter(filters)}`);
  return rowsOf<{ count: number }>(result)[0]?.count ?? 0;
}
