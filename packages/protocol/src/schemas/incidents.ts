// Incidents: several residents' reports of one fault, merged by staff into the first (or best) report, the
// lead. Merged reports keep their tracking codes and resident keys and follow the lead's timeline.
import { type Static, Type } from '@sinclair/typebox';
import { Id, IsoDateTime } from './common.js';
import { RepairStatus, StaffRepairSummary } from './repairs.js';
import { LocalizedText } from './site-config.js';

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

/** GET /open-repairs: what is already reported, open, in one building and category. */
export const OpenRepairsQuery = Type.Object({ category: Id, building: Id }, { additionalProperties: false });
export type OpenRepairsQuery = Static<typeof OpenRepairsQuery>;

/**
 * One open incident (or lone report) as anyone may see it: no description, room, contact or tracking code.
 * `follow` is the path of its public page on the service, where its progress is shown.
 */
export const OpenRepair = Type.Object({
  id: Id,
  category: Type.Object({ slug: Type.String(), names: LocalizedText }),
  building: Type.String(),
  since: IsoDateTime,
  status: RepairStatus,
  reports: Type.Integer({ description: 'How many residents reported it (the lead and the reports merged into it)' }),
  follow: Type.String(),
  /** The hint as the widget shows it, in both languages, times in the community's time zone. */
  text: LocalizedText,
});
export type OpenRepair = Static<typeof OpenRepair>;
export const OpenRepairList = Type.Object({ items: Type.Array(OpenRepair) });
export type OpenRepairList = Static<typeof OpenRepairList>;
