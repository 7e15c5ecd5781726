// Duty rotas for staff: set one up, change or close it, see its coverage (who is on each day, by room, and
// the gaps), remove a household's duty, and issue household codes for the sheet. The rules are in
// rota/staff-actions.ts; this file checks the request and presents the answer.
import {
  EditRota,
  ErrorResponse,
  NewRota,
  RotaCodes,
  RotaCoverage,
  RotaCoverageQuery,
  RotaDutyParams,
  RotaParams,
  StaffRota,
  StaffRotaList,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { findRota, listRotas } from '../../repositories/rotas.js';
import { mondayOf, todayIn } from '../../rota/dates.js';
import { rotaSheets } from '../../rota/links.js';
import { isCovered, presentDays, presentStaffRota } from '../../rota/present.js';
import { closeRota, createRota, editRota, issueHouseholdCodes, removeDuty } from '../../rota/staff-actions.js';
import { queriedDay, rotaTable } from '../../rota/week.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['staff', 'rotas'];
const security = [{ staffSession: [] }];

export default async function rotaStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const publicUrl = app.config.publicUrl;

  const detail = async (db: Executor, communityId: string, id: string) => {
    const rota = await findRota(db, communityId, id);
    if (!rota) throw notFound('The rota');
    const sheetOf = await rotaSheets(db, publicUrl, communityId);
    return { rota, presented: presentStaffRota(rota, sheetOf(rota.id)) };
  };

  app.get(
    '/rotas',
    {
      schema: {
        tags,
        security,
        summary: "The community's duty rotas, newest first",
        response: { 200: StaffRotaList, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const sheetOf = await rotaSheets(app.db, publicUrl, communityId);
      const rows = await listRotas(app.db, communityId);
      return { items: rows.map((rota) => presentStaffRota(rota, sheetOf(rota.id))), nextCursor: null };
    },
  );

  app.post(
    '/rotas',
    {
      schema: {
        tags,
        security,
        summary: 'Set up a duty rota for a building, a unit or a range of floors',
        description:
          'Tasks (sweep the stairs, wipe the handrails…), the weekdays it covers (1 Monday … 7 Sunday), households a day, and whether signing up needs the household code from its sheet (`POST /rotas/{id}/codes` issues them).',
        body: NewRota,
        response: { 201: StaffRota, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = await app.db.transaction((tx) => createRota(tx, actor, request.body));
      reply.code(201);
      return (await detail(app.db, actor.communityId, id)).presented;
    },
  );

  app.patch(
    '/rotas/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change an open rota’s title, tasks, weekdays, floors, households a day or code rule',
        description:
          'Only the fields sent change; `floorFrom` and `floorTo` go together (both null: all floors). Duties already taken stay. Audited as `rota.updated` with the values before and after; pages showing the rota hear `rota.changed`.',
        params: RotaParams,
        body: EditRota,
        response: { 200: StaffRota, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) => editRota(tx, actor, id, request.body));
      return (await detail(app.db, actor.communityId, id)).presented;
    },
  );

  app.post(
    '/rotas/:id/close',
    {
      schema: {
        tags,
        security,
        summary: 'Close a rota: it takes no more sign-ups and no longer shows as a gap',
        params: RotaParams,
        response: { 200: StaffRota, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) => closeRota(tx, actor, id));
      return (await detail(app.db, actor.communityId, id)).presented;
    },
  );

  app.get(
    '/rotas/:id/coverage',
    {
      schema: {
        tags,
        security,
        summary: 'Who is on duty each day (with rooms), and the gaps',
        description: '`from` (default: this week’s Monday) and `days` (default 28).',
        params: RotaParams,
        querystring: RotaCoverageQuery,
        response: { 200: RotaCoverage, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const { rota, presented } = await detail(app.db, communityId, request.params.id.toLowerCase());
      const today = todayIn(rota.timeZone);
      const { days, duties } = await rotaTable(
        app.db,
        rota,
        queriedDay('from', request.query.from) ?? mondayOf(today),
        request.query.days ?? 28,
      );
      const table = presentDays(rota, duties, days, true);
      const covered = days.filter((day) => isCovered(rota, day));
      return {
        rota: presented,
        today,
        days: table,
        coveredDays: covered.length,
        fullDays: table.filter((day) => day.covered && day.duties.length >= rota.perDay).length,
      };
    },
  );

  app.delete(
    '/rotas/:id/signups/:dutyId',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a household’s duty (moved away, signed up by mistake): the day opens again',
        params: RotaDutyParams,
        response: { 200: Type.Object({ id: RotaDutyParams.properties.dutyId }), ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const dutyId = request.params.dutyId.toLowerCase();
      await app.db.transaction((tx) => removeDuty(tx, actor, request.params.id.toLowerCase(), dutyId));
      return { id: dutyId };
    },
  );

  app.post(
    '/rotas/:id/codes',
    {
      schema: {
        tags,
        security,
        summary: 'Issue a household code for every household the rota covers (shown once, for the sheet)',
        description: 'Codes issued before stop working. The server keeps only their HMAC.',
        params: RotaParams,
        response: { 200: RotaCodes, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const items = await app.db.transaction((tx) =>
        issueHouseholdCodes(tx, actor, app.secret, request.params.id.toLowerCase()),
      );
      reply.header('cache-control', 'no-store');
      return { items };
    },
  );
}
