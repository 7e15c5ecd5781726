// The community's staff, for admins. Another community's staff id answers 404 (never 403), so its
// existence is not revealed.
import { ErrorResponse, ManagedStaffAccount, Page, StaffIdParams, StaffListQuery } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound, validation } from '../../errors.js';
import { currentStaff, requireRole } from '../../plugins/staff-auth.js';
import { type StaffAccount as Account, findStaffInCommunity, listStaff } from '../../repositories/staff.js';
import { pendingInvitations } from '../../repositories/staff-links.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** An account as admins see it; `invitationPending` until the person accepts their invitation link. */
export function presentStaff(account: Account, invitationPending: boolean) {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    active: account.active,
    lastLoginAt: account.lastLoginAt ? new Date(account.lastLoginAt).toISOString() : null,
    createdAt: new Date(account.createdAt).toISOString(),
    invitationPending,
  };
}

// The cursor is the last email of the previous page, opaque to clients.
const encodeCursor = (email: string) => Buffer.from(email, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const email = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!email.includes('@')) throw validation('query.cursor is not a cursor from this list.');
  return email;
}

export default async function staffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/staff',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff'],
        summary: "The community's staff accounts (admins only)",
        security: [{ staffSession: [] }],
        querystring: StaffListQuery,
        response: { 200: Page(ManagedStaffAccount), ...errors },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
      const rows = await listStaff(app.db, currentStaff(request).communityId, { limit: limit + 1, after });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const pending = await pendingInvitations(
        app.db,
        items.map((account) => account.id),
      );
      return {
        items: items.map((account) => presentStaff(account, pending.has(account.id))),
        nextCursor: rows.length > limit && last ? encodeCursor(last.email) : null,
      };
    },
  );

  app.get(
    '/staff/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff'],
        summary: 'One staff account of the community (admins only)',
        security: [{ staffSession: [] }],
        params: StaffIdParams,
        response: { 200: ManagedStaffAccount, ...errors },
      },
    },
    async (request) => {
      const account = await findStaffInCommunity(app.db, currentStaff(request).communityId, request.params.id);
      if (!account) throw notFound('The staff member');
      return presentStaff(account, (await pendingInvitations(app.db, [account.id])).has(account.id));
    },
  );
}
