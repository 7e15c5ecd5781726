// The private entry staff leave on a repair's timeline for a change residents do not read about (merge,
// unmerge, assignment): the entry, its audit record, and a live `repair.changed` that tells the page only the
// status.
import { audit, type StaffActor } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { emit } from '../events/emit.js';
import { insertRepairUpdate, type RepairRow } from '../repositories/repairs.js';
import type { RepairStatus } from './status-machine.js';
import { repairTopic } from './topic.js';

export interface PrivateStaffChange {
  /** The timeline entry's kind. */
  kind: 'merge' | 'unmerge' | 'assignment';
  /** The entry's status, when the change sets one (a merge: the lead's); none otherwise. */
  status?: RepairStatus;
  /** The audit record: its action and the changed fields before and after. */
  action: string;
  before: unknown;
  after: unknown;
  /** The status the repair's page is told. */
  announced: RepairStatus;
}

/**
 * Records a staff change to `repair` (as it was before the change) that residents do not see: an internal
 * timeline entry by `actor`, the audit record, and `repair.changed` with the announced status only.
 */
export async function recordPrivateStaffChange(
  tx: Executor,
  actor: StaffActor,
  repair: RepairRow,
  change: PrivateStaffChange,
) {
  await insertRepairUpdate(tx, {
    communityId: repair.communityId,
    repairId: repair.id,
    kind: change.kind,
    status: change.status,
    public: false,
    authorType: 'staff',
    staffId: actor.id,
    note: null,
  });
  await audit(tx, actor, change.action, { type: 'repair', id: repair.id }, change.before, change.after);
  await emit(tx, repairTopic(repair), 'repair.changed', { status: change.announced });
}
