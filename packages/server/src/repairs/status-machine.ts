// Where a repair may go next. Staff move it forward (and may skip steps, e.g. a quick fix goes straight to
// resolved); after "resolved" the resident confirms (→ closed) or reopens; a closed repair can be reopened.
export type RepairStatus =
  | 'received'
  | 'acknowledged'
  | 'scheduled'
  | 'in_progress'
  | 'resolved'
  | 'closed'
  | 'reopened';

const NEXT: Record<RepairStatus, readonly RepairStatus[]> = {
  received: ['acknowledged', 'scheduled', 'in_progress', 'resolved', 'closed'],
  acknowledged: ['scheduled', 'in_progress', 'resolved', 'closed'],
  scheduled: ['scheduled', 'in_progress', 'resolved', 'closed'],
  in_progress: ['scheduled', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed', 'reopened'],
  reopened: ['acknowledged', 'scheduled', 'in_progress', 'resolved', 'closed'],
  closed: ['reopened'],
};

export function canMove(from: RepairStatus, to: RepairStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextStatuses(from: RepairStatus): RepairStatus[] {
  return [...NEXT[from]];
}

/** Open311's two statuses. */
export function isOpen(status: RepairStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}
