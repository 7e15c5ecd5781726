// The rules a new notice must keep, checked before anything is written: its place exists in the community
// and fits its scope, floors run upwards, it ends after it starts, and a linked repair is the community's.
import type { NewNoticeBody } from '@courtyard/protocol/schemas';
import type { Executor } from '../db/database.js';
import { validation } from '../errors.js';
import { type NewNoticeRow, repairInCommunity } from '../repositories/notices.js';
import { findPlace } from '../repositories/places.js';

type Columns = Omit<NewNoticeRow, 'communityId' | 'createdBy' | 'id' | 'title' | 'body' | 'kind'>;

export async function checkNewNotice(db: Executor, communityId: string, input: NewNoticeBody): Promise<Columns> {
  const scope = input.scope;
  const place = await placeOf(db, communityId, scope);
  const floors = scope.type === 'floors';
  if (!floors && (scope.floorFrom !== undefined || scope.floorTo !== undefined)) {
    throw validation('Only a floors scope names floorFrom and floorTo.');
  }
  if (floors && (scope.floorFrom === undefined || scope.floorTo === undefined)) {
    throw validation('A floors scope names floorFrom and floorTo.');
  }
  if (floors && (scope.floorTo as number) < (scope.floorFrom as number)) {
    throw validation('floorTo must not be below floorFrom.');
  }
  const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
  const expectedEndAt = input.expectedEndAt ? new Date(input.expectedEndAt) : null;
  if (expectedEndAt && expectedEndAt <= startsAt) throw validation('expectedEndAt must be after startsAt.');
  const repairId = input.repairId?.toLowerCase() ?? null;
  if (repairId && !(await repairInCommunity(db, communityId, repairId))) {
    throw validation('body.repairId is not a repair request of this community.');
  }
  return {
    scope: scope.type,
    buildingId: place.buildingId,
    unitId: place.unitId,
    floorFrom: floors ? (scope.floorFrom ?? null) : null,
    floorTo: floors ? (scope.floorTo ?? null) : null,
    startsAt,
    expectedEndAt,
    repairId,
  };
}

async function placeOf(
  db: Executor,
  communityId: string,
  scope: NewNoticeBody['scope'],
): Promise<{ buildingId: string | null; unitId: string | null }> {
  const buildingId = scope.buildingId?.toLowerCase();
  const unitId = scope.unitId?.toLowerCase();
  switch (scope.type) {
    case 'community':
      if (buildingId || unitId) throw validation('A community scope names no building or unit.');
      return { buildingId: null, unitId: null };
    case 'building':
      if (!buildingId || unitId) throw validation('A building scope names buildingId only.');
      break;
    case 'unit':
      if (!unitId) throw validation('A unit scope names unitId.');
      break;
    case 'floors':
      if (!buildingId && !unitId) throw validation('A floors scope names a buildingId or a unitId.');
      break;
  }
  const place = await findPlace(db, communityId, { buildingId, unitId });
  if (!place) throw validation('No such building or unit in this community (or the unit is not in the building).');
  return place;
}
