// Staff authentication for the whole /admin/api scope. Registered inside routes/admin/index.ts, it makes
// a session the default: every route answers 401 without one unless it opts out with
// `config: { staffAuth: 'public' }` (only sign-in does), so a later route cannot forget the check.
// State-changing requests must be same-origin JSON (the CSRF defence beside SameSite=Strict).
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { StaffActor } from '../audit/audit.js';
import { type SessionCookie, sessionCookie } from '../auth/session-cookie.js';
import { hashSessionToken, looksLikeSessionToken } from '../auth/session-token.js';
import { crossSiteRequest, forbidden, unauthenticated } from '../errors.js';
import { findSessionStaff, type SessionStaff } from '../repositories/sessions.js';
import type { StaffRole } from '../repositories/staff.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null on a public route without a session. */
    staff: SessionStaff | null;
    /** SHA-256 of this request's session token, so sign-out can end exactly this session. */
    sessionTokenHash: string | null;
  }
  interface FastifyInstance {
    /** Name and attributes of the staff session cookie (depends on PUBLIC_URL's scheme). */
    staffSessionCookie: SessionCookie;
  }
  interface FastifyContextConfig {
    /** `'public'` lets a staff route answer without a session; only sign-in should need it. */
    staffAuth?: 'public';
    /** Accept multipart/form-data bodies (photo uploads) besides JSON on this staff route. */
    staffMultipart?: boolean;
  }
}

export type { SessionStaff as StaffPrincipal };

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The signed-in staff member; throws 401 when there is none. */
export function currentStaff(request: FastifyRequest): SessionStaff {
  if (!request.staff) throw unauthenticated();
  return request.staff;
}

/** The signed-in staff member as the actor of an audited change. */
export function staffActor(request: FastifyRequest): StaffActor {
  const staff = currentStaff(request);
  return { type: 'staff', id: staff.id, communityId: staff.communityId };
}

/** A preHandler that lets only `role` (admin may do everything staff may) through, with 403 otherwise. */
export function requireRole(role: StaffRole) {
  return async function requireRoleHandler(request: FastifyRequest) {
    const staff = currentStaff(request);
    if (role === 'admin' && staff.role !== 'admin') throw forbidden();
  };
}

function mediaType(header: string): string {
  return (header.split(';')[0] ?? '').trim().toLowerCase();
}

function assertSameOriginJson(request: FastifyRequest, publicOrigin: string) {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw crossSiteRequest();
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`) {
    throw crossSiteRequest();
  }
  const contentType = request.headers['content-type'];
  if (contentType === undefined) {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
    if (hasBody) throw crossSiteRequest();
    return;
  }
  const type = mediaType(contentType);
  const multipartAllowed = request.routeOptions.config.staffMultipart === true && type === 'multipart/form-data';
  if (type !== 'application/json' && !multipartAllowed) throw crossSiteRequest();
}

export default fp(
  async function staffAuth(app: FastifyInstance) {
    const cookieSettings = sessionCookie(app.config.publicUrl);
    const publicOrigin = app.config.publicUrl.origin;
    await app.register(cookie);
    app.decorate('staffSessionCookie', cookieSettings);
    app.decorateRequest('staff', null);
    app.decorateRequest('sessionTokenHash', null);

    app.addHook('onRequest', async (request) => {
      if (STATE_CHANGING.has(request.method)) assertSameOriginJson(request, publicOrigin);
      const token = request.cookies[cookieSettings.name];
      if (looksLikeSessionToken(token)) {
        const tokenHash = hashSessionToken(token);
        const staff = await findSessionStaff(app.db, tokenHash);
        if (staff) {
          request.staff = staff;
          request.sessionTokenHash = tokenHash;
        }
      }
      if (!request.staff && request.routeOptions.config.staffAuth !== 'public') throw unauthenticated();
    });
  },
  { name: 'courtyard-staff-auth', dependencies: ['courtyard-database'] },
);
