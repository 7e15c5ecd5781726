// Erasing one submission's personal data on request: by the resident (code and resident key) or by staff on
// the resident's behalf. Contact and non-public photos go; the erasure is audited and announced on the
// submission's topic, neither holding the data.
import { type AuditActor, audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { emit } from '../events/emit.js';
import { topic } from '../events/topics.js';
import { deletePrivatePhotos, eraseRepairContacts, eraseSuggestionContacts } from '../repositories/personal-data.js';

export const ERASED_EVENT = 'personal_data.erased';

export type ErasedSubmission =
  | { kind: 'suggestion'; id: string }
  | { kind: 'repair'; id: string; trackingCode: string };

/**
 * Erases and records it. A resident's request that finds nothing left records nothing (a retry is
 * harmless); a staff member's is recorded in any case, as every staff action is.
 */
export async function eraseSubmission(
  tx: Executor,
  actor: AuditActor,
  submission: ErasedSubmission,
): Promise<{ contact: boolean; photos: number }> {
  const { communityId } = actor;
  const erased =
    submission.kind === 'repair'
      ? await eraseRepairContacts(tx, [submission.id])
      : await eraseSuggestionContacts(tx, [submission.id]);
  const photos = await deletePrivatePhotos(tx, communityId, submission.kind, [submission.id]);
  const result = { contact: erased.length > 0, photos };
  const changed = result.contact || photos > 0;
  if (changed || actor.type === 'staff') {
    const action = actor.type === 'staff' ? 'privacy.erased_by_staff' : 'privacy.erased_by_resident';
    await audit(tx, actor, action, { type: submission.kind, id: submission.id }, null, result);
  }
  if (changed) {
    // A repair's topic is its tracking code; its payload stays empty, as the topic already names it.
    if (submission.kind === 'repair') {
      await emit(tx, topic(communityId, 'repair', submission.trackingCode), ERASED_EVENT, {});
    } else {
      await emit(tx, topic(communityId, 'suggestion', submission.id), ERASED_EVENT, { id: submission.id });
    }
  }
  return result;
}
