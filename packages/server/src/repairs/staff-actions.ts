// What staff do to repair requests, with its rules: the detail they see, revealing the contact, posting
// progress through the status machine (public or internal), assignment and photo visibility. Each change
// runs inside the caller's transaction on the locked repair, is audited, and is emitted on `repair:<code>`
// with a public payload only. Routes (routes/admin/repairs.ts) only check the request and answer.
import type { NewRepairUpdate } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import { audit, type StaffActor } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, invalidStatusTransition, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { setPhotoPublic } from '../repositories/photos.js';
import {
  findRepairById,
  findRepairUpdate,
  insertRepairUpdate,
  listIncidentReports,
  listRepairPhotos,
  listRepairUpdates,
  updateRepair,
} from '../repositories/repairs.js';
import { findStaffInCommunity } from '../repositories/staff.js';
import { maskPhone } from './contact.js';
import { announceToIncident, lockedRepair } from './incidents.js';
import { publicEntry, staffEntry, staffSummary } from './present.js';
import { recordPrivateStaffChange } from './staff-timeline.js';
import { canMove, nextStatuses } from './status-machine.js';
import { repairTopic } from './topic.js';

/** The repair as staff see it: the whole timeline, photos, the masked phone and the next statuses. */
export async function staffRepairDetail(db: Executor, communityId: string, id: string) {
  const repair = await findRepairById(db, communityId, id);
  if (!repair) throw notFound('The repair request');
  const [timeline, photos, mergedReports] = [
    await listRepairUpdates(db, repair.id, { publicOnly: false }),
    await listRepairPhotos(db, communityId, repair.id),
    await listIncidentReports(db, communityId, repair.id),
  ];
  return {
    ...staffSummary(repair),
    locationText: repair.locationText,
    latitude: repair.latitude,
    longitude: repair.longitude,
    answers: repair.answers,
    contact: {
      name: repair.contactName,
      phoneMasked: maskPhone(repair.contactPhone),
      hasEmail: repair.contactEmail !== null,
      consent: repair.contactConsent,
      note: repair.contactNote,
    },
    preferredTime: repair.preferredTime,
    language: repair.language,
    rating: repair.rating,
    photos,
    timeline: timeline.map(staffEntry),
    // A merged report moves with its incident: staff post on the lead.
    nextStatuses: repair.incidentId ? [] : nextStatuses(repair.status),
    mergedReports: mergedReports.map(staffSummary),
  };
}

/** The resident's name, phone and email; each reveal is audited. */
export async function revealContact(tx: Executor, actor: StaffActor, repairId: string) {
  const repair = await lockedRepair(tx, actor.communityId, repairId);
  await audit(tx, actor, 'repair.contact_revealed', { type: 'repair', id: repair.id });
  return { name: repair.contactName, phone: repair.contactPhone, email: repair.contactEmail };
}

/**
 * Posts progress: a status change (always public) and/or a note (public or internal). A client-made update
 * id makes a retry a no-op: returns false when that update was already posted.
 */
export async function postRepairUpdate(
  tx: Executor,
  actor: StaffActor,
  repairId: string,
  body: Static<typeof NewRepairUpdate>,
): Promise<boolean> {
  const { id: updateId, status, note, public: isPublic } = body;
  if (status === undefined && note === undefined) throw validation('body needs a status, a note or both.');
  const repair = await lockedRepair(tx, actor.communityId, repairId);
  const earlier = updateId ? await findRepairUpdate(tx, updateId.toLowerCase()) : undefined;
  if (earlier && earlier.repairId !== repair.id) throw conflict('This update id belongs to another repair.');
  if (earlier) return false;
  if (repair.incidentId) throw conflict('This report follows an incident: post progress on its lead.');
  if (status !== undefined && !canMove(repair.status, status)) throw invalidStatusTransition(repair.status, status);
  const base = {
    communityId: repair.communityId,
    repairId: repair.id,
    kind: 'update' as const,
    authorType: 'staff' as const,
    staffId: actor.id,
  };
  const firstId = updateId?.toLowerCase();
  if (status !== undefined) {
    await updateRepair(tx, repair.id, { status });
    // A status is always public; an internal note beside it is its own, internal entry.
    const entry = await insertRepairUpdate(tx, {
      ...base,
      id: firstId,
      status,
      note: isPublic ? (note ?? null) : null,
      public: true,
    });
    await emit(tx, repairTopic(repair), 'repair.updated', { status, entry: publicEntry(entry) });
  }
  if (note !== undefined && (!isPublic || status === undefined)) {
    const entry = await insertRepairUpdate(tx, {
      ...base,
      id: status === undefined ? firstId : undefined,
      status: null,
      note,
      public: isPublic,
    });
    if (isPublic) {
      await emit(tx, repairTopic(repair), 'repair.updated', { status: repair.status, entry: publicEntry(entry) });
    } else {
      // Residents' pages learn only that something changed, never the internal note.
      await emit(tx, repairTopic(repair), 'repair.changed', { status: status ?? repair.status });
    }
  }
  if (status !== undefined || isPublic) await announceToIncident(tx, repair, status ?? repair.status);
  await audit(
    tx,
    actor,
    'repair.updated',
    { type: 'repair', id: repair.id },
    { status: repair.status },
    { status: status ?? repair.status, note: note ?? null, public: isPublic },
  );
  return true;
}

/** Assigns the repair to an active staff member of the community (null: unassign); the same again is a no-op. */
export async function assignRepair(tx: Executor, actor: StaffActor, repairId: string, assigneeId: string | null) {
  const repair = await lockedRepair(tx, actor.communityId, repairId);
  if (assigneeId !== null) {
    const member = await findStaffInCommunity(tx, actor.communityId, assigneeId);
    if (!member?.active) throw validation('body.assigneeId is not an active staff member of this community.');
  }
  if (repair.assigneeId === assigneeId) return;
  await updateRepair(tx, repair.id, { assigneeId });
  await recordPrivateStaffChange(tx, actor, repair, {
    kind: 'assignment',
    action: 'repair.assigned',
    before: { assigneeId: repair.assigneeId },
    after: { assigneeId },
    announced: repair.status,
  });
}

/** Shows one of the repair's photos on the public timeline, or hides it again. */
export async function setRepairPhotoVisibility(
  tx: Executor,
  actor: StaffActor,
  repairId: string,
  photoId: string,
  visible: boolean,
) {
  const repair = await lockedRepair(tx, actor.communityId, repairId);
  const photos = await listRepairPhotos(tx, actor.communityId, repair.id);
  const photo = photos.find((candidate) => candidate.id === photoId);
  if (!photo) throw notFound('The photo');
  if (photo.public === visible) return;
  await setPhotoPublic(tx, actor.communityId, photoId, visible);
  await audit(
    tx,
    actor,
    'repair.photo_visibility',
    { type: 'photo', id: photoId },
    { public: photo.public },
    { public: visible },
  );
  await emit(tx, repairTopic(repair), 'repair.changed', { status: repair.status });
}
