// Admins manage their community's staff. There is no email: an invitation or a password reset is a
// one-time link the admin copies to the person (72 h / 24 h, single use, only its hash stored, audited).
//   POST  /admin/api/staff/invitations          { email, displayName, role } → 201 { staff, link }
//   POST  /admin/api/staff/:id/invitation       → 201 { staff, link }  a new link for a pending invitation
//   POST  /admin/api/staff/:id/password-reset   → 201 { staff, link }
//   PATCH /admin/api/staff/:id                  { role?, active? } → 200 staff (deactivating ends sessions)
import { randomBytes } from 'node:crypto';
import {
  ErrorResponse,
  InviteStaffRequest,
  ManagedStaffAccount,
  StaffIdParams,
  StaffLinkResponse,
  UpdateStaffRequest,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type AuditActor, audit } from '../../audit/audit.js';
import { hashPassword } from '../../auth/password.js';
import { newLinkToken } from '../../auth/staff-link-token.js';
import type { Executor } from '../../db/database.js';
import { conflict, notFound, validation } from '../../errors.js';
import { currentStaff, requireRole } from '../../plugins/staff-auth.js';
import { deleteSessionsOfStaff } from '../../repositories/sessions.js';
import {
  findStaffInCommunityForUpdate,
  insertStaffUnlessTaken,
  normalizeEmail,
  type StaffAccount,
  setStaffActive,
  setStaffRole,
} from '../../repositories/staff.js';
import {
  createStaffLink,
  pendingInvitations,
  revokeStaffLinks,
  type StaffLinkPurpose,
} from '../../repositories/staff-links.js';
import { presentStaff } from './staff.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default async function staffManageRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const adminOnly = { preHandler: requireRole('admin') };

  /** Makes the link inside `tx`; the token leaves the server only in this response. */
  async function issueLink(
    tx: Executor,
    actor: AuditActor & { id: string },
    staff: StaffAccount,
    purpose: StaffLinkPurpose,
  ) {
    const { token, tokenHash } = newLinkToken();
    const { expiresAt } = await createStaffLink(tx, {
      communityId: staff.communityId,
      staffId: staff.id,
      purpose,
      tokenHash,
      createdBy: actor.id,
    });
    const expires = new Date(expiresAt).toISOString();
    await audit(
      tx,
      actor,
      purpose === 'invite' ? 'staff.invitation_link_created' : 'staff.reset_link_created',
      { type: 'staff', id: staff.id },
      null,
      { expiresAt: expires },
    );
    // The token rides in the fragment, which browsers never send: it stays out of request logs, proxies'
    // access logs and Referer headers. The console reads it from there.
    const url = new URL(`/admin/${purpose}#${token}`, app.config.publicUrl).href;
    return { purpose, url, expiresAt: expires };
  }

  async function lockedAccount(tx: Executor, communityId: string, id: string) {
    const account = await findStaffInCommunityForUpdate(tx, communityId, id);
    if (!account) throw notFound('The staff member');
    const pending = (await pendingInvitations(tx, [account.id])).has(account.id);
    return { account, pending };
  }

  app.post(
    '/staff/invitations',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: 'Invite a colleague: creates their account and a one-time link to set a password (admins only)',
        security: [{ staffSession: [] }],
        body: InviteStaffRequest,
        response: { 201: StaffLinkResponse, ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      const actor = { type: 'staff' as const, id: staff.id, communityId: staff.communityId };
      const email = normalizeEmail(request.body.email);
      const displayName = request.body.displayName.trim();
      if (!EMAIL.test(email)) throw validation('body.email is not an email address.');
      if (!displayName) throw validation('body.displayName must not be blank.');
      // Nobody knows this password: the account is inactive until the link sets one.
      const passwordHash = await hashPassword(randomBytes(32).toString('base64url'), app.config.passwordHashCost);
      const result = await app.db.transaction(async (tx) => {
        const invited = await insertStaffUnlessTaken(tx, {
          communityId: staff.communityId,
          email,
          displayName,
          role: request.body.role,
          passwordHash,
          active: false,
        });
        if (!invited) throw conflict('This email already has a staff account in your community.');
        await audit(tx, actor, 'staff.invited', { type: 'staff', id: invited.id }, null, {
          email,
          displayName,
          role: invited.role,
        });
        const link = await issueLink(tx, actor, invited, 'invite');
        return { staff: presentStaff(invited, true), link };
      });
      return reply.status(201).send(result);
    },
  );

  /** A new one-time link for a colleague; `refuse` says why this account cannot have one now. */
  const linkRoute = (
    path: string,
    summary: string,
    purpose: 'invite' | 'reset',
    refuse: (account: { active: boolean }, pending: boolean) => string | undefined,
  ) =>
    app.post(
      path,
      {
        ...adminOnly,
        schema: {
          tags: ['staff'],
          summary,
          security: [{ staffSession: [] }],
          params: StaffIdParams,
          response: { 201: StaffLinkResponse, ...errors },
        },
      },
      async (request, reply) => {
        const staff = currentStaff(request);
        const actor = { type: 'staff' as const, id: staff.id, communityId: staff.communityId };
        const result = await app.db.transaction(async (tx) => {
          const { account, pending } = await lockedAccount(tx, staff.communityId, request.params.id);
          const refusal = refuse(account, pending);
          if (refusal) throw conflict(refusal);
          const link = await issueLink(tx, actor, account, purpose);
          return { staff: presentStaff(account, pending), link };
        });
        return reply.status(201).send(result);
      },
    );

  linkRoute(
    '/staff/:id/invitation',
    'A new invitation link for someone who has not accepted yet; the old link stops working',
    'invite',
    (_account, pending) =>
      pending ? undefined : 'This person has already accepted their invitation; send a password reset link.',
  );

  linkRoute(
    '/staff/:id/password-reset',
    'A one-time link for a colleague to choose a new password (admins only)',
    'reset',
    (account, pending) => {
      if (pending) return 'This person has not accepted their invitation yet; send a new invitation link.';
      if (!account.active) return 'This account is deactivated; reactivate it first.';
      return undefined;
    },
  );

  app.patch(
    '/staff/:id',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: "Change a colleague's role, deactivate (ends their sessions) or reactivate them (admins only)",
        security: [{ staffSession: [] }],
        params: StaffIdParams,
        body: UpdateStaffRequest,
        response: { 200: ManagedStaffAccount, ...errors },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const actor = { type: 'staff' as const, id: staff.id, communityId: staff.communityId };
      const { role, active } = request.body;
      return app.db.transaction(async (tx) => {
        const { account, pending } = await lockedAccount(tx, staff.communityId, request.params.id);
        // An admin who demoted or locked out themselves could leave the community with no admin at all.
        if (account.id === staff.id && ((role !== undefined && role !== 'admin') || active === false)) {
          throw conflict('You cannot remove your own administrator role or deactivate yourself.');
        }
        const subject = { type: 'staff', id: account.id };
        let updated = account;
        if (role !== undefined && role !== account.role) {
          await setStaffRole(tx, account.id, role);
          await audit(tx, actor, 'staff.role_changed', subject, { role: account.role }, { role });
          updated = { ...updated, role };
        }
        if (active === false && account.active) {
          await setStaffActive(tx, account.id, false);
          const sessionsEnded = await deleteSessionsOfStaff(tx, account.id);
          await audit(tx, actor, 'staff.deactivated', subject, { active: true }, { active: false, sessionsEnded });
          updated = { ...updated, active: false };
        }
        if (active === false) await revokeStaffLinks(tx, account.id);
        if (active === true && !account.active) {
          if (pending) throw conflict('This person has not accepted their invitation yet; send a new invitation link.');
          await setStaffActive(tx, account.id, true);
          await audit(tx, actor, 'staff.reactivated', subject, { active: false }, { active: true });
          updated = { ...updated, active: true };
        }
        return presentStaff(updated, pending && updated.active === false);
      });
    },
  );
}
