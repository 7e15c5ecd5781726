// The two routes a person without a session may call: they opened an invitation or reset link an admin
// copied to them (/admin/invite#<token>, /admin/reset#<token>) and choose a password. The token travels in
// the link's fragment and then the JSON body, never a URL path, so it stays out of request logs; it proves
// who they are.
//   POST /admin/api/staff-links/lookup  { token } → 200 { purpose, email, displayName, community, expiresAt }
//   POST /admin/api/staff-links/accept  { token, password } → 200 { email }  (then they sign in as usual)
import {
  ErrorResponse,
  StaffLinkAcceptRequest,
  StaffLinkAcceptResponse,
  StaffLinkLookupRequest,
  StaffLinkLookupResponse,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { hashPassword } from '../../auth/password.js';
import { hashLinkToken } from '../../auth/staff-link-token.js';
import { notFound, validation } from '../../errors.js';
import { deleteSessionsOfStaff } from '../../repositories/sessions.js';
import { setPasswordHash, setStaffActive } from '../../repositories/staff.js';
import { consumeLink, findUsableLink, revokeStaffLinks } from '../../repositories/staff-links.js';

const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

// One answer for unknown, used, replaced and expired links: the page says to ask for a new one.
const linkNotUsable = () => notFound('This link (it may have expired, been used or been replaced)');

export default async function staffLinkRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  async function usableLink(token: string) {
    const link = await findUsableLink(app.db, hashLinkToken(token));
    // A reset link of a deactivated account must not work; an invitation's account is inactive by design.
    if (!link || (link.purpose === 'reset' && !link.active)) throw linkNotUsable();
    return link;
  }

  app.post(
    '/staff-links/lookup',
    {
      config: { staffAuth: 'public' },
      schema: {
        tags: ['staff'],
        summary: 'Who an invitation or reset link is for, before they choose a password (no session needed)',
        body: StaffLinkLookupRequest,
        response: { 200: StaffLinkLookupResponse, ...errors },
      },
    },
    async (request) => {
      const link = await usableLink(request.body.token);
      return {
        purpose: link.purpose,
        email: link.email,
        displayName: link.displayName,
        community: { names: link.communityNames },
        expiresAt: new Date(link.expiresAt).toISOString(),
      };
    },
  );

  app.post(
    '/staff-links/accept',
    {
      config: { staffAuth: 'public' },
      schema: {
        tags: ['staff'],
        summary: 'Choose a password with an invitation or reset link; the link is then used up (no session needed)',
        body: StaffLinkAcceptRequest,
        response: { 200: StaffLinkAcceptResponse, ...errors },
      },
    },
    async (request) => {
      const { token, password } = request.body;
      if (!password.trim()) throw validation('body.password must not be only spaces.');
      const tokenHash = hashLinkToken(token);
      const link = await usableLink(token);
      const passwordHash = await hashPassword(password, app.config.passwordHashCost);
      await app.db.transaction(async (tx) => {
        // Checked again here: of two tabs submitting at once, one wins and the other gets the 404.
        if (!(await consumeLink(tx, link.id, tokenHash))) throw linkNotUsable();
        await setPasswordHash(tx, link.staffId, passwordHash);
        const actor = { type: 'staff' as const, id: link.staffId, communityId: link.communityId };
        const subject = { type: 'staff', id: link.staffId };
        if (link.purpose === 'invite') {
          await setStaffActive(tx, link.staffId, true);
          await audit(tx, actor, 'staff.invitation_accepted', subject, { active: false }, { active: true });
        } else {
          // As with the CLI's reset: sessions made with the old password end too.
          const sessionsEnded = await deleteSessionsOfStaff(tx, link.staffId);
          await audit(tx, actor, 'staff.password_reset', subject, null, { sessionsEnded });
        }
        await revokeStaffLinks(tx, link.staffId, link.purpose);
      });
      return { email: link.email };
    },
  );
}
