// Incidents: several residents' reports of one fault, merged by staff into the first (or best) report, the
// lead. Merged reports keep their tracking codes and resident keys and follow the lead's timeline.
import { type Static, Type } from '@sinclair/typebox';
import { Id } from './common.js';
import { StaffRepairSummary } from './repairs.js';

/** Merge `repairIds` into the incident led by `leadId` (a repair of the same community). */
export const IncidentMerge = Type.Object(
  {
    leadId: Id,
    repairIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type IncidentMerge = Static<typeof IncidentMerge>;

export const IncidentParams = Type.Object({ id: Id }, { additionalProperties: false });
export const IncidentReportParams = Type.Object({ id: Id, repairId: Id }, { additionalProperties: false });

/** An incident as staff see it: its lead report and the reports merged into it, oldest first. */
export const StaffIncident = Type.Object({
  id: Id,
  lead: StaffRepairSummary,
  reports: Type.Array(StaffRepairSummary),
});
export type StaffIncident = Static<typeof StaffIncident>;
