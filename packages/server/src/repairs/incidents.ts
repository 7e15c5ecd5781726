// Incidents: staff merge several reports of one fault into one of them, the lead. A merged report keeps its
// tracking code and resident key; its status is kept equal to the lead's, its public timeline shows the
// lead's updates after its own entries, and its page hears each change live. It is counted once, by the
// lead. A closed report is finished work: it is neither merged nor merged into (a new fault is a new report).

import type { StaffActor } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import {
  findRepairById,
  followIncidentStatus,
  listIncidentReports,
  listRepairUpdates,
  lockRepair,
  type RepairRow,
  updateRepair,
} from '../repositories/repairs.js';
import { staffSummary } from './present.js';
import { recordPrivateStaffChange } from './staff-timeline.js';
import type { RepairStatus } from './status-machine.js';
import { repairTopic } from './topic.js';

/** Finds and locks a repair for a change, or 404 (another community's repair answers as if it did not exist). */
export async function lockedRepair(tx: Executor, communityId: string, id: string): Promise<RepairRow> {
  const repair = await lockRepair(tx, communityId, id);
  if (!repair) throw notFound('The repair request');
  return repair;
}

/** The incident led by `leadId`, as staff see it. */
export async function incidentDetail(db: Executor, communityId: string, leadId: string) {
  const lead = await findRepairById(db, communityId, leadId);
  if (!lead) throw notFound('The repair request');
  const reports = await listIncidentReports(db, communityId, lead.id);
  return { id: lead.id, lead: staffSummary(lead), reports: reports.map(staffSummary) };
}

/** Merges each report into the incident led by `leadId`; all or nothing. */
export async function mergeIntoIncident(tx: Executor, actor: StaffActor, leadId: string, repairIds: string[]) {
  if (repairIds.includes(leadId)) throw validation('body.repairIds holds the lead itself.');
  const lead = await lockedRepair(tx, actor.communityId, leadId);
  if (lead.incidentId) throw conflict('The lead was itself merged into another incident; merge into that one.');
  if (lead.status === 'closed') throw conflict('A closed repair cannot lead an incident.');
  for (const repairId of repairIds) {
    const report = await lockedRepair(tx, actor.communityId, repairId);
    if (report.incidentId === lead.id) continue;
    if (report.incidentId) throw conflict('A report was already merged into another incident; unmerge it first.');
    if (report.status === 'closed') throw conflict('A closed repair cannot be merged.');
    if ((await listIncidentReports(tx, actor.communityId, report.id)).length > 0) {
      throw conflict('A report leads an incident of its own; unmerge its reports first.');
    }
    await updateRepair(tx, report.id, { incidentId: lead.id, status: lead.status });
    await recordPrivateStaffChange(tx, actor, report, {
      kind: 'merge',
      status: lead.status,
      action: 'repair.merged',
      before: { incidentId: null, status: report.status },
      after: { incidentId: lead.id, status: lead.status },
      announced: lead.status,
    });
  }
}

/** Takes a report out of its incident: from now on it has its own timeline again, from the status it has. */
export async function unmergeFromIncident(tx: Executor, actor: StaffActor, leadId: string, repairId: string) {
  const report = await lockedRepair(tx, actor.communityId, repairId);
  if (report.incidentId !== leadId) throw notFound('The report in this incident');
  await updateRepair(tx, report.id, { incidentId: null });
  await recordPrivateStaffChange(tx, actor, report, {
    kind: 'unmerge',
    action: 'repair.unmerged',
    before: { incidentId: leadId },
    after: { incidentId: null },
    announced: report.status,
  });
}

/**
 * After the lead's status or public timeline changed: the merged reports take its status and their pages
 * hear of it. `repair.changed` is live-only (no webhook), so a chat group hears an incident once, by the lead.
 */
export async function announceToIncident(tx: Executor, lead: RepairRow, status: RepairStatus) {
  const reports = await followIncidentStatus(tx, lead.id, status);
  for (const report of reports) {
    await emit(tx, repairTopic(report), 'repair.changed', { status });
  }
}

/**
 * A report's public timeline: its own public entries, and for a merged report the lead's public updates too
 * (not the lead's own "created": that was another resident's report), in time order.
 */
export async function publicTimeline(db: Executor, repair: RepairRow) {
  const own = await listRepairUpdates(db, repair.id, { publicOnly: true });
  if (!repair.incidentId) return own;
  const lead = await listRepairUpdates(db, repair.incidentId, { publicOnly: true });
  return [...own, ...lead.filter((entry) => entry.kind !== 'created')].sort(
    (a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime(),
  );
}
