// Residents' representatives: staff name them (no login needed) by role, building or unit and a display
// name; no phone number is taken. Audited.
import type { NewRepresentative } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import type { StaffActor } from '../audit/audit.js';
import { audit } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { notFound, validation } from '../errors.js';
import { trimmed } from '../notices/topic.js';
import { checkScope } from '../polls/staff-polls.js';
import { deleteRepresentative, findRepresentative, insertRepresentative } from '../repositories/representatives.js';
import { presentRepresentative } from './present.js';

export async function addRepresentative(tx: Executor, actor: StaffActor, body: Static<typeof NewRepresentative>) {
  const buildingId = body.buildingId.toLowerCase();
  const unitId = body.unitId?.toLowerCase();
  const place = await checkScope(
    tx,
    actor.communityId,
    unitId ? { type: 'unit', buildingId, unitId } : { type: 'building', buildingId },
  );
  const row = await insertRepresentative(tx, {
    communityId: actor.communityId,
    role: body.role,
    buildingId: place.buildingId as string,
    unitId: place.unitId,
    displayName: trimmed('body.displayName', body.displayName, validation),
  });
  await audit(
    tx,
    actor,
    'representative.added',
    { type: 'representative', id: row.id },
    null,
    presentRepresentative(row),
  );
  return row;
}

export async function removeRepresentative(tx: Executor, actor: StaffActor, id: string) {
  const row = await findRepresentative(tx, actor.communityId, id);
  if (!row) throw notFound('The representative');
  await deleteRepresentative(tx, row.id);
  await audit(
    tx,
    actor,
    'representative.removed',
    { type: 'representative', id: row.id },
    presentRepresentative(row),
    null,
  );
}
