// Staff sign-in and sign-out.
//   POST   /admin/api/session   {email, password} → 200 { staff } + session cookie
//   GET    /admin/api/session   → 200 { staff } or 401
//   DELETE /admin/api/session   → 204, ends this session
//   DELETE /admin/api/sessions  → 204, ends every session of the signed-in member on every instance
import { ErrorResponse, SessionRequest, SessionResponse } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { audit } from '../../audit/audit.js';
import { LoginAttempts } from '../../auth/login-attempts.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../../auth/password.js';
import { newSessionToken } from '../../auth/session-token.js';
import { invalidCredentials, loginLocked, unauthenticated } from '../../errors.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { findCommunityById } from '../../repositories/communities.js';
import { createSession, deleteSession, deleteSessionsOfStaff, type SessionStaff } from '../../repositories/sessions.js';
import {
  findStaffForSignIn,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  setPasswordHash,
} from '../../repositories/staff.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

export default async function sessionRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { rateLimits } = app.config;
  const attempts = new LoginAttempts(app.secret, rateLimits.loginIp, rateLimits.windowMs);

  async function present(staff: SessionStaff) {
    const community = await findCommunityById(app.db, staff.communityId);
    if (!community) throw unauthenticated();
    const { id, email, displayName, role } = staff;
    return { staff: { id, email, displayName, role, community } };
  }

  function clearCookie(reply: FastifyReply) {
    const { name, options } = app.staffSessionCookie;
    reply.clearCookie(name, { path: options.path, secure: options.secure, httpOnly: true, sameSite: 'strict' });
  }

  app.post(
    '/session',
    {
      config: { staffAuth: 'public' },
      schema: {
        tags: ['staff'],
        summary: 'Sign in; sets the session cookie',
        body: SessionRequest,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const waitSeconds = attempts.hit(request.ip);
      if (waitSeconds > 0) throw loginLocked(waitSeconds);

      const { email, password } = request.body;
      const account = await findStaffForSignIn(app.db, email);
      if (!account) {
        await verifyAgainstDummy(password);
        throw invalidCredentials();
      }
      if (account.lockedForSeconds > 0) throw loginLocked(account.lockedForSeconds);

      const system = { type: 'system' as const, communityId: account.communityId };
      const subject = { type: 'staff', id: account.id };
      if (!(await verifyPassword(password, account.passwordHash))) {
        const { lockedForSeconds } = await app.db.transaction(async (tx) => {
          const result = await recordFailedSignIn(tx, account.id, rateLimits.loginFailures, rateLimits.loginLockMs);
          await audit(tx, system, 'staff.sign_in_failed', subject, null, { locked: result.lockedForSeconds > 0 });
          return result;
        });
        if (lockedForSeconds > 0) throw loginLocked(lockedForSeconds);
        throw invalidCredentials();
      }
      // A deactivated account gets the same answer as a wrong password.
      if (!account.active) throw invalidCredentials();

      const upgradedHash = needsRehash(account.passwordHash) ? await hashPassword(password) : undefined;
      const { token, tokenHash } = newSessionToken();
      const actor = { type: 'staff' as const, id: account.id, communityId: account.communityId };
      await app.db.transaction(async (tx) => {
        await recordSuccessfulSignIn(tx, account.id);
        if (upgradedHash) await setPasswordHash(tx, account.id, upgradedHash);
        await createSession(tx, account.id, tokenHash);
        await audit(tx, actor, 'staff.signed_in', subject);
      });
      reply.setCookie(app.staffSessionCookie.name, token, app.staffSessionCookie.options);
      return present(account);
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['staff'],
        summary: 'The signed-in staff member',
        security: [{ staffSession: [] }],
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request) => present(currentStaff(request)),
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['staff'],
        summary: 'Sign out of this session',
        security: [{ staffSession: [] }],
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      const tokenHash = request.sessionTokenHash as string;
      await app.db.transaction(async (tx) => {
        await deleteSession(tx, tokenHash);
        await audit(tx, { type: 'staff', id: staff.id, communityId: staff.communityId }, 'staff.signed_out', {
          type: 'staff',
          id: staff.id,
        });
      });
      clearCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/sessions',
    {
      schema: {
        tags: ['staff'],
        summary: "Sign out everywhere: ends every one of the signed-in member's sessions",
        security: [{ staffSession: [] }],
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      await app.db.transaction(async (tx) => {
        const ended = await deleteSessionsOfStaff(tx, staff.id);
        await audit(
          tx,
          { type: 'staff', id: staff.id, communityId: staff.communityId },
          'staff.signed_out_everywhere',
          { type: 'staff', id: staff.id },
          null,
          { sessionsEnded: ended },
        );
      });
      clearCookie(reply);
      return reply.status(204).send(null);
    },
  );
}
