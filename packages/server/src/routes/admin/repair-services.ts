// Repair services (categories of kind 'repair') for admins: names, description, emergency notice, extra
// questions (Open311 attributes), order and whether residents can pick them. Every change is audited.
import {
  ErrorResponse,
  RepairIdParams,
  RepairServiceInput,
  StaffRepairService,
  StaffRepairServiceList,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { conflict, notFound, validation } from '../../errors.js';
import { currentStaff, requireRole, staffActor } from '../../plugins/staff-auth.js';
import {
  findRepairServiceAnyState,
  insertRepairService,
  listRepairServices,
  type RepairServiceRow,
  updateRepairService,
} from '../../repositories/repair-services.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const security = [{ staffSession: [] }];

function present(row: RepairServiceRow) {
  return {
    id: row.id,
    slug: row.slug,
    names: row.names,
    description: row.description ?? null,
    emergencyNotice: row.emergencyNotice ?? null,
    questions: row.questions,
    sortOrder: row.sortOrder,
    active: row.active,
  };
}

/** Question codes are unique; choice questions have choices and only they do. */
function checkQuestions(input: Static<typeof RepairServiceInput>) {
  const questions = input.questions ?? [];
  const codes = new Set(questions.map((question) => question.code));
  if (codes.size !== questions.length) throw validation('body.questions has a code twice.');
  for (const question of questions) {
    const isChoice = question.kind === 'single' || question.kind === 'multi';
    if (isChoice !== (question.options !== undefined)) {
      throw validation(`body.questions "${question.code}": options go with single and multi questions only.`);
    }
    const keys = new Set((question.options ?? []).map((option) => option.key));
    if (keys.size !== (question.options ?? []).length)
      throw validation(`body.questions "${question.code}" has a choice twice.`);
  }
}

export default async function repairServiceRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/repair-services',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Every repair service of the community, inactive ones too',
        security,
        response: { 200: StaffRepairServiceList, ...errors },
      },
    },
    async (request) => {
      const rows = await listRepairServices(app.db, currentStaff(request).communityId, { includeInactive: true });
      return { items: rows.map(present) };
    },
  );

  app.post(
    '/repair-services',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Add a repair service (admins only); 409 when the slug is taken',
        security,
        body: RepairServiceInput,
        response: { 201: StaffRepairService, ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      checkQuestions(request.body);
      const row = await app.db.transaction(async (tx) => {
        const { description, emergencyNotice, ...rest } = request.body;
        const inserted = await insertRepairService(tx, {
          ...rest,
          description: description ?? null,
          emergencyNotice: emergencyNotice ?? null,
          communityId: staff.communityId,
        });
        if (!inserted) throw conflict('A category with this slug exists.');
        await audit(
          tx,
          staffActor(request),
          'repair_service.created',
          { type: 'category', id: inserted.id },
          null,
          present(inserted),
        );
        return inserted;
      });
      reply.code(201);
      return present(row);
    },
  );

  app.put(
    '/repair-services/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Replace a repair service’s settings (admins only); sending the same twice changes nothing',
        security,
        params: RepairIdParams,
        body: RepairServiceInput,
        response: { 200: StaffRepairService, ...errors },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      checkQuestions(request.body);
      const id = request.params.id.toLowerCase();
      return app.db.transaction(async (tx) => {
        const before = await findRepairServiceAnyState(tx, staff.communityId, id);
        if (!before) throw notFound('The repair service');
        const body = request.body;
        const after = await updateRepairService(tx, staff.communityId, id, {
          slug: body.slug,
          names: body.names,
          description: body.description ?? null,
          emergencyNotice: body.emergencyNotice ?? null,
          questions: body.questions ?? [],
          sortOrder: body.sortOrder ?? before.sortOrder,
          active: body.active ?? before.active,
        }).catch((error: unknown) => {
          if (
            (error as { code?: string; cause?: { code?: string } }).code === '23505' ||
            (error as { cause?: { code?: string } }).cause?.code === '23505'
          ) {
            throw conflict('A category with this slug exists.');
          }
          throw error;
        });
        await audit(
          tx,
          staffActor(request),
          'repair_service.updated',
          { type: 'category', id },
          present(before),
          present(after!),
        );
        return present(after!);
      });
    },
  );
}
