// Repair requests for staff: the list with filters, the detail (phone masked), revealing the contact
// (audited), the board's filter choices, progress updates through the status machine (public or internal), assignment and photo
// visibility. Every change is audited and emitted on `repair:<code>` with a public payload only.

import {
  ErrorResponse,
  NewRepairUpdate,
  RepairAssignment,
  RepairChoices,
  RepairIdParams,
  RepairListQuery,
  RepairPhotoParams,
  RepairPhotoVisibility,
  RevealedContact,
  StaffRepairDetail,
  StaffRepairList,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type AuditActor, audit } from '../../audit/audit.js';
import type { Executor } from '../../db/database.js';
import { conflict, invalidStatusTransition, notFound, validation } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { topic } from '../../events/topics.js';
import { photoResponse, sendPhoto } from '../../photos/send-photo.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { maskPhone } from '../../repairs/contact.js';
import { publicEntry, staffEntry, staffSummary } from '../../repairs/present.js';
import { canMove, nextStatuses } from '../../repairs/status-machine.js';
import { findOwnedPhoto, setPhotoPublic } from '../../repositories/photos.js';
import { listRepairChoices } from '../../repositories/repair-choices.js';
import {
  findRepairById,
  findRepairUpdate,
  insertRepairUpdate,
  listRepairPhotos,
  listRepairs,
  listRepairUpdates,
  lockRepair,
  type RepairRow,
  updateRepair,
} from '../../repositories/repairs.js';
import { findStaffInCommunity } from '../../repositories/staff.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const security = [{ staffSession: [] }];

// The cursor is the last row's (createdAt, id), opaque to clients.
const encodeCursor = (createdAt: Date, id: string) =>
  Buffer.from(`${new Date(createdAt).toISOString()}|${id}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw validation('query.cursor is not a cursor from this list.');
  }
  return { createdAt, id };
}

async function detail(db: Executor, communityId: string, id: string) {
  const repair = await findRepairById(db, communityId, id);
  if (!repair) throw notFound('The repair request');
  const [timeline, photos] = [
    await listRepairUpdates(db, repair.id, { publicOnly: false }),
    await listRepairPhotos(db, communityId, repair.id),
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
    },
    preferredTime: repair.preferredTime,
    language: repair.language,
    rating: repair.rating,
    photos,
    timeline: timeline.map(staffEntry),
    nextStatuses: nextStatuses(repair.status),
  };
}

const repairTopic = (repair: RepairRow) => topic(repair.communityId, 'repair', repair.trackingCode);

export default async function repairStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const actorOf = (request: Parameters<typeof currentStaff>[0]): AuditActor & { type: 'staff' } => {
    const staff = currentStaff(request);
    return { type: 'staff', id: staff.id, communityId: staff.communityId };
  };
  /** Finds and locks the repair for a change, or 404. */
  const locked = async (tx: Executor, communityId: string, id: string) => {
    const repair = await lockRepair(tx, communityId, id);
    if (!repair) throw notFound('The repair request');
    return repair;
  };

  app.get(
    '/repairs',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Repair requests, newest first, filtered by status, category, building, assignee (spam apart)',
        security,
        querystring: RepairListQuery,
        response: { 200: StaffRepairList, ...errors },
      },
    },
    async (request) => {
      const { status, category, building, assignee, spam, cursor } = request.query;
      const limit = request.query.limit ?? 50;
      const rows = await listRepairs(app.db, currentStaff(request).communityId, {
        status,
        categoryId: category?.toLowerCase(),
        buildingId: building?.toLowerCase(),
        assigneeId: assignee?.toLowerCase(),
        spam: spam === 'true',
        before: cursor === undefined ? undefined : decodeCursor(cursor),
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(staffSummary),
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },
  );

  app.get(
    '/repairs/choices',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'The repair services, buildings and active staff the board filters and assigns by',
        security,
        response: { 200: RepairChoices, ...errors },
      },
    },
    async (request) => listRepairChoices(app.db, currentStaff(request).communityId),
  );

  app.get(
    '/repairs/:id',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'One repair request with its whole timeline; the phone is masked',
        security,
        params: RepairIdParams,
        response: { 200: StaffRepairDetail, ...errors },
      },
    },
    async (request) => detail(app.db, currentStaff(request).communityId, request.params.id.toLowerCase()),
  );

  app.post(
    '/repairs/:id/reveal-contact',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: "The resident's name, phone and email (each reveal is in the audit log)",
        security,
        params: RepairIdParams,
        response: { 200: RevealedContact, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('cache-control', 'no-store');
      return app.db.transaction(async (tx) => {
        const repair = await locked(tx, actor.communityId, request.params.id.toLowerCase());
        await audit(tx, actor, 'repair.contact_revealed', { type: 'repair', id: repair.id });
        return { name: repair.contactName, phone: repair.contactPhone, email: repair.contactEmail };
      });
    },
  );

  app.post(
    '/repairs/:id/updates',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Post progress: a status change and/or a note, public (on the resident’s timeline) or internal',
        description:
          'Status changes follow received → acknowledged → scheduled → in_progress → resolved → closed (and reopened); a status change is always public, `public` decides whether the note is. Send a client-made `id` to make a retry a no-op (200 instead of 201).',
        security,
        params: RepairIdParams,
        body: NewRepairUpdate,
        response: { 200: StaffRepairDetail, 201: StaffRepairDetail, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id: updateId, status, note, public: isPublic } = request.body;
      if (status === undefined && note === undefined) throw validation('body needs a status, a note or both.');
      const repairId = request.params.id.toLowerCase();
      const created = await app.db.transaction(async (tx) => {
        const repair = await locked(tx, actor.communityId, repairId);
        const earlier = updateId ? await findRepairUpdate(tx, updateId.toLowerCase()) : undefined;
        if (earlier && earlier.repairId !== repair.id) throw conflict('This update id belongs to another repair.');
        if (earlier) return false;
        if (status !== undefined && !canMove(repair.status, status))
          throw invalidStatusTransition(repair.status, status);
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
        await audit(
          tx,
          actor,
          'repair.updated',
          { type: 'repair', id: repair.id },
          { status: repair.status },
          { status: status ?? repair.status, note: note ?? null, public: isPublic },
        );
        return true;
      });
      reply.code(created ? 201 : 200);
      return detail(app.db, actor.communityId, repairId);
    },
  );

  app.post(
    '/repairs/:id/assignment',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Assign the repair to a staff member of the community (null: unassign)',
        security,
        params: RepairIdParams,
        body: RepairAssignment,
        response: { 200: StaffRepairDetail, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const repairId = request.params.id.toLowerCase();
      const assigneeId = request.body.assigneeId?.toLowerCase() ?? null;
      await app.db.transaction(async (tx) => {
        const repair = await locked(tx, actor.communityId, repairId);
        if (assigneeId !== null) {
          const member = await findStaffInCommunity(tx, actor.communityId, assigneeId);
          if (!member?.active) throw validation('body.assigneeId is not an active staff member of this community.');
        }
        if (repair.assigneeId === assigneeId) return;
        await updateRepair(tx, repair.id, { assigneeId });
        await insertRepairUpdate(tx, {
          communityId: repair.communityId,
          repairId: repair.id,
          kind: 'assignment',
          public: false,
          authorType: 'staff',
          staffId: actor.id,
          note: null,
        });
        await audit(
          tx,
          actor,
          'repair.assigned',
          { type: 'repair', id: repair.id },
          { assigneeId: repair.assigneeId },
          { assigneeId },
        );
        await emit(tx, repairTopic(repair), 'repair.changed', { status: repair.status });
      });
      return detail(app.db, actor.communityId, repairId);
    },
  );

  app.get(
    '/repairs/:id/photos/:photoId',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'A photo of the repair (private ones too)',
        security,
        params: RepairPhotoParams,
        response: {
          200: photoResponse(),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { communityId } = currentStaff(request);
      const owner = { kind: 'repair', id: request.params.id.toLowerCase() };
      const photo = await findOwnedPhoto(app.db, communityId, owner, request.params.photoId.toLowerCase());
      if (!photo) throw notFound('The photo');
      return sendPhoto(reply, photo, 'private');
    },
  );

  app.post(
    '/repairs/:id/photos/:photoId',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Show a photo on the public timeline, or hide it again',
        security,
        params: RepairPhotoParams,
        body: RepairPhotoVisibility,
        response: { 200: StaffRepairDetail, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const repairId = request.params.id.toLowerCase();
      const photoId = request.params.photoId.toLowerCase();
      await app.db.transaction(async (tx) => {
        const repair = await locked(tx, actor.communityId, repairId);
        const photos = await listRepairPhotos(tx, actor.communityId, repair.id);
        const photo = photos.find((candidate) => candidate.id === photoId);
        if (!photo) throw notFound('The photo');
        if (photo.public === request.body.public) return;
        await setPhotoPublic(tx, actor.communityId, photoId, request.body.public);
        await audit(
          tx,
          actor,
          'repair.photo_visibility',
          { type: 'photo', id: photoId },
          { public: photo.public },
          { public: request.body.public },
        );
        await emit(tx, repairTopic(repair), 'repair.changed', { status: repair.status });
      });
      return detail(app.db, actor.communityId, repairId);
    },
  );
}
