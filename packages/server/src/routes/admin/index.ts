// The staff API: everything under /admin/api. staff-auth makes a session the default for every route
// registered here (401 without one); state-changing requests must be same-origin JSON.
import type { FastifyInstance } from 'fastify';
import staffAuth from '../../plugins/staff-auth.js';
import apiKeyRoutes from './api-keys.js';
import auditRoutes from './audit.js';
import dashboardRoutes from './dashboard.js';
import exportRoutes from './exports.js';
import inboxRoutes from './inbox.js';
import incidentStaffRoutes from './incidents.js';
import meetingStaffRoutes from './meetings.js';
import noticeStaffRoutes from './notices.js';
import ballotCodeRoutes from './poll-ballot-codes.js';
import pollScopeRoutes from './poll-scopes.js';
import staffPollRoutes from './polls.js';
import privacyStaffRoutes from './privacy.js';
import recordedRoutes from './recorded.js';
import repairServiceRoutes from './repair-services.js';
import repairStaffRoutes from './repairs.js';
import rotaStaffRoutes from './rotas.js';
import sessionRoutes from './session.js';
import siteRoutes from './sites.js';
import staffRoutes from './staff.js';
import staffLinkRoutes from './staff-links.js';
import staffManageRoutes from './staff-manage.js';
import suggestionStaffRoutes from './suggestions.js';
import topicStaffRoutes from './topics.js';
import webhookRoutes from './webhooks.js';

export default async function adminApi(app: FastifyInstance) {
  // Checked when each route is registered, so a mistake fails at boot: only sign-in and the two routes of an
  // invitation or reset link (whose holder has no password yet, and whose token proves who they are) may
  // skip the session, and every staff route is in the API reference (the test that proves each answers 401
  // lists them there).
  const publicRoutes = new Set(
    ['session', 'staff-links/lookup', 'staff-links/accept'].map((path) => `${app.prefix}/${path}`),
  );
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    const isPublic = methods.length === 1 && methods[0] === 'POST' && publicRoutes.has(route.url);
    if (route.config?.staffAuth === 'public' && !isPublic) {
      throw new Error(
        `${methods.join(',')} ${route.url}: only sign-in and staff links may be reachable without a staff session`,
      );
    }
    if ((route.schema as { hide?: boolean } | undefined)?.hide) {
      throw new Error(`${methods.join(',')} ${route.url}: staff routes must appear in the API reference`);
    }
  });

  await app.register(staffAuth);
  await app.register(sessionRoutes);
  await app.register(staffRoutes);
  await app.register(suggestionStaffRoutes);
  await app.register(repairStaffRoutes);
  await app.register(repairServiceRoutes);
  await app.register(apiKeyRoutes);
  await app.register(staffPollRoutes);
  await app.register(ballotCodeRoutes);
  await app.register(dashboardRoutes);
  await app.register(exportRoutes);
  await app.register(inboxRoutes);
  await app.register(pollScopeRoutes);
  await app.register(siteRoutes);
  await app.register(staffManageRoutes);
  await app.register(staffLinkRoutes);
  await app.register(auditRoutes);
  await app.register(webhookRoutes);
  await app.register(privacyStaffRoutes);
  await app.register(noticeStaffRoutes);
  await app.register(topicStaffRoutes);
  await app.register(meetingStaffRoutes);
  await app.register(incidentStaffRoutes);
  await app.register(rotaStaffRoutes);
  await app.register(recordedRoutes);
}
