// What staff (or a 楼门长 through the console) do to rotas, with its rules: set one up for a building, unit or
// floors, change it, close it, remove a household's duty, and issue household codes for the sheet. Each runs
// in the caller's transaction, is audited, and is told to the rota's pages. Routes only check the request and
// present the result.
import { ROTA_EVENTS } from '@courtyard/protocol';
import type { EditRotaBody, NewRotaBody } from '@courtyard/protocol/schemas';
import { audit, type StaffActor } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { ballotCodeHmac, newBallotCode } from '../polls/codes.js';
import { findPlace } from '../repositories/places.js';
import {
  deleteDuty,
  findDuty,
  insertRota,
  listCoveredHouseholds,
  lockRota,
  replaceHouseholdCodes,
  updateRota,
} from '../repositories/rotas.js';
import { announceDays } from './announce.js';
import { presentRota, roomLabel } from './present.js';
import { rotaTopic } from './topic.js';

const trimmedTasks = (tasks: string[]) => {
  const kept = tasks.map((task) => task.trim()).filter(Boolean);
  if (kept.length === 0) throw validation('body.tasks names no task.');
  return kept;
};

const nonEmpty = (field: string, value: string) => {
  const text = value.trim();
  if (!text) throw validation(`${field} is empty.`);
  return text;
};

export async function createRota(tx: Executor, actor: StaffActor, body: NewRotaBody): Promise<string> {
  const place = await findPlace(tx, actor.communityId, {
    buildingId: body.buildingId.toLowerCase(),
    unitId: body.unitId?.toLowerCase(),
  });
  if (!place) throw validation('No such building or unit in this community (or the unit is not in the building).');
  checkFloors(body.floorFrom, body.floorTo);
  const rota = await insertRota(tx, {
    communityId: actor.communityId,
    title: nonEmpty('body.title', body.title),
    buildingId: place.buildingId,
    unitId: place.unitId,
    floorFrom: body.floorFrom ?? null,
    floorTo: body.floorTo ?? null,
    tasks: trimmedTasks(body.tasks),
    weekdays: [...body.weekdays].sort(),
    perDay: body.perDay,
    requireCode: body.requireCode ?? false,
    createdBy: actor.id,
  });
  await audit(tx, actor, 'rota.created', { type: 'rota', id: rota.id }, null, body);
  return rota.id;
}

async function lockedOpen(tx: Executor, communityId: string, id: string) {
  const rota = await lockRota(tx, communityId, id);
  if (!rota) throw notFound('The rota');
  if (rota.closedAt) throw conflict('This rota is closed.');
  return rota;
}

/** Floors given together, the lower first (null and null: all floors). */
function checkFloors(from: number | null | undefined, to: number | null | undefined): void {
  if ((from === undefined) !== (to === undefined) || (from === null) !== (to === null)) {
    throw validation('Floors are named as floorFrom and floorTo together.');
  }
  if (typeof from === 'number' && (to as number) < from) throw validation('floorTo must not be below floorFrom.');
}

/** Changes a rota's title, tasks, weekdays, floors, places a day or code rule; duties already made stay. */
export async function editRota(tx: Executor, actor: StaffActor, id: string, body: EditRotaBody): Promise<void> {
  const rota = await lockedOpen(tx, actor.communityId, id);
  checkFloors(body.floorFrom, body.floorTo);
  const changes = {
    ...(body.floorFrom !== undefined ? { floorFrom: body.floorFrom, floorTo: body.floorTo ?? null } : {}),
    ...(body.title !== undefined ? { title: nonEmpty('body.title', body.title) } : {}),
    ...(body.tasks !== undefined ? { tasks: trimmedTasks(body.tasks) } : {}),
    ...(body.weekdays !== undefined ? { weekdays: [...body.weekdays].sort() } : {}),
    ...(body.perDay !== undefined ? { perDay: body.perDay } : {}),
    ...(body.requireCode !== undefined ? { requireCode: body.requireCode } : {}),
  };
  await updateRota(tx, rota.id, changes);
  const before = Object.fromEntries(Object.keys(changes).map((key) => [key, rota[key as keyof typeof rota]]));
  await audit(tx, actor, 'rota.updated', { type: 'rota', id: rota.id }, before, changes);
  await emit(tx, rotaTopic(rota.communityId, rota.id), ROTA_EVENTS.changed, {
    rota: presentRota({ ...rota, ...changes }),
  });
}

export async function closeRota(tx: Executor, actor: StaffActor, id: string): Promise<void> {
  const rota = await lockedOpen(tx, actor.communityId, id);
  const closedAt = new Date();
  await updateRota(tx, rota.id, { closedAt });
  await audit(tx, actor, 'rota.closed', { type: 'rota', id: rota.id }, { closedAt: null }, { closedAt });
  await emit(tx, rotaTopic(rota.communityId, rota.id), ROTA_EVENTS.changed, {
    rota: presentRota({ ...rota, closedAt }),
  });
}

/** Removes a household's duty (moved away, signed up by mistake): the day opens again. */
export async function removeDuty(tx: Executor, actor: StaffActor, id: string, dutyId: string): Promise<void> {
  const rota = await lockRota(tx, actor.communityId, id);
  if (!rota) throw notFound('The rota');
  const duty = await findDuty(tx, rota.id, dutyId);
  if (!duty) throw notFound('The duty');
  await deleteDuty(tx, duty.id);
  await audit(
    tx,
    actor,
    'rota.duty_removed',
    { type: 'rota', id: rota.id },
    {
      dutyId: duty.id,
      day: duty.day,
      room: roomLabel(rota, duty),
    },
  );
  await announceDays(tx, rota, [duty.day]);
}

/**
 * Issues a fresh code for every household the rota covers (the codes of an earlier sheet stop working) and
 * answers them once, for the sheet: only their HMACs are kept.
 */
export async function issueHouseholdCodes(tx: Executor, actor: StaffActor, secret: string, id: string) {
  const rota = await lockedOpen(tx, actor.communityId, id);
  const covered = await listCoveredHouseholds(tx, rota);
  const issued = covered.map((household) => ({ household, code: newBallotCode() }));
  await replaceHouseholdCodes(
    tx,
    rota.id,
    issued.map(({ household, code }) => ({
      householdId: household.id,
      codeHmac: ballotCodeHmac(secret, code) as string,
    })),
  );
  await audit(tx, actor, 'rota.codes_issued', { type: 'rota', id: rota.id }, null, { households: issued.length });
  return issued.map(({ household, code }) => ({ room: roomLabel(rota, household), code }));
}
