// Privacy in the staff API: the community's retention settings and the export of everything held about one
// submission (admins only; reading an export is itself audited, it shows contact details), and erasing a
// submission's personal data when the resident asks (any staff member, audited): a resident without the
// private link of their receipt — an elderly resident with the code on paper — erases through staff.
import {
  ErrorResponse,
  RepairExport,
  RetentionSettings,
  StaffErasure,
  SubmissionIdParams,
  SuggestionExport,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { notFound } from '../../errors.js';
import { currentStaff, requireRole, staffActor } from '../../plugins/staff-auth.js';
import { eraseSubmission } from '../../privacy/erase-submission.js';
import { readRetention, writeRetention } from '../../privacy/retention-settings.js';
import { lockRepair } from '../../repositories/repairs.js';
import { exportRepair, exportSuggestion } from '../../repositories/submission-export.js';
import { findForStaff } from '../../repositories/suggestions-staff.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const security = [{ staffSession: [] }];

export default async function privacyStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/retention-settings',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'privacy'],
        summary: 'How long contact details and non-public photos are kept (admins only)',
        security,
        response: { 200: RetentionSettings, ...errors },
      },
    },
    async (request) => readRetention(app.db, currentStaff(request).communityId),
  );

  app.put(
    '/retention-settings',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'privacy'],
        summary: 'Change how long contact details and non-public photos are kept (admins only)',
        description: 'The hourly retention job applies the new periods from its next run, to past submissions too.',
        security,
        body: RetentionSettings,
        response: { 200: RetentionSettings, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      return app.db.transaction(async (tx) => {
        const before = await readRetention(tx, actor.communityId);
        await writeRetention(tx, actor.communityId, request.body);
        await audit(
          tx,
          actor,
          'retention_settings.updated',
          { type: 'community', id: actor.communityId },
          before,
          request.body,
        );
        return request.body;
      });
    },
  );

  app.get(
    '/suggestions/:id/export',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'privacy'],
        summary: 'Everything held about one suggestion, contact details included (admins only; audited)',
        security,
        params: SubmissionIdParams,
        response: { 200: SuggestionExport, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      const found = await app.db.transaction(async (tx) => {
        const exported = await exportSuggestion(tx, actor.communityId, id, new Date());
        if (exported) await audit(tx, actor, 'privacy.exported', { type: 'suggestion', id });
        return exported;
      });
      if (!found) throw notFound('The suggestion');
      reply.header('cache-control', 'no-store');
      return found;
    },
  );

  app.get(
    '/repairs/:id/export',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff', 'privacy'],
        summary: 'Everything held about one repair request, contact details included (admins only; audited)',
        security,
        params: SubmissionIdParams,
        response: { 200: RepairExport, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      const found = await app.db.transaction(async (tx) => {
        const exported = await exportRepair(tx, actor.communityId, id, new Date());
        if (exported) await audit(tx, actor, 'privacy.exported', { type: 'repair', id });
        return exported;
      });
      if (!found) throw notFound('The repair request');
      reply.header('cache-control', 'no-store');
      return found;
    },
  );

  const erasure = {
    tags: ['staff', 'privacy'],
    description:
      'For a resident who asks staff (by phone, at the office) instead of using the private link of their receipt. Erases the name, phone, email, room, free-text location and non-public photos; the submission itself stays. Any staff member; audited as privacy.erased_by_staff, also when nothing was left.',
    security,
    params: SubmissionIdParams,
    response: { 200: StaffErasure, ...errors },
  };

  app.delete(
    '/repairs/:id/personal-data',
    { schema: { ...erasure, summary: 'Erase a repair request’s personal data on the resident’s request' } },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      return app.db.transaction(async (tx) => {
        const repair = await lockRepair(tx, actor.communityId, id);
        if (!repair) throw notFound('The repair request');
        return eraseSubmission(tx, actor, { kind: 'repair', id, trackingCode: repair.trackingCode });
      });
    },
  );

  app.delete(
    '/suggestions/:id/personal-data',
    { schema: { ...erasure, summary: 'Erase a suggestion’s personal data on the resident’s request' } },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      return app.db.transaction(async (tx) => {
        if (!(await findForStaff(tx, actor.communityId, id, true))) throw notFound('The suggestion');
        return eraseSubmission(tx, actor, { kind: 'suggestion', id });
      });
    },
  );
}
