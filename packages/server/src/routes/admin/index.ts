// The staff API: everything under /admin/api. staff-auth makes a session the default for every route
// registered here (401 without one); state-changing requests must be same-origin JSON.
import type { FastifyInstance } from 'fastify';
import staffAuth from '../../plugins/staff-auth.js';
import apiKeyRoutes from './api-keys.js';
import dashboardRoutes from './dashboard.js';
import exportRoutes from './exports.js';
import inboxRoutes from './inbox.js';
import ballotCodeRoutes from './poll-ballot-codes.js';
import staffPollRoutes from './polls.js';
import privacyStaffRoutes from './privacy.js';
import repairServiceRoutes from './repair-services.js';
import repairStaffRoutes from './repairs.js';
import sessionRoutes from './session.js';
import staffRoutes from './staff.js';
import suggestionStaffRoutes from './suggestions.js';

export default async function adminApi(app: FastifyInstance) {
  // Checked when each route is registered, so a mistake fails at boot: only sign-in may skip the session,
  // and every staff route is in the API reference (the test that proves each answers 401 lists them there).
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    const isSignIn = methods.length === 1 && methods[0] === 'POST' && route.url === `${app.prefix}/session`;
    if (route.config?.staffAuth === 'public' && !isSignIn) {
      throw new Error(`${methods.join(',')} ${route.url}: only sign-in may be reachable without a staff session`);
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
  await app.register(privacyStaffRoutes);
}
