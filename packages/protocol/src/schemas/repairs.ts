// Repair requests: what residents send and see (public), and what staff work with (staff API).
// Public shapes are allowlists: no name, phone, room or free-text location ever appears in them.
import { type Static, Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { Id, IsoDateTime, LanguageSchema, Page, Text } from './common.js';
import { LocalizedText } from './site-config.js';

export const RepairLimits = {
  maxPhotos: 3,
  maxQuestions: 20,
  maxOptions: 30,
  description: 2000,
  note: 2000,
  preferredTime: 120,
  name: 60,
  phone: 24,
} as const;

/** `R-7K3Q-9X2M`: 8 Crockford base32 characters (40 random bits). Input is read case-insensitively. */
export const TRACKING_CODE_PATTERN = '^[Rr]-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}$';
export const TrackingCode = Type.String({ minLength: 11, maxLength: 11, pattern: TRACKING_CODE_PATTERN });
/** Digits with spaces, dashes, brackets and an optional leading +, e.g. 138 0013 8000 or +86 10 6512 3456. */
export const PHONE_PATTERN = '^\\+?[0-9][0-9 ()-]{4,22}[0-9]$';

export const REPAIR_STATUSES = [
  'received',
  'acknowledged',
  'scheduled',
  'in_progress',
  'resolved',
  'closed',
  'reopened',
] as const;
export const RepairStatus = Type.Union(REPAIR_STATUSES.map((status) => Type.Literal(status)));

const QuestionCode = Text(40, { minLength: 1, pattern: '^[a-z0-9_-]+$' });

export const RepairQuestion = Type.Object(
  {
    code: QuestionCode,
    kind: Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('single'), Type.Literal('multi')]),
    required: Type.Boolean(),
    label: LocalizedText,
    options: Type.Optional(
      Type.Array(Type.Object({ key: QuestionCode, label: LocalizedText }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: RepairLimits.maxOptions,
      }),
    ),
  },
  { additionalProperties: false },
);

/** A repair category as residents pick it: its questions and an emergency notice to show before sending. */
export const RepairService = Type.Object({
  id: Id,
  slug: Type.String(),
  names: LocalizedText,
  description: Type.Union([LocalizedText, Type.Null()]),
  emergencyNotice: Type.Union([LocalizedText, Type.Null()]),
  questions: Type.Array(RepairQuestion),
});
export const RepairServiceList = Type.Object({ items: Type.Array(RepairService) });

export const RepairAnswerValue = Type.Union([
  Text(500),
  Type.Number(),
  Type.Array(Text(40), { maxItems: RepairLimits.maxOptions }),
]);
export const RepairAnswers = Type.Record(Type.String({ maxLength: 40, pattern: '^[a-z0-9_-]+$' }), RepairAnswerValue, {
  maxProperties: RepairLimits.maxQuestions,
  additionalProperties: false,
});

/** POST /repairs as JSON; the multipart form sends the same names (`answers` as a JSON string). */
export const NewRepairRequest = Type.Object(
  {
    category: Id,
    buildingId: Type.Optional(Id),
    unitId: Type.Optional(Id),
    room: Type.Optional(Text(20, { minLength: 1 })),
    locationText: Type.Optional(Text(Limits.shortText, { minLength: 1 })),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    description: Text(RepairLimits.description, { minLength: 1 }),
    answers: Type.Optional(RepairAnswers),
    name: Type.Optional(Text(RepairLimits.name, { minLength: 1 })),
    phone: Type.Optional(Text(RepairLimits.phone, { pattern: PHONE_PATTERN })),
    preferredTime: Type.Optional(Text(RepairLimits.preferredTime, { minLength: 1 })),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false },
);

/** The multipart form: every value a string, as browsers send them. */
export const NewRepairRequestForm = Type.Object(
  {
    category: Text(36),
    buildingId: Type.Optional(Text(36)),
    unitId: Type.Optional(Text(36)),
    room: Type.Optional(Text(20)),
    locationText: Type.Optional(Text(Limits.shortText)),
    latitude: Type.Optional(Text(24)),
    longitude: Type.Optional(Text(24)),
    description: Text(RepairLimits.description),
    answers: Type.Optional(Text(12_000)),
    name: Type.Optional(Text(RepairLimits.name)),
    phone: Type.Optional(Text(RepairLimits.phone)),
    preferredTime: Type.Optional(Text(RepairLimits.preferredTime)),
    language: Type.Optional(Text(5)),
  },
  { additionalProperties: false },
);

export const PublicPhoto = Type.Object({ id: Id, width: Type.Integer(), height: Type.Integer() });

export const PublicTimelineEntry = Type.Object({
  at: IsoDateTime,
  kind: Type.Union([Type.Literal('created'), Type.Literal('update'), Type.Literal('confirmation')]),
  status: Type.Union([RepairStatus, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});

/** What anyone holding the tracking code sees. */
export const PublicRepair = Type.Object({
  trackingCode: Type.String(),
  status: RepairStatus,
  category: Type.Object({ slug: Type.String(), names: LocalizedText }),
  location: Type.Object({
    building: Type.Union([Type.String(), Type.Null()]),
    unit: Type.Union([Type.String(), Type.Null()]),
  }),
  description: Type.String(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  canConfirm: Type.Boolean(),
  rating: Type.Union([Type.Integer(), Type.Null()]),
  photos: Type.Array(PublicPhoto),
  timeline: Type.Array(PublicTimelineEntry),
});

/**
 * A resident key as it travels: 20 Crockford base32 symbols (100 bits), shown in groups of four
 * (`K7M2-Q9XA-…`); case, dashes and the look-alikes O/I/L are forgiven on the way in.
 */
export const ResidentKey = Text(64, { minLength: 1 });

export const RepairCreated = Type.Object({
  trackingCode: Type.String(),
  /**
   * The submitter's second secret, sent once (a retry with the same Idempotency-Key gets it again): with the
   * tracking code it confirms, reopens, rates or erases; the code alone only reads.
   */
  residentKey: Type.String(),
  status: RepairStatus,
  createdAt: IsoDateTime,
  photos: Type.Integer({ description: 'How many photos were stored' }),
});

export const RepairConfirmation = Type.Object(
  {
    outcome: Type.Union([Type.Literal('fixed'), Type.Literal('reopen')]),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    comment: Type.Optional(Text(500, { minLength: 1 })),
    /** The resident key; the `Resident-Key` header may carry it instead. */
    residentKey: Type.Optional(ResidentKey),
  },
  { additionalProperties: false },
);

export const TrackingCodeParams = Type.Object(
  {
    siteKey: Type.String({ minLength: 1, maxLength: Limits.siteKey, pattern: '^[A-Za-z0-9_-]+$' }),
    trackingCode: Text(64),
  },
  { additionalProperties: false },
);

// --- staff ---

export const RepairListQuery = Type.Object(
  {
    status: Type.Optional(RepairStatus),
    category: Type.Optional(Id),
    building: Type.Optional(Id),
    assignee: Type.Optional(Id),
    spam: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Text(200, { minLength: 1 })),
  },
  { additionalProperties: false },
);
export type RepairListQuery = Static<typeof RepairListQuery>;

const StaffRef = Type.Union([Type.Object({ id: Id, displayName: Type.String() }), Type.Null()]);

export const StaffRepairSummary = Type.Object({
  id: Id,
  trackingCode: Type.String(),
  status: RepairStatus,
  category: Type.Object({ id: Id, slug: Type.String(), names: LocalizedText }),
  building: Type.Union([Type.String(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  room: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  assignee: StaffRef,
  spam: Type.Boolean(),
  source: Type.String(),
  /** The lead report of the incident this one was merged into; null when it stands alone or leads one. */
  incidentId: Type.Union([Id, Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type StaffRepairSummary = Static<typeof StaffRepairSummary>;
export const StaffRepairList = Page(StaffRepairSummary);
export type StaffRepairList = Static<typeof StaffRepairList>;

export const StaffTimelineEntry = Type.Object({
  id: Id,
  at: IsoDateTime,
  kind: Type.String(),
  status: Type.Union([RepairStatus, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  public: Type.Boolean(),
  author: Type.Union([Type.Literal('resident'), Type.Literal('staff'), Type.Literal('system')]),
  staff: StaffRef,
});
export type StaffTimelineEntry = Static<typeof StaffTimelineEntry>;

export const StaffRepairDetail = Type.Object({
  ...StaffRepairSummary.properties,
  locationText: Type.Union([Type.String(), Type.Null()]),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  answers: Type.Record(Type.String(), Type.Unknown()),
  contact: Type.Object({
    name: Type.Union([Type.String(), Type.Null()]),
    /** e.g. 138****8000; the full number only through reveal-contact (audited). */
    phoneMasked: Type.Union([Type.String(), Type.Null()]),
    hasEmail: Type.Boolean(),
    /** Recorded by staff: whether the resident agrees to be contacted; null when the resident sent it. */
    consent: Type.Union([Type.Boolean(), Type.Null()]),
    /** Staff's note on reaching the resident (recorded requests). */
    note: Type.Union([Type.String(), Type.Null()]),
  }),
  preferredTime: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([LanguageSchema, Type.Null()]),
  rating: Type.Union([Type.Integer(), Type.Null()]),
  photos: Type.Array(Type.Object({ id: Id, width: Type.Integer(), height: Type.Integer(), public: Type.Boolean() })),
  timeline: Type.Array(StaffTimelineEntry),
  /** The statuses staff may move it to now (the server's status machine). */
  nextStatuses: Type.Array(RepairStatus),
  /** For an incident's lead: the reports merged into it, oldest first (empty otherwise). */
  mergedReports: Type.Array(StaffRepairSummary),
});
export type StaffRepairDetail = Static<typeof StaffRepairDetail>;

/** What the staff repair board filters and assigns by (any staff member of the community). */
export const RepairChoices = Type.Object({
  services: Type.Array(
    Type.Object({
      id: Id,
      slug: Type.String(),
      names: LocalizedText,
      active: Type.Boolean(),
      questions: Type.Array(RepairQuestion),
    }),
  ),
  buildings: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  assignees: Type.Array(Type.Object({ id: Id, displayName: Type.String() })),
});
export type RepairChoices = Static<typeof RepairChoices>;

export const RevealedContact = Type.Object({
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});
export type RevealedContact = Static<typeof RevealedContact>;

export const RepairIdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const RepairPhotoParams = Type.Object({ id: Id, photoId: Id }, { additionalProperties: false });

/** A staff update: a status change and/or a note. `id` (client-made UUID) makes a retry a no-op. */
export const NewRepairUpdate = Type.Object(
  {
    id: Type.Optional(Id),
    status: Type.Optional(RepairStatus),
    note: Type.Optional(Text(RepairLimits.note, { minLength: 1 })),
    public: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type NewRepairUpdate = Static<typeof NewRepairUpdate>;

export const RepairAssignment = Type.Object(
  { assigneeId: Type.Union([Id, Type.Null()]) },
  { additionalProperties: false },
);
export type RepairAssignment = Static<typeof RepairAssignment>;

export const RepairPhotoVisibility = Type.Object({ public: Type.Boolean() }, { additionalProperties: false });
export type RepairPhotoVisibility = Static<typeof RepairPhotoVisibility>;

export const RepairServiceInput = Type.Object(
  {
    slug: Text(64, { minLength: 1, pattern: '^[a-z0-9-]+$' }),
    names: LocalizedText,
    description: Type.Optional(Type.Union([LocalizedText, Type.Null()])),
    emergencyNotice: Type.Optional(Type.Union([LocalizedText, Type.Null()])),
    questions: Type.Optional(Type.Array(RepairQuestion, { maxItems: RepairLimits.maxQuestions })),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RepairServiceInput = Static<typeof RepairServiceInput>;
export const StaffRepairService = Type.Object({
  ...RepairService.properties,
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
});
export type StaffRepairService = Static<typeof StaffRepairService>;
export const StaffRepairServiceList = Type.Object({ items: Type.Array(StaffRepairService) });
export type StaffRepairServiceList = Static<typeof StaffRepairServiceList>;

export const NewApiKey = Type.Object(
  { name: Text(Limits.shortText, { minLength: 1 }) },
  { additionalProperties: false },
);
export type NewApiKey = Static<typeof NewApiKey>;
export const ApiKeySummary = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String(),
  createdAt: IsoDateTime,
  lastUsedAt: Type.Union([IsoDateTime, Type.Null()]),
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type ApiKeySummary = Static<typeof ApiKeySummary>;
export const ApiKeyCreated = Type.Object({ ...ApiKeySummary.properties, key: Type.String() });
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;
export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeySummary) });
export type ApiKeyList = Static<typeof ApiKeyList>;

// The public wire's types, as the widgets read them.
export type RepairQuestion = Static<typeof RepairQuestion>;
export type RepairService = Static<typeof RepairService>;
export type PublicTimelineEntry = Static<typeof PublicTimelineEntry>;
export type PublicRepair = Static<typeof PublicRepair>;
export type RepairCreated = Static<typeof RepairCreated>;
