// Staff: the buildings and units a poll or its ballot codes can be scoped to, with households on record.
import { ErrorResponse, PollScopes } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { currentStaff } from '../../plugins/staff-auth.js';
import { listPlaces } from '../../repositories/places.js';

export default async function pollScopeRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/poll-scopes',
    {
      schema: {
        tags: ['polls'],
        security: [{ staffSession: [] }],
        summary: "The community's buildings and units (stairwells) with their households on record",
        response: { 200: PollScopes, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => ({ items: await listPlaces(app.db, currentStaff(request).communityId) }),
  );
}
