// Duty rotas: staff set one up for a building, unit or floors (staff API); residents read the week's table,
// sign up by room, swap, give up and mark a day done (public API). Public shapes are allowlists: a household
// is shown by its room or the name it chose, never a phone.
import { type Static, Type } from '@sinclair/typebox';
import { ROTA_SWAP_STATES, ROTA_WEEKDAYS, RotaLimits } from '../rota.js';
import { VOTER_TOKEN_PATTERN } from '../suggestions.js';
import { Id, IsoDateTime, LanguageSchema, SiteKeyParam, Text } from './common.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Floor = Type.Integer({ minimum: RotaLimits.floorMin, maximum: RotaLimits.floorMax });
/** A calendar day in the community's time zone. */
export const RotaDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'YYYY-MM-DD' });
const Weekday = Type.Union(ROTA_WEEKDAYS.map((day) => Type.Literal(day)));
const Task = Text(RotaLimits.task, { minLength: 1 });
const VoterToken = Type.String({ pattern: VOTER_TOKEN_PATTERN, maxLength: 64 });
export const RotaSwapState = Type.Union(ROTA_SWAP_STATES.map((value) => Type.Literal(value)));

const rotaFields = {
  title: Text(RotaLimits.title, { minLength: 1 }),
  tasks: Type.Array(Task, { minItems: 1, maxItems: RotaLimits.tasks }),
  /** ISO weekdays the rota covers (1 Monday … 7 Sunday). */
  weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
  perDay: Type.Integer({ minimum: 1, maximum: RotaLimits.perDay }),
  /** Households must type the code from the rota's sheet to sign up. */
  requireCode: Type.Boolean(),
};

export const NewRota = Type.Object(
  {
    ...rotaFields,
    requireCode: Type.Optional(rotaFields.requireCode),
    buildingId: Id,
    unitId: Type.Optional(Id),
    floorFrom: Type.Optional(Floor),
    floorTo: Type.Optional(Floor),
  },
  { additionalProperties: false },
);

/** Floors are changed together: both numbers, or both null for all of the building's or unit's floors. */
export const EditRota = Type.Partial(
  Type.Object({ ...rotaFields, floorFrom: Nullable(Floor), floorTo: Nullable(Floor) }, { additionalProperties: false }),
  { additionalProperties: false, minProperties: 1 },
);

export const RotaPlace = Type.Object({
  buildingId: Id,
  buildingName: Type.String(),
  unitId: Nullable(Id),
  unitName: Nullable(Type.String()),
  floorFrom: Nullable(Type.Integer()),
  floorTo: Nullable(Type.Integer()),
});

export const PublicRota = Type.Object({
  id: Id,
  title: Type.String(),
  place: RotaPlace,
  tasks: Type.Array(Type.String()),
  weekdays: Type.Array(Type.Integer()),
  perDay: Type.Integer(),
  requireCode: Type.Boolean(),
  closedAt: Nullable(IsoDateTime),
});

/** One household on one day, as everyone sees it: its room (e.g. 1单元 501) or the name it chose. */
export const RotaDuty = Type.Object({
  id: Id,
  name: Type.String(),
  doneAt: Nullable(IsoDateTime),
  /** A photo of the clean stairwell, served by `GET /api/v1/sites/{siteKey}/photos/{id}`. */
  photoId: Nullable(Id),
});

export const RotaDay = Type.Object({
  date: RotaDate,
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  /** Whether the rota covers this weekday at all. */
  covered: Type.Boolean(),
  duties: Type.Array(RotaDuty),
  /** Places still open (0 when full or not covered). */
  open: Type.Integer(),
});

export const RotaSwap = Type.Object({
  id: Id,
  /** The asking household's sign-up, and the one it would take in exchange. */
  fromDutyId: Id,
  toDutyId: Id,
  state: RotaSwapState,
});

export const RotaWeek = Type.Object({
  rota: PublicRota,
  /** Today in the community's time zone. */
  today: RotaDate,
  days: Type.Array(RotaDay),
  /** Swaps waiting for the other household. */
  swaps: Type.Array(RotaSwap),
});

export const RotaList = Type.Object({ items: Type.Array(PublicRota), nextCursor: Nullable(Type.String()) });

export const RotaListQuery = Type.Object(
  { building: Type.Optional(Id), unit: Type.Optional(Id) },
  { additionalProperties: false },
);

export const RotaWeekQuery = Type.Object(
  {
    /** Any day of the week to show (default: this week). */
    week: Type.Optional(RotaDate),
    /** Days to show from the week's Monday: 7 (a week, the default) up to 42. */
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 42 })),
  },
  { additionalProperties: false },
);

export const RotaParams = Type.Object({ id: Id }, { additionalProperties: false });
export const PublicRotaParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id },
  { additionalProperties: false },
);
export const PublicRotaDutyParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id, dutyId: Id },
  { additionalProperties: false },
);
export const PublicRotaSwapParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id, swapId: Id },
  { additionalProperties: false },
);
export const PublicRotaDayParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id, date: RotaDate },
  { additionalProperties: false },
);
export const RotaDutyParams = Type.Object({ id: Id, dutyId: Id }, { additionalProperties: false });

export const NewRotaSignup = Type.Object(
  {
    /** Needed when the rota covers a whole building (its units); implied by a unit's rota. */
    unitId: Type.Optional(Id),
    room: Text(RotaLimits.room, { minLength: 1 }),
    dates: Type.Array(RotaDate, { minItems: 1, maxItems: RotaLimits.daysPerSignup, uniqueItems: true }),
    voterToken: VoterToken,
    displayName: Type.Optional(Text(RotaLimits.displayName)),
    /** The household code from the rota's sheet, when the rota asks for one. */
    code: Type.Optional(Text(20)),
  },
  { additionalProperties: false },
);

export const RotaSignupReceived = Type.Object({
  duties: Type.Array(Type.Object({ ...RotaDuty.properties, date: RotaDate })),
});

export const RotaDeviceBody = Type.Object({ voterToken: VoterToken }, { additionalProperties: false });

export const NewRotaSwap = Type.Object(
  { dutyId: Id, withDutyId: Id, voterToken: VoterToken },
  { additionalProperties: false },
);

/**
 * A device asks for web push reminders the evening before its days on a rota: the browser's PushSubscription
 * (`subscription.toJSON()`), the language to remind in, and the voter token of the device that signed up.
 */
export const NewRotaPushSubscription = Type.Object(
  {
    voterToken: VoterToken,
    lang: LanguageSchema,
    subscription: Type.Object(
      {
        endpoint: Type.String({ minLength: 10, maxLength: 2048, description: 'The push service URL (https)' }),
        expirationTime: Type.Optional(Nullable(Type.Number())),
        keys: Type.Object(
          {
            /** The browser's P-256 public key, uncompressed, base64url (65 bytes). */
            p256dh: Type.String({ maxLength: 90, pattern: '^[A-Za-z0-9_-]{86,88}={0,2}$' }),
            /** The 16-byte authentication secret, base64url. */
            auth: Type.String({ maxLength: 26, pattern: '^[A-Za-z0-9_-]{22,24}={0,2}$' }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const RotaPushState = Type.Object({ subscribed: Type.Boolean() });

export const RotaDoneFields = Type.Object({ dutyId: Id, voterToken: VoterToken }, { additionalProperties: false });

/** Staff: one household on a day, with its room (staff see rooms even when a name was chosen). */
export const StaffRotaDuty = Type.Object({ ...RotaDuty.properties, room: Type.String() });
export const StaffRotaDay = Type.Object({ ...RotaDay.properties, duties: Type.Array(StaffRotaDuty) });

export const StaffRota = Type.Object({
  ...PublicRota.properties,
  createdAt: IsoDateTime,
  /** The printable sheet for the notice board (A4, both languages, with a QR code to sign up). */
  sheetUrl: Nullable(Type.String()),
});

export const StaffRotaList = Type.Object({ items: Type.Array(StaffRota), nextCursor: Nullable(Type.String()) });

export const RotaCoverageQuery = Type.Object(
  { from: Type.Optional(RotaDate), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 62 })) },
  { additionalProperties: false },
);

export const RotaCoverage = Type.Object({
  rota: StaffRota,
  today: RotaDate,
  days: Type.Array(StaffRotaDay),
  /** Covered days in the range, and those with every place taken. */
  coveredDays: Type.Integer(),
  fullDays: Type.Integer(),
});

/** Household codes, shown once: staff print them for the households (the server keeps only their HMAC). */
export const RotaCodes = Type.Object({ items: Type.Array(Type.Object({ room: Type.String(), code: Type.String() })) });

export type NewRotaBody = Static<typeof NewRota>;
export type EditRotaBody = Static<typeof EditRota>;
export type PublicRotaBody = Static<typeof PublicRota>;
export type RotaWeekBody = Static<typeof RotaWeek>;
export type RotaDayBody = Static<typeof RotaDay>;
export type StaffRotaBody = Static<typeof StaffRota>;
export type RotaCoverageBody = Static<typeof RotaCoverage>;
export type NewRotaSignupBody = Static<typeof NewRotaSignup>;
