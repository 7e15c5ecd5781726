// A rota's table for a run of days (a week on the widget, a month on the sheet, a range for staff): its days
// with their duties and the swaps waiting on them.
import type { Executor } from '../db/database.js';
import { validation } from '../errors.js';
import { listDuties, pendingSwaps, type RotaWithPlace } from '../repositories/rotas.js';
import { presentSwap } from './announce.js';
import { daysFrom, isRealDay, mondayOf, todayIn } from './dates.js';
import { presentDays, presentRota } from './present.js';

/** A day a query names (`week`, `from`): a real calendar day, else 400 (2026-13-45 has the right shape only). */
export function queriedDay(field: string, day: string | undefined): string | undefined {
  if (day !== undefined && !isRealDay(day)) throw validation(`querystring.${field} is not a calendar day.`);
  return day;
}

export async function rotaTable(db: Executor, rota: RotaWithPlace, first: string, count: number) {
  const days = daysFrom(first, count);
  const duties = await listDuties(db, rota.id, days[0] as string, days.at(-1) as string);
  return { days, duties };
}

/** The public week (or weeks) from the Monday of `week` (default: this week). */
export async function publicWeek(db: Executor, rota: RotaWithPlace, week: string | undefined, count = 7) {
  const today = todayIn(rota.timeZone);
  const { days, duties } = await rotaTable(db, rota, mondayOf(queriedDay('week', week) ?? today), count);
  const swaps = await pendingSwaps(
    db,
    rota.id,
    duties.map((duty) => duty.id),
  );
  return {
    rota: presentRota(rota),
    today,
    days: presentDays(rota, duties, days),
    swaps: swaps.map(presentSwap),
  };
}
