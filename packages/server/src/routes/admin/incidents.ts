// Incidents for staff: merge reports of one fault into a lead report, see an incident, take a report out
// again. The rules, and what each change records and announces, are in repairs/incidents.ts.
import {
  ErrorResponse,
  IncidentMerge,
  IncidentParams,
  IncidentReportParams,
  StaffIncident,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { incidentDetail, mergeIntoIncident, unmergeFromIncident } from '../../repairs/incidents.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const security = [{ staffSession: [] }];

export default async function incidentStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/incidents',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Merge repair reports into one incident, led by one of them',
        description:
          'All or nothing. Merged reports keep their tracking codes, take the lead’s status and follow its public timeline; progress is posted on the lead. Merging a report into the incident it is already in is a no-op. 409 for a closed report or lead, a report already in another incident, a report that leads one, or a lead that was itself merged; 404 for a repair of another community.',
        security,
        body: IncidentMerge,
        response: { 200: StaffIncident, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const leadId = request.body.leadId.toLowerCase();
      const repairIds = request.body.repairIds.map((id) => id.toLowerCase());
      await app.db.transaction((tx) => mergeIntoIncident(tx, actor, leadId, repairIds));
      return incidentDetail(app.db, actor.communityId, leadId);
    },
  );

  app.get(
    '/incidents/:id',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'An incident: its lead report and the reports merged into it',
        security,
        params: IncidentParams,
        response: { 200: StaffIncident, ...errors },
      },
    },
    async (request) => incidentDetail(app.db, currentStaff(request).communityId, request.params.id.toLowerCase()),
  );

  app.delete(
    '/incidents/:id/reports/:repairId',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Take a report out of the incident (unmerge): it has its own timeline again',
        security,
        params: IncidentReportParams,
        response: { 200: StaffIncident, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const leadId = request.params.id.toLowerCase();
      await app.db.transaction((tx) => unmergeFromIncident(tx, actor, leadId, request.params.repairId.toLowerCase()));
      return incidentDetail(app.db, actor.communityId, leadId);
    },
  );
}
