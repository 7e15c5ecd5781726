// Erasing a submission's personal data: the text stays for the community's record, the contact goes.
// Used by the resident's own request (by follow or tracking code) and by the retention job.
import { and, eq, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { photos, repairRequests, suggestions } from '../db/schema.js';

/** The personal fields of a suggestion: who sent it, how to reach them, and the device it came from. */
const SUGGESTION_CONTACT = { authorName: null, phone: null, authorDeviceHash: null };
/** A repair's contact, and the room: it names one household, where building and unit are shared. */
const REPAIR_CONTACT = { contactName: null, contactPhone: null, contactEmail: null, room: null, locationText: null };

export const suggestionHasContact = or(
  isNotNull(suggestions.authorName),
  isNotNull(suggestions.phone),
  isNotNull(suggestions.authorDeviceHash),
) as SQL;
export const repairHasContact = or(
  isNotNull(repairRequests.contactName),
  isNotNull(repairRequests.contactPhone),
  isNotNull(repairRequests.contactEmail),
  isNotNull(repairRequests.room),
  isNotNull(repairRequests.locationText),
) as SQL;

/** Clears the contact of the suggestions `where` selects; returns their ids. */
export async function eraseSuggestionContacts(tx: Executor, where: SQL): Promise<string[]> {
  const rows = await tx
    .update(suggestions)
    .set(SUGGESTION_CONTACT)
    .where(and(where, suggestionHasContact))
    .returning({ id: suggestions.id });
  return rows.map((row) => row.id);
}

export async function eraseRepairContacts(tx: Executor, where: SQL): Promise<string[]> {
  const rows = await tx
    .update(repairRequests)
    .set(REPAIR_CONTACT)
    .where(and(where, repairHasContact))
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
