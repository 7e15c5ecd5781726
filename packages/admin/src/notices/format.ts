// How a notice's place and state read in the console: "3号楼 1单元, floors 1–5", "Closed 2 Dec, 02:00".
import type { StaffNotice } from '../api/notices.js';
import type { NoticesTranslation } from './translations.js';

export function scopeText(t: NoticesTranslation, scope: StaffNotice['scope']): string {
  const place = [scope.buildingName, scope.unitName].filter(Boolean).join(' ');
  switch (scope.type) {
    case 'community':
      return t.wholeCommunity;
    case 'floors':
      return t.floors(place, scope.floorFrom ?? 0, scope.floorTo ?? 0);
    default:
      return place;
  }
}

/** Offers that wait for staff: what the list counts and the page title shows. */
export const offersWaiting = (notice: StaffNotice) =>
  notice.offers.filter((offer) => offer.moderation === 'pending').length;
