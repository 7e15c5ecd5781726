// Suggestions' SQL for staff, always scoped by community: every column (name, phone, internal note,
// moderation), changes, merging supports, and the community's suggestion settings.
import type { SuggestionModeration, SuggestionStatus } from '@courtyard/protocol';
import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import {
  photos,
  sites,
  suggestionSettings,
  suggestionSupports,
  suggestions,
  suggestionTrustedDevices,
} from '../db/schema.js';
import { type ListCursor, publicColumns, type SuggestionRow } from './suggestions.js';

const staffColumns = {
  ...publicColumns,
  moderation: suggestions.moderation,
  followCode: suggestions.followCode,
  name: suggestions.authorName,
  phone: suggestions.phone,
  note: suggestions.note,
  mergedIntoId: suggestions.mergedIntoId,
  siteKey: sites.siteKey,
  updatedAt: suggestions.updatedAt,
  // Written out: drizzle would render the outer columns unqualified inside the subqueries.
  photoIds: sql<string[]>`coalesce((select array_agg(p.id::text order by p.created_at) from ${photos} p
    where p.owner_kind = 'suggestion' and p.owner_id = suggestions.id), '{}')`,
  reviewReason: suggestions.reviewReason,
  source: suggestions.source,
  contactConsent: suggestions.contactConsent,
  contactNote: suggestions.contactNote,
  authorDeviceHash: suggestions.authorDeviceHash,
  authorTrusted: sql<boolean>`(suggestions.author_device_hash is not null and exists (select 1
    from ${suggestionTrustedDevices} t
    where t.community_id = suggestions.community_id and t.device_hash = suggestions.author_device_hash))`,
};
export type StaffSuggestionRow = Awaited<ReturnType<typeof findForStaff>> & {};

export async function listForStaff(
  db: Executor,
  communityId: string,
  options: { moderation?: SuggestionModeration; status?: SuggestionStatus; after?: ListCursor; limit: number },
) {
  const conditions: (SQL | undefined)[] = [eq(suggestions.communityId, communityId)];
  if (options.moderation) conditions.push(eq(suggestions.moderation, options.moderation));
  if (options.status) conditions.push(eq(suggestions.status, options.status));
  if (options.after) {
    conditions.push(
      or(
        lt(suggestions.createdAt, new Date(options.after.createdAt)),
        and(eq(suggestions.createdAt, new Date(options.after.createdAt)), lt(suggestions.id, options.after.id)),
      ),
    );
  }
  return db
    .select(staffColumns)
    .from(suggestions)
    .leftJoin(sites, eq(sites.id, suggestions.siteId))
    .where(and(...conditions))
    .orderBy(desc(suggestions.createdAt), desc(suggestions.id))
    .limit(options.limit);
}

export async function findForStaff(db: Executor, communityId: string, id: string, lock = false) {
  const query = db
    .select(staffColumns)
    .from(suggestions)
    .leftJoin(sites, eq(sites.id, suggestions.siteId))
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.id, id)));
  const [row] = lock ? await query.for('update', { of: suggestions }) : await query;
  return row;
}

export type SuggestionChanges = Partial<
  Pick<
    SuggestionRow,
    | 'moderation'
    | 'reviewReason'
    | 'status'
    | 'response'
    | 'respondedAt'
    | 'note'
    | 'mergedIntoId'
    | 'createdAt'
    | 'supportCount'
  >
>;

export async function updateSuggestion(tx: Executor, communityId: string, id: string, changes: SuggestionChanges) {
  await tx
    .update(suggestions)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.id, id)));
}

/** Moves the duplicate's supports to the target (a device that supported both counts once) and recounts. */
export async function moveSupports(tx: Executor, fromId: string, toId: string) {
  await tx.execute(sql`insert into ${suggestionSupports} (suggestion_id, voter_hash, created_at)
    select ${toId}::uuid, voter_hash, created_at from ${suggestionSupports} where suggestion_id = ${fromId}::uuid
    on conflict do nothing`);
  await tx.delete(suggestionSupports).where(eq(suggestionSupports.suggestionId, fromId));
  // Written out: drizzle would render the outer column unqualified inside the subquery.
  const counted = sql`(select count(*)::int from suggestion_supports s where s.suggestion_id = suggestions.id)`;
  await tx
    .update(suggestions)
    .set({ supportCount: counted })
    .where(or(eq(suggestions.id, fromId), eq(suggestions.id, toId)));
}

export async function readSettings(db: Executor, communityId: string) {
  const [row] = await db
    .select({ preModerate: suggestionSettings.preModerate, followUrl: suggestionSettings.followUrl })
    .from(suggestionSettings)
    .where(eq(suggestionSettings.communityId, communityId));
  return row ?? { preModerate: true, followUrl: null };
}

export async function writeSettings(
  tx: Executor,
  communityId: string,
  settings: { preModerate: boolean; followUrl: string | null },
) {
  await tx
    .insert(suggestionSettings)
    .values({ communityId, ...settings })
    .onConflictDoUpdate({ target: suggestionSettings.communityId, set: { ...settings, updatedAt: new Date() } });
}
