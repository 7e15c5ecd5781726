// Erasing a submission's personal data: the text stays for the community's record, the contact goes.
// Used by the resident's own request (privacy/erase-submission.ts) and by the retention job
// (jobs/retention.ts), which also finds here what has outlived its community's retention.
import { and, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { communities, photos, repairRequests, retentionSettings, suggestions } from '../db/schema.js';

/** The personal fields of a suggestion: who sent it, how to reach them, and the device it came from. */
const SUGGESTION_CONTACT = { authorName: null, phone: null, authorDeviceHash: null, contactNote: null };
/** A repair's contact, and the room: it names one household, where building and unit are shared. */
const REPAIR_CONTACT = {
  contactName: null,
  contactPhone: null,
  contactEmail: null,
  room: null,
  locationText: null,
  contactNote: null,
};

const suggestionHasContact = or(
  isNotNull(suggestions.authorName),
  isNotNull(suggestions.phone),
  isNotNull(suggestions.authorDeviceHash),
  isNotNull(suggestions.contactNote),
) as SQL;
const repairHasContact = or(
  isNotNull(repairRequests.contactName),
  isNotNull(repairRequests.contactPhone),
  isNotNull(repairRequests.contactEmail),
  isNotNull(repairRequests.room),
  isNotNull(repairRequests.locationText),
  isNotNull(repairRequests.contactNote),
) as SQL;

/** Clears the contact of these suggestions; returns the ids of those that still had one. */
export async function eraseSuggestionContacts(tx: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(suggestions)
    .set(SUGGESTION_CONTACT)
    .where(and(inArray(suggestions.id, ids), suggestionHasContact))
    .returning({ id: suggestions.id });
  return rows.map((row) => row.id);
}

export async function eraseRepairContacts(tx: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(repairRequests)
    .set(REPAIR_CONTACT)
    .where(and(inArray(repairRequests.id, ids), repairHasContact))
    .returning({ id: repairRequests.id });
  return rows.map((row) => row.id);
}

/** Deletes the photos of these submissions that staff never made public; returns how many. */
export async function deletePrivatePhotos(
  tx: Executor,
  communityId: string,
  ownerKind: 'suggestion' | 'repair',
  ownerIds: string[],
): Promise<number> {
  if (ownerIds.length === 0) return 0;
  const rows = await tx
    .delete(photos)
    .where(
      and(
        eq(photos.communityId, communityId),
        eq(photos.ownerKind, ownerKind),
        inArray(photos.ownerId, ownerIds),
        eq(photos.public, false),
      ),
    )
    .returning({ id: photos.id });
  return rows.length;
}

/** Each community with its chosen retention (null where it never chose: the defaults apply). */
export function listRetentionPolicies(
  db: Executor,
): Promise<{ communityId: string; contactDays: number | null; photoDays: number | null }[]> {
  return db
    .select({
      communityId: communities.id,
      contactDays: retentionSettings.contactDays,
      photoDays: retentionSettings.photoDays,
    })
    .from(communities)
    .leftJoin(retentionSettings, eq(retentionSettings.communityId, communities.id));
}

const privatePhotoOf = (kind: string, id: SQL) =>
  sql`exists (select 1 from photos p where p.owner_kind = ${kind} and p.owner_id = ${id} and not p.public)`;

// When a submission was finished: a suggestion when answered (or declined/done), a repair when closed.
// The cutoff goes as text: postgres.js cannot type a bare Date parameter inside raw SQL.
const suggestionFinished = (communityId: string, cutoff: Date) =>
  and(
    eq(suggestions.communityId, communityId),
    or(inArray(suggestions.status, ['declined', 'done']), isNotNull(suggestions.respondedAt)),
    sql`coalesce(${suggestions.respondedAt}, ${suggestions.updatedAt}) < ${cutoff.toISOString()}::timestamptz`,
  );
const repairFinished = (communityId: string, cutoff: Date) =>
  and(
    eq(repairRequests.communityId, communityId),
    eq(repairRequests.status, 'closed'),
    sql`coalesce((select max(u.created_at) from repair_updates u where u.repair_id = ${repairRequests.id} and u.status = 'closed'), ${repairRequests.updatedAt}) < ${cutoff.toISOString()}::timestamptz`,
  );

/**
 * Up to `limit` of the community's suggestions or repairs finished before `cutoff` (a repair when closed)
 * that still hold what retention removes: a contact (`contact`) or a photo staff never made public (`photos`).
 */
export async function findPastRetention(
  db: Executor,
  kind: 'suggestion' | 'repair',
  communityId: string,
  holding: 'contact' | 'photos',
  cutoff: Date,
  limit: number,
): Promise<string[]> {
  const table = kind === 'suggestion' ? suggestions : repairRequests;
  const finished = kind === 'suggestion' ? suggestionFinished : repairFinished;
  const hasContact = kind === 'suggestion' ? suggestionHasContact : repairHasContact;
  const held = holding === 'contact' ? hasContact : privatePhotoOf(kind, sql`${table.id}`);
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(finished(communityId, cutoff), held))
    .limit(limit);
  return rows.map((row) => row.id);
}

/** The community's chosen retention, or undefined where it never chose. */
export async function findRetentionSettings(
  db: Executor,
  communityId: string,
): Promise<{ contactDays: number; photoDays: number } | undefined> {
  const [row] = await db
    .select({ contactDays: retentionSettings.contactDays, photoDays: retentionSettings.photoDays })
    .from(retentionSettings)
    .where(eq(retentionSettings.communityId, communityId));
  return row;
}

export async function saveRetentionSettings(
  tx: Executor,
  communityId: string,
  policy: { contactDays: number; photoDays: number },
): Promise<void> {
  await tx
    .insert(retentionSettings)
    .values({ communityId, ...policy })
    .onConflictDoUpdate({
      target: retentionSettings.communityId,
      set: { contactDays: policy.contactDays, photoDays: policy.photoDays, updatedAt: sql`now()` },
    });
}
