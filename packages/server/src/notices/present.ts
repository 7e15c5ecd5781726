// A notice as residents see it (an allowlist: no staff, no repair, no device) and as staff see it.
import type { PublicNoticeBody, StaffNoticeBody } from '@courtyard/protocol/schemas';
import type { NoticeOfferRow, NoticeUpdateWithPhotos, NoticeWithParts } from '../repositories/notices.js';

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Phone numbers a resident typed into an offer ("call 138 0013 8000") are masked on public pages, even once
 * staff publish it: a neighbour knocks at the door the offer names instead.
 */
export function maskPhones(text: string): string {
  return text.replace(/(?<!\d)(\+?\d[\d -]{5,}\d)(?!\d)/g, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length < 7 ? match : `${digits.slice(0, 3)}••••${digits.slice(-4)}`;
  });
}

export const presentUpdate = (update: NoticeUpdateWithPhotos) => ({
  id: update.id,
  text: update.text,
  photos: update.photos,
  at: iso(update.createdAt),
});
export const presentPublicOffer = (offer: NoticeOfferRow) => ({
  id: offer.id,
  text: maskPhones(offer.text),
  at: iso(offer.createdAt),
});

export function presentNotice(notice: NoticeWithParts): PublicNoticeBody {
  return {
    id: notice.id,
    kind: notice.kind,
    scope: {
      type: notice.scope,
      buildingId: notice.buildingId,
      buildingName: notice.buildingName,
      unitId: notice.unitId,
      unitName: notice.unitName,
      floorFrom: notice.floorFrom,
      floorTo: notice.floorTo,
    },
    title: notice.title,
    body: notice.body,
    startsAt: iso(notice.startsAt),
    expectedEndAt: notice.expectedEndAt ? iso(notice.expectedEndAt) : null,
    closedAt: notice.closedAt ? iso(notice.closedAt) : null,
    closingText: notice.closingText,
    createdAt: iso(notice.createdAt),
    updates: notice.updates.map(presentUpdate),
    offers: notice.offers.filter((offer) => offer.moderation === 'published').map(presentPublicOffer),
    followerCount: notice.followerCount,
  };
}

export function presentStaffNotice(notice: NoticeWithParts, publicUrl: string | null): StaffNoticeBody {
  return {
    ...presentNotice(notice),
    offers: notice.offers.map((offer) => ({
      id: offer.id,
      text: offer.text,
      moderation: offer.moderation,
      fromDevice: offer.deviceHash !== null,
      at: iso(offer.createdAt),
    })),
    repairId: notice.repairId,
    createdBy: notice.createdBy,
    publicUrl,
  };
}
