// How a repair is shown: the public view (anyone with the tracking code) and the staff view. The public
// view is built from an allowlist here and again by the route's response schema.

import type { PublicRepair, PublicTimelineEntry, StaffRepairSummary } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import type { RepairUpdateRow, RepairWithNames, TimelineEntry } from '../repositories/repairs.js';

const iso = (value: Date | string) => new Date(value).toISOString();

export function publicEntry(update: RepairUpdateRow): Static<typeof PublicTimelineEntry> {
  return {
    at: iso(update.createdAt),
    kind: update.kind === 'created' || update.kind === 'confirmation' ? update.kind : 'update',
    status: update.status,
    note: update.note,
  };
}

export function publicRepair(
  repair: RepairWithNames,
  timeline: RepairUpdateRow[],
  photos: { id: string; width: number; height: number; public: boolean }[],
): Static<typeof PublicRepair> {
  return {
    trackingCode: repair.trackingCode,
    status: repair.status,
    category: { slug: repair.categorySlug, names: repair.categoryNames },
    location: { building: repair.buildingName, unit: repair.unitName },
    description: repair.description,
    createdAt: iso(repair.createdAt),
    updatedAt: iso(repair.updatedAt),
    // A merged report is confirmed with its incident, by the lead's reporter or staff.
    canConfirm: repair.status === 'resolved' && repair.incidentId === null,
    rating: repair.rating,
    photos: photos.filter((photo) => photo.public).map(({ id, width, height }) => ({ id, width, height })),
    timeline: timeline.filter((update) => update.public).map(publicEntry),
  };
}

export function staffSummary(repair: RepairWithNames): Static<typeof StaffRepairSummary> {
  return {
    id: repair.id,
    trackingCode: repair.trackingCode,
    status: repair.status,
    category: { id: repair.categoryId, slug: repair.categorySlug, names: repair.categoryNames },
    building: repair.buildingName,
    unit: repair.unitName,
    room: repair.room,
    description: repair.description,
    assignee:
      repair.assigneeId && repair.assigneeName ? { id: repair.assigneeId, displayName: repair.assigneeName } : null,
    spam: repair.spam,
    source: repair.source,
    incidentId: repair.incidentId,
    createdAt: iso(repair.createdAt),
    updatedAt: iso(repair.updatedAt),
  };
}

export function staffEntry(update: TimelineEntry) {
  return {
    id: update.id,
    at: iso(update.createdAt),
    kind: update.kind,
    status: update.status,
    note: update.note,
    public: update.public,
    author: update.authorType,
    staff: update.staffId && update.staffName ? { id: update.staffId, displayName: update.staffName } : null,
  };
}
