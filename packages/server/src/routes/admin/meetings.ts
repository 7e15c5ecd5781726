// Meetings and representatives for staff: schedule a deliberation meeting (its notice goes out through the
// notices, kind "meeting"), record its minutes and attendance; name residents' representatives. The rules are
// in topics/meetings.ts and topics/representatives.ts.
import {
  ErrorResponse,
  MeetingAgenda,
  MeetingMinutes,
  MeetingParams,
  NewMeeting,
  NewRepresentative,
  RepresentativeParams,
  StaffMeeting,
  StaffMeetingList,
  StaffMeetingListQuery,
  StaffRepresentative,
  StaffRepresentativeList,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { findMeeting, listMeetings, withAgenda } from '../../repositories/meetings.js';
import { listRepresentatives, type RepresentativeRow } from '../../repositories/representatives.js';
import { changeMeetingAgenda, recordMeetingMinutes, scheduleMeeting } from '../../topics/meetings.js';
import { presentRepresentative, presentStaffMeeting } from '../../topics/present.js';
import { addRepresentative, removeRepresentative } from '../../topics/representatives.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const security = [{ staffSession: [] }];

const presentStaffRepresentative = (row: RepresentativeRow) => ({
  ...presentRepresentative(row),
  buildingId: row.buildingId,
  unitId: row.unitId,
  createdAt: new Date(row.createdAt).toISOString(),
});

export default async function meetingStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['staff', 'topics'];

  const detail = async (db: Executor, communityId: string, id: string) => {
    const meeting = await findMeeting(db, communityId, id);
    if (!meeting) throw notFound('The meeting');
    const [full] = await withAgenda(db, [meeting]);
    return presentStaffMeeting(full as NonNullable<typeof full>);
  };

  app.get(
    '/meetings',
    {
      schema: {
        tags,
        security,
        summary: "The community's meetings, latest first",
        querystring: StaffMeetingListQuery,
        response: { 200: StaffMeetingList, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const rows = await listMeetings(app.db, communityId, request.query.limit ?? 50);
      return { items: (await withAgenda(app.db, rows)).map(presentStaffMeeting), nextCursor: null };
    },
  );

  app.post(
    '/meetings',
    {
      schema: {
        tags,
        security,
        summary: 'Schedule a meeting for topics; its notice goes to the households concerned and their chat groups',
        description:
          'A notice of kind `meeting` is published to `scope` (and so reaches the chat-group bots whose scope covers it). Each agenda topic hears `meeting.scheduled` on `topic:<id>`. Send a client-made `id` to make a retry a no-op.',
        body: NewMeeting,
        response: { 200: StaffMeeting, 201: StaffMeeting, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const created = await app.db.transaction((tx) => scheduleMeeting(tx, actor, request.body));
      reply.code(created ? 201 : 200);
      return detail(app.db, actor.communityId, created || (request.body.id as string).toLowerCase());
    },
  );

  app.get(
    '/meetings/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One meeting',
        params: MeetingParams,
        response: { 200: StaffMeeting, ...errors },
      },
    },
    async (request) => detail(app.db, currentStaff(request).communityId, request.params.id.toLowerCase()),
  );

  app.put(
    '/meetings/:id/agenda',
    {
      schema: {
        tags,
        security,
        summary: 'Change the agenda (add, remove or reorder topics) until the meeting is held',
        description:
          'The whole new agenda, in order. A held meeting (minutes recorded) is a 409, a topic this community does not have a 400, a done or dropped topic added a 409. While the meeting notice is open it posts the new agenda as an update (so its chat groups hear it); each topic on the old or new agenda hears `meeting.agenda` on `topic:<id>` (live only: chat groups hear the notice’s update). Audited as `meeting.agenda_changed`.',
        params: MeetingParams,
        body: MeetingAgenda,
        response: { 200: StaffMeeting, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) => changeMeetingAgenda(tx, actor, id, request.body));
      return detail(app.db, actor.communityId, id);
    },
  );

  app.post(
    '/meetings/:id/minutes',
    {
      schema: {
        tags,
        security,
        summary: 'Record (or correct) the minutes and how many of each party attended (counts, no names)',
        params: MeetingParams,
        body: MeetingMinutes,
        response: { 200: StaffMeeting, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) => recordMeetingMinutes(tx, actor, id, request.body));
      return detail(app.db, actor.communityId, id);
    },
  );

  app.get(
    '/representatives',
    {
      schema: {
        tags,
        security,
        summary: "The community's residents' representatives (role, place, display name; no phone is kept)",
        response: { 200: StaffRepresentativeList, ...errors },
      },
    },
    async (request) => {
      const rows = await listRepresentatives(app.db, currentStaff(request).communityId);
      return { items: rows.map(presentStaffRepresentative), nextCursor: null };
    },
  );

  app.post(
    '/representatives',
    {
      schema: {
        tags,
        security,
        summary: 'Name a residents’ representative of a building or unit (no login needed)',
        body: NewRepresentative,
        response: { 201: StaffRepresentative, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const row = await app.db.transaction((tx) => addRepresentative(tx, actor, request.body));
      return reply.code(201).send(presentStaffRepresentative(row));
    },
  );

  app.delete(
    '/representatives/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a representative',
        params: RepresentativeParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      await app.db.transaction((tx) => removeRepresentative(tx, actor, request.params.id.toLowerCase()));
      return reply.code(204).send(null);
    },
  );
}
