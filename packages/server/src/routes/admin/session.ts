// Staff sign-in and sign-out.
//   POST   /admin/api/session   {email, password, community?} → 200 { staff } + session cookie, or
//                               200 { communities } when the password opens accounts in several (auth/sign-in.ts)
//   GET    /admin/api/session   → 200 { staff } or 401
//   DELETE /admin/api/session   → 204, ends this session
//   DELETE /admin/api/sessions  → 204, ends every session of the signed-in member on every instance
import { ErrorResponse, SessionRequest, SessionResponse, SignInResponse } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { audit } from '../../audit/audit.js';
import { LoginAttempts } from '../../auth/login-attempts.js';
import { hashPassword, needsRehash } from '../../auth/password.js';
import { newSessionToken } from '../../auth/session-token.js';
import { checkSignIn } from '../../auth/sign-in.js';
import { invalidCredentials, loginLocked, unauthenticated } from '../../errors.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { findCommunityById } from '../../repositories/communities.js';
import { createSession, deleteSession, deleteSessionsOfStaff, type SessionStaff } from '../../repositories/sessions.js';
import { failSignInAttempt, lockedFor, succeedSignInAttempt } from '../../repositories/sign-in-attempts.js';
import { type StaffForSignIn, setPasswordHash } from '../../repositories/staff.js';

/** Thrown inside the session transaction to roll it back when the lock engaged during the password check. */
class LockedMeanwhile extends Error {}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

export default async function sessionRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { rateLimits } = app.config;
  const attempts = new LoginAttempts(app.secret, rateLimits.loginIp, rateLimits.windowMs);
  const lockPolicy = { maxFailures: rateLimits.loginFailures, lockMs: rateLimits.loginLockMs };

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

  /** Records each wrong guess (which may engage its account's lock); answers the longest lock now in force. */
  async function recordFailures(failed: StaffForSignIn[]): Promise<number> {
    let longest = 0;
    for (const account of failed) {
      const system = { type: 'system' as const, communityId: account.communityId };
      const locked = await app.db.transaction(async (tx) => {
        const seconds = await failSignInAttempt(tx, account.id, lockPolicy);
        await audit(tx, system, 'staff.sign_in_failed', { type: 'staff', id: account.id }, null, {
          locked: seconds > 0,
        });
        return seconds;
      });
      longest = Math.max(longest, locked);
    }
    return longest;
  }

  /** Creates the session, unless the account's lock engaged while its password was being checked. */
  async function startSession(account: StaffForSignIn, password: string): Promise<string> {
    const cost = app.config.passwordHashCost;
    const upgradedHash = needsRehash(account.passwordHash, cost) ? await hashPassword(password, cost) : undefined;
    const { token, tokenHash } = newSessionToken();
    const actor = { type: 'staff' as const, id: account.id, communityId: account.communityId };
    try {
      await app.db.transaction(async (tx) => {
        if (!(await succeedSignInAttempt(tx, account.id))) throw new LockedMeanwhile();
        if (upgradedHash) await setPasswordHash(tx, account.id, upgradedHash);
        await createSession(tx, account.id, tokenHash);
        await audit(tx, actor, 'staff.signed_in', { type: 'staff', id: account.id });
      });
    } catch (error) {
      if (!(error instanceof LockedMeanwhile)) throw error;
      const seconds = await lockedFor(app.db, account.id);
      // Deactivated meanwhile: the same answer as a wrong password.
      throw seconds > 0 ? loginLocked(seconds) : invalidCredentials();
    }
    return token;
  }

  app.post(
    '/session',
    {
      config: { staffAuth: 'public' },
      schema: {
        tags: ['staff'],
        summary:
          'Sign in; sets the session cookie. When the email and password open accounts in several communities, answers them to choose from (sign in again with `community`)',
        body: SessionRequest,
        response: { 200: SignInResponse, ...errors },
      },
    },
    async (request, reply) => {
      const waitSeconds = attempts.hit(request.ip);
      if (waitSeconds > 0) throw loginLocked(waitSeconds);

      const check = await checkSignIn(app.db, request.body, lockPolicy, app.config.passwordHashCost);
      if (check.outcome === 'choose') return { communities: check.communities };
      if (check.outcome === 'refused') {
        const locked = Math.max(check.lockedForSeconds, await recordFailures(check.failed));
        throw locked > 0 ? loginLocked(locked) : invalidCredentials();
      }
      const token = await startSession(check.account, request.body.password);
      reply.setCookie(app.staffSessionCookie.name, token, app.staffSessionCookie.options);
      return present(check.account);
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
