// The community's audit log for its admins: every staff action with who, what, when and before/after.
//   GET /admin/api/audit?actor=&action=&subjectType=&subjectId=&from=&to=&cursor=&limit=
// Newest first in keyset pages; `action=staff` matches every `staff.*` action.
import { AuditPage, AuditQuery, ErrorResponse } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { validation } from '../../errors.js';
import { currentStaff, requireRole } from '../../plugins/staff-auth.js';
import { type AuditRow, searchAudit } from '../../repositories/audit-log.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

function present(row: AuditRow) {
  return {
    id: String(row.id),
    createdAt: new Date(row.createdAt).toISOString(),
    actor: {
      type: row.actorType,
      id: row.actorId,
      displayName: row.actorName ?? null,
      email: row.actorEmail ?? null,
    },
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

export default async function auditRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/audit',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff'],
        summary: "The community's audit log, newest first, filtered (admins only)",
        security: [{ staffSession: [] }],
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (request) => {
      const { actor, action, subjectType, subjectId, from, to, cursor } = request.query;
      const limit = request.query.limit ?? 50;
      const fromDate = from === undefined ? undefined : new Date(from);
      const toDate = to === undefined ? undefined : new Date(to);
      if (fromDate && toDate && fromDate > toDate) throw validation('query.from must not be after query.to.');
      const beforeId = cursor === undefined ? undefined : Number(cursor);
      if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) {
        throw validation('query.cursor is not a cursor from this list.');
      }
      const rows = await searchAudit(
        app.db,
        currentStaff(request).communityId,
        { actorId: actor, action, subjectType, subjectId, from: fromDate, to: toDate, beforeId },
        limit + 1,
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(present), nextCursor: rows.length > limit && last ? String(last.id) : null };
    },
  );
}
