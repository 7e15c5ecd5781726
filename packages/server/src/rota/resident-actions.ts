// What a household does on a rota from the widget, with no account: the device's voter token (kept as a keyed
// hash) is what later lets it give a day up, swap it or mark it done. Each action locks the rota first, checks
// every rule before writing, and tells the rota's pages of the days it changed.
import { RotaLimits } from '@courtyard/protocol';
import type { NewRotaSignupBody } from '@courtyard/protocol/schemas';
import type { Tx } from '../db/database.js';
import {
  conflict,
  notFound,
  rotaAlreadySignedUp,
  rotaCodeInvalid,
  rotaDayFull,
  rotaNotYours,
  rotaUnknownRoom,
  validation,
} from '../errors.js';
import type { ProcessedPhoto } from '../photos/process-photo.js';
import { ballotCodeHmac } from '../polls/codes.js';
import { storePhoto } from '../repositories/photos.js';
import {
  type DutyRow,
  dayCounts,
  deleteDuty,
  exchangeDays,
  findCoveredHousehold,
  findDuty,
  findSwap,
  householdCodeMatches,
  insertDuties,
  insertSwap,
  lockRota,
  markDutyDone,
  type RotaWithPlace,
  setSwapState,
  withdrawSwapsOf,
} from '../repositories/rotas.js';
import { announceDays, presentSwap } from './announce.js';
import { daysBetween, isRealDay, todayIn } from './dates.js';
import { rotaDeviceHash } from './device.js';
import { isCovered, presentDays } from './present.js';

export interface ResidentContext {
  tx: Tx;
  secret: string;
  communityId: string;
  siteId: string;
  rotaId: string;
}

/** Photos of a done duty are public (a clean stairwell), owned by the duty. */
export const DONE_PHOTO_OWNER = 'rota_duty';

async function openRota({ tx, communityId, rotaId }: ResidentContext): Promise<RotaWithPlace> {
  const rota = await lockRota(tx, communityId, rotaId);
  if (!rota) throw notFound('The rota');
  if (rota.closedAt) throw conflict('This rota is closed.');
  return rota;
}

/** A day still ahead (or today), within the sign-up horizon, that the rota covers. */
function checkDay(rota: RotaWithPlace, day: string, today: string): void {
  if (!isRealDay(day)) throw validation(`${day} is not a calendar day.`);
  if (day < today) throw validation(`${day} has passed.`);
  if (daysBetween(today, day) > RotaLimits.aheadDays) {
    throw validation(`Sign-ups open ${RotaLimits.aheadDays} days ahead at most.`);
  }
  if (!isCovered(rota, day)) throw validation(`The rota does not cover ${day}'s weekday.`);
}

async function ownDuty(context: ResidentContext, rota: RotaWithPlace, dutyId: string, voterToken: string) {
  const duty = await findDuty(context.tx, rota.id, dutyId.toLowerCase());
  if (!duty) throw notFound('The duty');
  if (duty.deviceHash !== rotaDeviceHash(context.secret, voterToken)) throw rotaNotYours();
  return duty;
}

/** Signs a household up for one or more days: all of them, or (on any broken rule) none. */
export async function signUp(context: ResidentContext, input: NewRotaSignupBody) {
  const { tx, secret, communityId } = context;
  const rota = await openRota(context);
  const today = todayIn(rota.timeZone);
  const days = [...input.dates].sort();
  for (const day of days) checkDay(rota, day, today);
  const household = await findCoveredHousehold(tx, rota, {
    unitId: input.unitId?.toLowerCase(),
    room: input.room.trim(),
  });
  if (!household) throw rotaUnknownRoom();
  if (rota.requireCode) {
    const codeHmac = input.code ? ballotCodeHmac(secret, input.code) : null;
    if (!codeHmac || !(await householdCodeMatches(tx, rota.id, household.id, codeHmac))) throw rotaCodeInvalid();
  }
  const counts = await dayCounts(tx, rota.id, days, household.id);
  for (const day of days) {
    const taken = counts.get(day);
    if (taken?.mine) throw rotaAlreadySignedUp(day);
    if ((taken?.count ?? 0) >= rota.perDay) throw rotaDayFull(day);
  }
  const displayName = input.displayName?.trim() || null;
  const inserted = await insertDuties(
    tx,
    {
      communityId,
      rotaId: rota.id,
      householdId: household.id,
      deviceHash: rotaDeviceHash(secret, input.voterToken),
      displayName,
    },
    days,
  );
  await announceDays(tx, rota, days);
  const shown = presentDays(
    rota,
    inserted.map((row) => ({
      id: row.id,
      day: row.day,
      householdId: household.id,
      room: household.room,
      unitName: household.unitName,
      displayName,
      deviceHash: '',
      doneAt: null,
      photoId: null,
    })),
    days,
  );
  return { duties: shown.flatMap((day) => day.duties.map((duty) => ({ ...duty, date: day.date }))) };
}

/** Gives a day up: it opens for other households (a day already past stays as it was). */
export async function giveUp(context: ResidentContext, dutyId: string, voterToken: string) {
  const rota = await openRota(context);
  const duty = await ownDuty(context, rota, dutyId, voterToken);
  if (duty.day < todayIn(rota.timeZone)) throw conflict('A day that has passed cannot be given up.');
  await deleteDuty(context.tx, duty.id);
  await announceDays(context.tx, rota, [duty.day]);
}

/** Asks the household on another day to trade days; nothing changes until it accepts. */
export async function askSwap(
  context: ResidentContext,
  input: { dutyId: string; withDutyId: string; voterToken: string },
) {
  const rota = await openRota(context);
  const mine = await ownDuty(context, rota, input.dutyId, input.voterToken);
  const theirs = await findDuty(context.tx, rota.id, input.withDutyId.toLowerCase());
  if (!theirs) throw notFound('The other duty');
  checkSwappable(rota, mine, theirs);
  const swap = await insertSwap(context.tx, {
    communityId: context.communityId,
    rotaId: rota.id,
    fromDutyId: mine.id,
    toDutyId: theirs.id,
  });
  await announceDays(context.tx, rota, [mine.day, theirs.day]);
  return presentSwap(swap);
}

function checkSwappable(rota: RotaWithPlace, first: DutyRow, second: DutyRow): void {
  const today = todayIn(rota.timeZone);
  if (first.householdId === second.householdId) throw validation('Both duties are the same household’s.');
  if (first.day === second.day) throw validation('Both duties are on the same day.');
  if (first.day < today || second.day < today) throw conflict('A day that has passed cannot be swapped.');
}

/** The other household accepts: the two duties trade days, and other swaps waiting on either are withdrawn. */
export async function acceptSwap(context: ResidentContext, swapId: string, voterToken: string) {
  const { tx } = context;
  const rota = await openRota(context);
  const swap = await findSwap(tx, rota.id, swapId.toLowerCase());
  if (!swap) throw notFound('The swap');
  if (swap.state !== 'pending') throw conflict('This swap is no longer waiting.');
  const theirs = await ownDuty(context, rota, swap.toDutyId, voterToken);
  const asking = await findDuty(tx, rota.id, swap.fromDutyId);
  if (!asking) throw notFound('The swap');
  checkSwappable(rota, asking, theirs);
  const onAskingDay = await dayCounts(tx, rota.id, [asking.day], theirs.householdId);
  if (onAskingDay.get(asking.day)?.mine) throw rotaAlreadySignedUp(asking.day);
  const onTheirDay = await dayCounts(tx, rota.id, [theirs.day], asking.householdId);
  if (onTheirDay.get(theirs.day)?.mine) throw rotaAlreadySignedUp(theirs.day);
  await exchangeDays(tx, asking, theirs);
  await setSwapState(tx, swap.id, 'accepted');
  await withdrawSwapsOf(tx, [asking.id, theirs.id]);
  await announceDays(tx, rota, [asking.day, theirs.day]);
  return presentSwap({ ...swap, state: 'accepted' });
}

/**
 * The asking household withdraws its swap, or the asked one declines it: nothing about the days changes, and
 * both households' pages are told (the swap stops waiting on their days). Only a waiting swap can be.
 */
export async function endSwap(
  context: ResidentContext,
  input: { swapId: string; voterToken: string; as: 'withdrawn' | 'declined' },
) {
  const { tx } = context;
  const rota = await openRota(context);
  const swap = await findSwap(tx, rota.id, input.swapId.toLowerCase());
  if (!swap) throw notFound('The swap');
  // The asking household's device withdraws; the asked household's declines.
  await ownDuty(context, rota, input.as === 'withdrawn' ? swap.fromDutyId : swap.toDutyId, input.voterToken);
  if (swap.state !== 'pending') throw conflict(`This swap is no longer waiting (it was ${swap.state}).`);
  await setSwapState(tx, swap.id, input.as);
  const days = await Promise.all([swap.fromDutyId, swap.toDutyId].map((id) => findDuty(tx, rota.id, id)));
  await announceDays(
    tx,
    rota,
    days.flatMap((duty) => (duty ? [duty.day] : [])),
  );
  return presentSwap({ ...swap, state: input.as });
}

/** Marks the household's duty of `day` done (已完成), on the day or after it, optionally with a photo. */
export async function markDone(
  context: ResidentContext,
  input: { day: string; dutyId: string; voterToken: string; photo: ProcessedPhoto | undefined },
) {
  const rota = await openRota(context);
  const duty = await ownDuty(context, rota, input.dutyId, input.voterToken);
  if (duty.day !== input.day) throw notFound('The duty on this day');
  if (duty.day > todayIn(rota.timeZone)) throw conflict('A day can be marked done on the day or after it.');
  if (duty.doneAt) throw conflict('This duty is already marked done.');
  const photoId = input.photo
    ? (
        await storePhoto(context.tx, {
          communityId: context.communityId,
          siteId: context.siteId,
          owner: { kind: DONE_PHOTO_OWNER, id: duty.id },
          public: true,
          photo: input.photo,
        })
      ).id
    : null;
  await markDutyDone(context.tx, duty.id, photoId);
  await announceDays(context.tx, rota, [duty.day]);
  const [shown] = presentDays(rota, [{ ...duty, doneAt: new Date(), photoId }], [duty.day]);
  return { ...(shown?.duties[0] as NonNullable<typeof shown>['duties'][number]), date: duty.day };
}
