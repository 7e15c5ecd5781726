// Notices: what staff announce to the households a fault or a works concerns (water off in building 5,
// floors 1–5), with live progress updates. Shared by the server's schema, its pgEnums and the widgets.

/** What a notice is about; the widget shows each with its own icon and words. */
export const NOTICE_KINDS = ['outage', 'works', 'meeting', 'general'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Whom it concerns: the whole community, one building, one unit (stairwell), or a range of floors in either. */
export const NOTICE_SCOPES = ['community', 'building', 'unit', 'floors'] as const;
export type NoticeScope = (typeof NOTICE_SCOPES)[number];

/** Offers of help wait for staff (`pending`); only `published` ones are shown to residents. */
export const NOTICE_OFFER_MODERATIONS = ['pending', 'published', 'rejected', 'spam'] as const;
export type NoticeOfferModeration = (typeof NOTICE_OFFER_MODERATIONS)[number];

/** Live event types on the `notice:{id}` topic; the first three are also webhook events. */
export const NOTICE_EVENTS = {
  published: 'notice.published',
  updated: 'notice.updated',
  closed: 'notice.closed',
  /** An offer of help staff published (live only). */
  offer: 'notice.offer',
  /** The number of devices following it (live only). */
  followers: 'notice.followers',
} as const;

/**
 * Staff-only news on `notice:{id}` (live only, never webhooks), sent for every offer received, spam or not, with
 * the notice's id alone: the console refetches and shows the offer waiting; pages ignore it.
 */
export const NOTICE_STAFF_EVENTS = { offerReceived: 'notice.offer_received' } as const;

/**
 * The topics a page follows for its list, so a notice published or closed for its place appears at once:
 * `notices:all` carries every notice of the community (a page without a place), `notices:community` the
 * community-wide ones, `notices:<buildingId>` every one in that building (its units' and floors' too: a unit's
 * page keeps those of its own unit and of the building as a whole). Public data only, like the list.
 */
export const NOTICE_LIST_TOPICS = {
  all: 'notices:all',
  community: 'notices:community',
  building: (buildingId: string) => `notices:${buildingId}`,
} as const;

/** Live event types on those topics (live only, never webhooks: the `notice:{id}` events are those). */
export const NOTICE_LIST_EVENTS = {
  /** A notice was published for the place: `{ notice }` as the list shows it. */
  added: 'notices.added',
  /** A notice of the place ended: `{ id, closedAt, closingText }`. */
  closed: 'notices.closed',
} as const;

export const NoticeLimits = {
  title: 120,
  body: 4000,
  /** One progress update, and the closing words ("water restored 02:00"). */
  update: 2000,
  /** Photos on one progress update. */
  updatePhotos: 3,
  closing: 2000,
  /** An offer of help: a line or two, e.g. "bottled water at 302, knock anytime". */
  offer: 300,
  /** Floors are numbered from -5 (basements) to this. */
  floorMin: -5,
  floorMax: 200,
} as const;
