// What staff do to suggestions, with its rules: moderation and answers, merging a duplicate, trusting the
// device a suggestion came from. Each runs inside the caller's transaction, is audited, and announces what
// residents may see change on the suggestion's topic. Routes (routes/admin/suggestions.ts) only check the
// request and present the result.
import { SUGGESTION_TOPIC_EVENT } from '@courtyard/protocol';
import type { UpdateSuggestion } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import { type AuditActor, audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { topic } from '../events/topics.js';
import { MODERATION } from '../moderation/moderate.js';
import { trustDevice, untrustDevice } from '../repositories/suggestion-trust.js';
import {
  findForStaff,
  moveSupports,
  type StaffSuggestionRow,
  type SuggestionChanges,
  updateSuggestion,
} from '../repositories/suggestions-staff.js';
import { topicsOfSuggestion } from '../repositories/topics.js';
import { ANSWERED_EVENT, PUBLISHED_EVENT, UPDATED_EVENT } from './events.js';

type StaffActor = AuditActor & { type: 'staff'; id: string };

/** What residents may see change: announced on the suggestion's topic (no name, phone or note). */
async function announce(tx: Executor, communityId: string, id: string) {
  const row = await findForStaff(tx, communityId, id);
  if (!row) return;
  await emit(tx, topic(communityId, 'suggestion', id), UPDATED_EVENT, {
    id: row.id,
    moderation: row.moderation,
    status: row.status,
    supportCount: row.supportCount,
    response: row.response,
    respondedAt: row.respondedAt ? new Date(row.respondedAt).toISOString() : null,
    mergedIntoId: row.mergedIntoId,
  });
}

async function reread(tx: Executor, communityId: string, id: string): Promise<StaffSuggestionRow> {
  return (await findForStaff(tx, communityId, id))!;
}

/** Moderates, sets the status, answers (dated now; null withdraws) or notes a suggestion. */
export async function changeSuggestion(
  tx: Executor,
  actor: StaffActor,
  id: string,
  body: Static<typeof UpdateSuggestion>,
): Promise<StaffSuggestionRow> {
  const { communityId } = actor;
  const before = await findForStaff(tx, communityId, id, true);
  if (!before) throw notFound('The suggestion');
  const changes: SuggestionChanges = {};
  if (body.moderation) changes.moderation = MODERATION[body.moderation];
  // Moderated by staff: it leaves the inbox's "to review", whatever they decided.
  if (body.moderation && before.reviewReason) changes.reviewReason = null;
  if (body.status) changes.status = body.status;
  if (body.response !== undefined) {
    changes.response = body.response?.trim() ?? null;
    changes.respondedAt = body.response === null ? null : new Date();
  }
  if (body.note !== undefined) changes.note = body.note;
  await updateSuggestion(tx, communityId, before.id, changes);
  const changed = Object.keys(changes) as (keyof SuggestionChanges)[];
  const pick = (row: Record<string, unknown>) =>
    Object.fromEntries(changed.filter((key) => key !== 'respondedAt').map((key) => [key, row[key] ?? null]));
  await audit(tx, actor, 'suggestion.updated', { type: 'suggestion', id: before.id }, pick(before), pick(changes));
  if (changed.some((key) => key !== 'note')) await announce(tx, communityId, before.id);
  const suggestionTopic = topic(communityId, 'suggestion', before.id);
  if (changes.moderation === 'published' && before.moderation !== 'published') {
    await emit(tx, suggestionTopic, PUBLISHED_EVENT, { id: before.id });
  }
  if (changes.response) await emit(tx, suggestionTopic, ANSWERED_EVENT, { id: before.id });
  return reread(tx, communityId, before.id);
}

/**
 * Merges a duplicate into `intoId`: the duplicate leaves the board and points to the target, which gets its
 * supports (a device that supported both counts once). Returns the target.
 */
export async function mergeSuggestion(
  tx: Executor,
  actor: StaffActor,
  duplicateId: string,
  intoId: string,
): Promise<StaffSuggestionRow> {
  const { communityId } = actor;
  if (intoId.toLowerCase() === duplicateId.toLowerCase()) {
    throw validation('A suggestion cannot be merged into itself.');
  }
  const duplicate = await findForStaff(tx, communityId, duplicateId, true);
  const target = await findForStaff(tx, communityId, intoId.toLowerCase(), true);
  if (!duplicate || !target) throw notFound('The suggestion');
  if (duplicate.mergedIntoId) throw conflict('This suggestion was already merged into another.');
  if (target.mergedIntoId) throw conflict('The target was itself merged into another suggestion.');
  await updateSuggestion(tx, communityId, duplicate.id, { mergedIntoId: target.id });
  await moveSupports(tx, duplicate.id, target.id);
  await audit(
    tx,
    actor,
    'suggestion.merged',
    { type: 'suggestion', id: duplicate.id },
    { mergedIntoId: null, supportCount: duplicate.supportCount },
    { mergedIntoId: target.id },
  );
  await announce(tx, communityId, duplicate.id);
  await announce(tx, communityId, target.id);
  // Merged into one already discussed as a topic: the duplicate's follower is told so at once.
  const topics = await topicsOfSuggestion(tx, communityId, { id: duplicate.id, mergedIntoId: target.id });
  if (topics.length)
    await emit(tx, topic(communityId, 'suggestion', duplicate.id), SUGGESTION_TOPIC_EVENT, {
      id: duplicate.id,
      topics,
    });
  return reread(tx, communityId, target.id);
}

/**
 * Publishes a suggestion (if it was not) and trusts the device it came from in the community. A phone
 * number is never trusted: anyone can type one. 409 when it came without a device.
 */
export async function approveAndTrust(tx: Executor, actor: StaffActor, id: string): Promise<StaffSuggestionRow> {
  const { communityId } = actor;
  const row = await findForStaff(tx, communityId, id, true);
  if (!row) throw notFound('The suggestion');
  if (!row.authorDeviceHash) throw conflict('This suggestion came without a device to trust.');
  if (row.moderation !== 'published') {
    await updateSuggestion(tx, communityId, row.id, { moderation: 'published', reviewReason: null });
    await audit(
      tx,
      actor,
      'suggestion.updated',
      { type: 'suggestion', id: row.id },
      { moderation: row.moderation },
      { moderation: 'published' },
    );
    await announce(tx, communityId, row.id);
  }
  if (await trustDevice(tx, communityId, row.authorDeviceHash, actor.id)) {
    // The audit names the suggestion, not the device: the log is no second copy of its hash.
    await audit(tx, actor, 'suggestion.author_trusted', { type: 'suggestion', id: row.id }, null, { trusted: true });
  }
  return reread(tx, communityId, row.id);
}

/** Stops trusting the device a suggestion came from: its later suggestions wait for moderation again. */
export async function stopTrusting(tx: Executor, actor: StaffActor, id: string): Promise<StaffSuggestionRow> {
  const { communityId } = actor;
  const row = await findForStaff(tx, communityId, id);
  if (!row) throw notFound('The suggestion');
  if (row.authorDeviceHash && (await untrustDevice(tx, communityId, row.authorDeviceHash))) {
    await audit(
      tx,
      actor,
      'suggestion.author_untrusted',
      { type: 'suggestion', id: row.id },
      { trusted: true },
      { trusted: false },
    );
  }
  return reread(tx, communityId, row.id);
}
