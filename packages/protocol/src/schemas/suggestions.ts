import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { SUBMISSION_SOURCES } from '../sources.js';
import {
  FOLLOW_CODE_PATTERN,
  PHONE_PATTERN,
  SuggestionLimits,
  SuggestionModerationActions,
  SuggestionModerations,
  SuggestionSorts,
  SuggestionStatuses,
  VOTER_TOKEN_PATTERN,
} from '../suggestions.js';
import { Id, IsoDateTime, Page, SiteKeyParam, Text } from './common.js';

const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((value) => Type.Literal(value))));
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SuggestionModeration = literals(SuggestionModerations);
export const SuggestionStatus = literals(SuggestionStatuses);
export const FollowCode = Type.String({ pattern: FOLLOW_CODE_PATTERN, maxLength: 10 });

/** What a resident sends. Name and phone are for staff only and never appear in a public response. */
export const CreateSuggestion = Type.Object(
  {
    text: Text(SuggestionLimits.text, { minLength: 1, pattern: '\\S', description: 'Not only whitespace' }),
    categoryId: Type.Optional(Id),
    name: Type.Optional(Text(SuggestionLimits.name, { pattern: '\\S' })),
    phone: Type.Optional(Text(SuggestionLimits.phone, { pattern: PHONE_PATTERN })),
    /**
     * The device's voter token (the widgets send it): staff may trust the device that sent a suggestion, so
     * its later ones are published at once. Stored as a keyed hash, never shown.
     */
    voterToken: Type.Optional(Type.String({ pattern: VOTER_TOKEN_PATTERN, maxLength: 64 })),
    /** Honeypot: hidden from people; a value marks the suggestion as spam. */
    website: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

/**
 * The same answer whether the suggestion waits for staff or was published at once (the community publishes
 * at once, or staff trust the sending device): its moderation is on the follow page, for its follower.
 */
export const SuggestionCreated = Type.Object({
  id: Id,
  status: SuggestionStatus,
  followCode: FollowCode,
  /** Where the resident can follow it: the site's own page if configured, else the hosted page. */
  followUrl: Type.String(),
  /**
   * The sender's second secret (as a repair's): with the follow code it erases the sender's name and phone;
   * the code alone only reads. Sent once; a retry with the same Idempotency-Key gets it again.
   */
  residentKey: Type.String(),
});

/** A suggestion as anyone may see it: never the name, phone or internal note. */
export const PublicSuggestion = Type.Object({
  id: Id,
  text: Type.String(),
  categoryId: nullable(Id),
  status: SuggestionStatus,
  supportCount: Type.Integer(),
  response: nullable(Type.String()),
  respondedAt: nullable(IsoDateTime),
  createdAt: IsoDateTime,
});

/** The topics (议题) a suggestion became part of, oldest first: public page `/p/{siteKey}/topics/{id}`. */
export const SuggestionTopics = Type.Array(Type.Object({ id: Id, title: Type.String() }));

/** The board's items carry their topics, so a supporter sees on the board that the opinion is being discussed. */
export const PublicSuggestionList = Page(Type.Object({ ...PublicSuggestion.properties, topics: SuggestionTopics }));

/** The follow page's view: the resident's own suggestion in any moderation state. */
export const FollowedSuggestion = Type.Object({
  ...PublicSuggestion.properties,
  moderation: SuggestionModeration,
  followCode: FollowCode,
  /** Set when staff merged it into another suggestion, which then carries its supports. */
  mergedIntoId: nullable(Id),
  /** Its topics, and once merged those of the suggestion it was merged into (which carries its supports). */
  topics: SuggestionTopics,
});

export const SuggestionListQuery = Type.Object(
  {
    sort: Type.Optional(literals(SuggestionSorts)),
    status: Type.Optional(SuggestionStatus),
    cursor: Type.Optional(Text(200, { minLength: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);

export const SimilarSuggestionQuery = Type.Object(
  {
    q: Text(SuggestionLimits.similarQueryMax, { minLength: SuggestionLimits.similarQueryMin }),
  },
  { additionalProperties: false },
);

export const SimilarSuggestions = Type.Object({
  items: Type.Array(
    Type.Object({ id: Id, text: Type.String(), status: SuggestionStatus, supportCount: Type.Integer() }),
  ),
});

export const SuggestionParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id },
  { additionalProperties: false },
);

export const FollowParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, followCode: FollowCode },
  { additionalProperties: false },
);

export const SupportBody = Type.Object(
  { voterToken: Type.String({ pattern: VOTER_TOKEN_PATTERN, maxLength: 64 }) },
  { additionalProperties: false },
);

export const SupportState = Type.Object({ supported: Type.Boolean(), supportCount: Type.Integer() });

// --- staff ---

/** A suggestion as staff see it: the phone masked until revealed (reveals are audited). */
export const StaffSuggestion = Type.Object({
  ...PublicSuggestion.properties,
  moderation: SuggestionModeration,
  followCode: FollowCode,
  name: nullable(Type.String()),
  phoneMasked: nullable(Type.String()),
  note: nullable(Type.String()),
  mergedIntoId: nullable(Id),
  siteKey: nullable(Type.String()),
  updatedAt: IsoDateTime,
  /** Its photo (at most one today), served to staff at /admin/api/suggestions/{id}/photos/{photoId}. */
  photoIds: Type.Array(Id),
  /** It came from a device staff can trust (the widget sent the device's voter token). */
  authorDevice: Type.Boolean(),
  /** The device that sent it is trusted: later suggestions from that device are published at once. */
  authorTrusted: Type.Boolean(),
  /**
   * Set aside by the server as spam, in the inbox's "to review" until staff moderate it: `honeypot` (a field
   * people never see was filled), `unreviewed` (marked by an earlier version because of traffic).
   */
  reviewReason: nullable(Type.Union([Type.Literal('honeypot'), Type.Literal('unreviewed')])),
  /** Where it arrived: `widget`, or what staff recorded on a resident's behalf (`phone`, `wechat-group`, …). */
  source: literals(SUBMISSION_SOURCES),
  /** Recorded by staff: whether the resident agrees to be contacted; null when the resident sent it. */
  contactConsent: nullable(Type.Boolean()),
  /** Staff's note on reaching the resident (recorded suggestions). */
  contactNote: nullable(Type.String()),
});
export type StaffSuggestion = Static<typeof StaffSuggestion>;

export const StaffSuggestionList = Page(StaffSuggestion);
export type StaffSuggestionList = Static<typeof StaffSuggestionList>;

export const StaffSuggestionQuery = Type.Object(
  {
    moderation: Type.Optional(SuggestionModeration),
    status: Type.Optional(SuggestionStatus),
    cursor: Type.Optional(Text(200, { minLength: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type StaffSuggestionQuery = Static<typeof StaffSuggestionQuery>;

export const StaffSuggestionParams = Type.Object({ id: Id }, { additionalProperties: false });

export const StaffSuggestionPhotoParams = Type.Object({ id: Id, photoId: Id }, { additionalProperties: false });

export const UpdateSuggestion = Type.Object(
  {
    moderation: Type.Optional(literals(SuggestionModerationActions)),
    status: Type.Optional(SuggestionStatus),
    /** The official response residents see; null withdraws it. */
    response: Type.Optional(nullable(Text(SuggestionLimits.response, { minLength: 1, pattern: '\\S' }))),
    /** Internal note, staff only. */
    note: Type.Optional(nullable(Text(SuggestionLimits.note))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSuggestion = Static<typeof UpdateSuggestion>;

export const MergeSuggestion = Type.Object({ into: Id }, { additionalProperties: false });
export type MergeSuggestion = Static<typeof MergeSuggestion>;

export const RevealedPhone = Type.Object({ phone: nullable(Type.String()) });
export type RevealedPhone = Static<typeof RevealedPhone>;

export const SuggestionSettings = Type.Object(
  {
    /** New suggestions wait for staff (true) or are published at once (false). */
    preModerate: Type.Boolean(),
    /** The community's own follow page, with `{code}` where the follow code goes; null for the hosted page. */
    followUrl: nullable(Text(500, { pattern: '^https?://[^\\s]+\\{code\\}[^\\s]*$' })),
  },
  { additionalProperties: false },
);
export type SuggestionSettings = Static<typeof SuggestionSettings>;

// The public wire's types, as the widgets read them.
export type SimilarSuggestions = Static<typeof SimilarSuggestions>;
