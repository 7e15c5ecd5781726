// Rota days are calendar days in the community's time zone, written YYYY-MM-DD; arithmetic on them is done
// at UTC noon so no daylight-saving change can move a day.
const DAY_MS = 86_400_000;

/** Today in `timeZone` (e.g. Asia/Shanghai), as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);

/** Whether `day` is a real calendar day (2026-02-30 is not). */
export function isRealDay(day: string): boolean {
  const time = noon(day);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

export function addDays(day: string, days: number): string {
  return new Date(noon(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  return new Date(noon(day)).getUTCDay() || 7;
}

/** The Monday of `day`'s week. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** `count` consecutive days from `first`. */
export function daysFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDays(first, index));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((noon(to) - noon(from)) / DAY_MS);
}
