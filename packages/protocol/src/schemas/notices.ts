// Notices: staff publish them (staff API), residents read them, follow them and offer help (public API).
// Public shapes are allowlists: no staff name, phone, room or repair tracking code ever appears in them.
import { type Static, Type } from '@sinclair/typebox';
import { NOTICE_KINDS, NOTICE_OFFER_MODERATIONS, NOTICE_SCOPES, NoticeLimits } from '../notices.js';
import { VOTER_TOKEN_PATTERN } from '../suggestions.js';
import { Id, IsoDateTime, Page, SiteKeyParam, Text } from './common.js';

export const NoticeKind = Type.Union(NOTICE_KINDS.map((value) => Type.Literal(value)));
export const NoticeScopeType = Type.Union(NOTICE_SCOPES.map((value) => Type.Literal(value)));
export const NoticeOfferModeration = Type.Union(NOTICE_OFFER_MODERATIONS.map((value) => Type.Literal(value)));
const Floor = Type.Integer({ minimum: NoticeLimits.floorMin, maximum: NoticeLimits.floorMax });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** Whom a notice concerns, as staff send it: `floors` names a building (and optionally a unit) and a range. */
export const NoticeScopeInput = Type.Object(
  {
    type: NoticeScopeType,
    buildingId: Type.Optional(Id),
    unitId: Type.Optional(Id),
    floorFrom: Type.Optional(Floor),
    floorTo: Type.Optional(Floor),
  },
  { additionalProperties: false },
);

/** The scope as every reader sees it, with the place names (no household or room). */
export const NoticeScope = Type.Object({
  type: NoticeScopeType,
  buildingId: Nullable(Id),
  buildingName: Nullable(Type.String()),
  unitId: Nullable(Id),
  unitName: Nullable(Type.String()),
  floorFrom: Nullable(Type.Integer()),
  floorTo: Nullable(Type.Integer()),
});

export const NewNotice = Type.Object(
  {
    id: Type.Optional(Type.Unsafe<string>({ ...Id, description: 'Client-made id: a retry with it is a no-op (200)' })),
    kind: NoticeKind,
    scope: NoticeScopeInput,
    title: Text(NoticeLimits.title, { minLength: 1 }),
    body: Type.Optional(Text(NoticeLimits.body)),
    startsAt: Type.Optional(IsoDateTime),
    expectedEndAt: Type.Optional(Nullable(IsoDateTime)),
    repairId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);

export const NewNoticeUpdate = Type.Object(
  {
    id: Type.Optional(Type.Unsafe<string>({ ...Id, description: 'Client-made id: a retry with it is a no-op (200)' })),
    text: Text(NoticeLimits.update, { minLength: 1 }),
  },
  { additionalProperties: false },
);

export const CloseNotice = Type.Object(
  { closingText: Text(NoticeLimits.closing, { minLength: 1, description: 'e.g. "Water restored at 02:00"' }) },
  { additionalProperties: false },
);

export const NoticeParams = Type.Object({ id: Id }, { additionalProperties: false });
export const PublicNoticeParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id },
  { additionalProperties: false },
);
export const NoticeOfferParams = Type.Object({ id: Id, offerId: Id }, { additionalProperties: false });

/** A photo of an update, served by `GET /api/v1/sites/{siteKey}/photos/{id}`. */
export const NoticePhoto = Type.Object({ id: Id, width: Type.Integer(), height: Type.Integer() });
export const NoticeUpdate = Type.Object({
  id: Id,
  text: Type.String(),
  photos: Type.Array(NoticePhoto),
  at: IsoDateTime,
});
export const PublicNoticeOffer = Type.Object({ id: Id, text: Type.String(), at: IsoDateTime });

export const PublicNotice = Type.Object({
  id: Id,
  kind: NoticeKind,
  scope: NoticeScope,
  title: Type.String(),
  body: Type.String(),
  startsAt: IsoDateTime,
  expectedEndAt: Nullable(IsoDateTime),
  closedAt: Nullable(IsoDateTime),
  closingText: Nullable(Type.String()),
  createdAt: IsoDateTime,
  /** Oldest first. */
  updates: Type.Array(NoticeUpdate),
  /** Published offers of help, oldest first; phone numbers in them are masked. */
  offers: Type.Array(PublicNoticeOffer),
  followerCount: Type.Integer(),
});

export const PublicNoticeList = Page(PublicNotice);

export const NoticeListQuery = Type.Object(
  {
    building: Type.Optional(Id),
    unit: Type.Optional(Id),
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

export const StaffNoticeOffer = Type.Object({
  id: Id,
  text: Type.String(),
  moderation: NoticeOfferModeration,
  fromDevice: Type.Boolean(),
  at: IsoDateTime,
});

export const StaffNotice = Type.Object({
  ...PublicNotice.properties,
  offers: Type.Array(StaffNoticeOffer),
  repairId: Nullable(Id),
  createdBy: Nullable(Id),
  /** The hosted public page of the notice (what chat-group cards link to). */
  publicUrl: Nullable(Type.String()),
});

export const StaffNoticeList = Page(StaffNotice);

export const StaffNoticeListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

export const ModerateNoticeOffer = Type.Object(
  { action: Type.Union([Type.Literal('publish'), Type.Literal('reject'), Type.Literal('spam')]) },
  { additionalProperties: false },
);

const VoterToken = Type.String({ pattern: VOTER_TOKEN_PATTERN, maxLength: 64 });

export const FollowNoticeBody = Type.Object({ voterToken: VoterToken }, { additionalProperties: false });
export const FollowState = Type.Object({ following: Type.Boolean(), followerCount: Type.Integer() });

export const NewNoticeOffer = Type.Object(
  {
    text: Text(NoticeLimits.offer, { minLength: 1 }),
    voterToken: Type.Optional(VoterToken),
    /** Honeypot: people leave it empty; a filled one is kept as spam. */
    website: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
/** The same answer whether the offer waits for staff or was kept as spam. */
export const NoticeOfferReceived = Type.Object({ id: Id, moderation: Type.Literal('pending') });

export type NewNoticeBody = Static<typeof NewNotice>;
export type PublicNoticeBody = Static<typeof PublicNotice>;
export type StaffNoticeBody = Static<typeof StaffNotice>;
