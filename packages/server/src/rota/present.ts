// What readers are shown of a rota and its days. Residents see a household by the name it chose or its room;
// staff also see the room. Nothing else about a household (phone, device) ever leaves the server.
import type { PublicRotaBody, RotaDayBody, StaffRotaBody } from '@courtyard/protocol/schemas';
import type { DutyRow, RotaRow, RotaWithPlace } from '../repositories/rotas.js';
import { isoWeekday } from './dates.js';

export function presentRota(rota: RotaWithPlace): PublicRotaBody {
  return {
    id: rota.id,
    title: rota.title,
    place: {
      buildingId: rota.buildingId,
      buildingName: rota.buildingName,
      unitId: rota.unitId,
      unitName: rota.unitName,
      floorFrom: rota.floorFrom,
      floorTo: rota.floorTo,
    },
    tasks: rota.tasks,
    weekdays: [...rota.weekdays].sort(),
    perDay: rota.perDay,
    requireCode: rota.requireCode,
    closedAt: rota.closedAt ? rota.closedAt.toISOString() : null,
  };
}

export function presentStaffRota(rota: RotaWithPlace, sheetUrl: string | null): StaffRotaBody {
  return { ...presentRota(rota), createdAt: new Date(rota.createdAt).toISOString(), sheetUrl };
}

/** The room as the table shows it: a unit's rota names the room, a building's the unit and room. */
export const roomLabel = (rota: RotaRow, duty: Pick<DutyRow, 'room' | 'unitName'>) =>
  rota.unitId ? duty.room : `${duty.unitName} ${duty.room}`;

export const isCovered = (rota: RotaRow, day: string) => rota.weekdays.includes(isoWeekday(day));

/** Each of `days` with its duties; `staff` adds each household's room. */
export function presentDays(rota: RotaRow, duties: DutyRow[], days: string[], staff: true): StaffDay[];
export function presentDays(rota: RotaRow, duties: DutyRow[], days: string[], staff?: false): RotaDayBody[];
export function presentDays(rota: RotaRow, duties: DutyRow[], days: string[], staff = false) {
  return days.map((date) => {
    const covered = isCovered(rota, date);
    const onDay = duties.filter((duty) => duty.day === date);
    return {
      date,
      weekday: isoWeekday(date),
      covered,
      duties: onDay.map((duty) => ({
        id: duty.id,
        name: duty.displayName ?? roomLabel(rota, duty),
        doneAt: duty.doneAt ? new Date(duty.doneAt).toISOString() : null,
        photoId: duty.photoId,
        ...(staff ? { room: roomLabel(rota, duty) } : {}),
      })),
      open: covered && !rota.closedAt ? Math.max(0, rota.perDay - onDay.length) : 0,
    };
  });
}

export type StaffDay = RotaDayBody & { duties: (RotaDayBody['duties'][number] & { room: string })[] };
