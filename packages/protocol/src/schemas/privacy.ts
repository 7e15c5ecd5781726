// Privacy: retention settings, and the export of everything held about one submission (staff only).
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Id, IsoDateTime } from './common.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Days = Type.Integer({ minimum: 0, maximum: 3650, description: 'Days; 0 erases at the next hourly run' });

export const RetentionSettings = Type.Object(
  {
    contactDays: Days,
    photoDays: Days,
  },
  {
    additionalProperties: false,
    description:
      'Days after a repair is closed, or a suggestion answered, declined or done, before its contact details (name, phone, email, room) and its non-public photos are erased.',
  },
);
export type RetentionSettings = Static<typeof RetentionSettings>;

const ExportedSuggestion = Type.Object(
  {
    id: Id,
    siteId: Nullable(Id),
    categoryId: Nullable(Id),
    text: Type.String(),
    authorName: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    followCode: Type.String(),
    moderation: Type.String(),
    status: Type.String(),
    response: Nullable(Type.String()),
    respondedAt: Nullable(IsoDateTime),
    note: Nullable(Type.String()),
    mergedIntoId: Nullable(Id),
    supportCount: Type.Integer(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { additionalProperties: false },
);

const ExportedRepair = Type.Object(
  {
    id: Id,
    siteId: Nullable(Id),
    trackingCode: Type.String(),
    categoryId: Id,
    buildingId: Nullable(Id),
    unitId: Nullable(Id),
    room: Nullable(Type.String()),
    locationText: Nullable(Type.String()),
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
    description: Type.String(),
    answers: Type.Record(Type.String(), Type.Unknown()),
    contactName: Nullable(Type.String()),
    contactPhone: Nullable(Type.String()),
    contactEmail: Nullable(Type.String()),
    preferredTime: Nullable(Type.String()),
    language: Nullable(Type.String()),
    status: Type.String(),
    assigneeId: Nullable(Id),
    spam: Type.Boolean(),
    source: Type.String(),
    rating: Nullable(Type.Integer()),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { additionalProperties: false },
);

const ExportedPhoto = Type.Object(
  {
    id: Id,
    public: Type.Boolean(),
    mime: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    createdAt: IsoDateTime,
  },
  { additionalProperties: false },
);

const ExportedTimelineEntry = Type.Object(
  {
    at: IsoDateTime,
    type: Type.String({ description: 'A repair update kind, or a live event type for suggestions' }),
    status: Nullable(Type.String()),
    note: Nullable(Type.String()),
    public: Type.Boolean(),
    authorType: Nullable(Type.String()),
    staffId: Nullable(Id),
  },
  { additionalProperties: false },
);

const ExportedAuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: IsoDateTime,
    actorType: Type.String(),
    actorId: Nullable(Id),
    action: Type.String(),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { additionalProperties: false },
);

const exportParts = {
  exportedAt: IsoDateTime,
  photos: Type.Array(ExportedPhoto),
  timeline: Type.Array(ExportedTimelineEntry),
  audit: Type.Array(ExportedAuditEntry),
  retention: RetentionSettings,
};

export const SuggestionExport = Type.Object(
  { kind: Type.Literal('suggestion'), suggestion: ExportedSuggestion, ...exportParts },
  { additionalProperties: false },
);
export type SuggestionExport = Static<typeof SuggestionExport>;

export const RepairExport = Type.Object(
  { kind: Type.Literal('repair'), repair: ExportedRepair, ...exportParts },
  { additionalProperties: false },
);
export type RepairExport = Static<typeof RepairExport>;

export const SubmissionIdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** What staff erased on a resident's request: whether contact details were left to erase, and how many photos. */
export const StaffErasure = Type.Object(
  {
    contact: Type.Boolean({ description: 'Name, phone, email, room or free-text location were there and are gone' }),
    photos: Type.Integer({ description: 'Non-public photos deleted' }),
  },
  { additionalProperties: false },
);
export type StaffErasure = Static<typeof StaffErasure>;
