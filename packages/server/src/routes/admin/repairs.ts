// Repair requests for staff: the list with filters, the detail (phone masked), revealing the contact
// (audited), the board's filter choices, progress updates, assignment and photo visibility. The rules and
// what each change records and announces are in repairs/staff-actions.ts.

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
import { notFound, validation } from '../../errors.js';
import { photoResponse, sendPhoto } from '../../photos/send-photo.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { staffSummary } from '../../repairs/present.js';
import {
  assignRepair,
  postRepairUpdate,
  revealContact,
  setRepairPhotoVisibility,
  staffRepairDetail,
} from '../../repairs/staff-actions.js';
import { findOwnedPhoto } from '../../repositories/photos.js';
import { listRepairChoices } from '../../repositories/repair-choices.js';
import { listRepairs } from '../../repositories/repairs.js';

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

export default async function repairStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

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
    async (request) => staffRepairDetail(app.db, currentStaff(request).communityId, request.params.id.toLowerCase()),
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
      const actor = staffActor(request);
      reply.header('cache-control', 'no-store');
      return app.db.transaction((tx) => revealContact(tx, actor, request.params.id.toLowerCase()));
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
      const actor = staffActor(request);
      const repairId = request.params.id.toLowerCase();
      const created = await app.db.transaction((tx) => postRepairUpdate(tx, actor, repairId, request.body));
      reply.code(created ? 201 : 200);
      return staffRepairDetail(app.db, actor.communityId, repairId);
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
      const actor = staffActor(request);
      const repairId = request.params.id.toLowerCase();
      const assigneeId = request.body.assigneeId?.toLowerCase() ?? null;
      await app.db.transaction((tx) => assignRepair(tx, actor, repairId, assigneeId));
      return staffRepairDetail(app.db, actor.communityId, repairId);
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
      const actor = staffActor(request);
      const repairId = request.params.id.toLowerCase();
      const photoId = request.params.photoId.toLowerCase();
      await app.db.transaction((tx) => setRepairPhotoVisibility(tx, actor, repairId, photoId, request.body.public));
      return staffRepairDetail(app.db, actor.communityId, repairId);
    },
  );
}
