// Deliberation: topics (议题), their meetings, decisions, representatives and the poll written back. Staff
// shape them (staff API); residents read them, support a topic and leave an opinion before a meeting (public
// API). Public shapes are allowlists: no staff, phone, room or device ever appears in them.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import {
  MEETING_PARTIES,
  REPRESENTATIVE_ROLES,
  TOPIC_OPINION_MODERATIONS,
  TOPIC_SCOPES,
  TOPIC_STATUSES,
  TopicLimits,
} from '../topics.js';
import { Id, IsoDateTime, Page, SiteKeyParam, Text } from './common.js';
import { SupportBody } from './suggestions.js';

const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((value) => Type.Literal(value))));
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const ClientId = Type.Unsafe<string>({ ...Id, description: 'Client-made id: a retry with it is a no-op (200)' });
const Line = (max: number) => Text(max, { minLength: 1, pattern: '\\S' });

export const TopicStatus = literals(TOPIC_STATUSES);
export const TopicScopeType = literals(TOPIC_SCOPES);
export const MeetingParty = literals(MEETING_PARTIES);
export const RepresentativeRole = literals(REPRESENTATIVE_ROLES);
export const TopicOpinionModeration = literals(TOPIC_OPINION_MODERATIONS);

export const TopicScopeInput = Type.Object(
  { type: TopicScopeType, buildingId: Type.Optional(Id), unitId: Type.Optional(Id) },
  { additionalProperties: false },
);
/** The place as every reader sees it: names, no household or room. */
export const TopicScope = Type.Object({
  type: TopicScopeType,
  buildingId: nullable(Id),
  buildingName: nullable(Type.String()),
  unitId: nullable(Id),
  unitName: nullable(Type.String()),
});

export const TopicStatusChange = Type.Object({
  from: nullable(TopicStatus),
  to: TopicStatus,
  reason: Type.String(),
  at: IsoDateTime,
});

export const MeetingAttendance = Type.Object(
  { party: MeetingParty, count: Type.Integer({ minimum: 0, maximum: TopicLimits.attendance }) },
  { additionalProperties: false },
);

export const PublicMeeting = Type.Object({
  id: Id,
  title: Type.String(),
  startsAt: IsoDateTime,
  /** A room, or null when the meeting is online only. */
  place: nullable(Type.String()),
  /** How to join online (e.g. "the building's WeChat group"), or null. */
  online: nullable(Type.String()),
  parties: Type.Array(MeetingParty),
  agenda: Type.Array(Type.Object({ id: Id, title: Type.String() })),
  /** Who came, as counts per party (no names); empty until staff record it. */
  attendance: Type.Array(MeetingAttendance),
  minutes: nullable(Type.String()),
  /** The meeting notice published to the households concerned (and their chat-group bots). */
  noticeId: nullable(Id),
});

export const DecisionPhoto = Type.Object({ id: Id, width: Type.Integer(), height: Type.Integer() });
export const TopicDecision = Type.Object({
  id: Id,
  text: Type.String(),
  responsibleParty: Type.String(),
  deadline: nullable(Type.String({ format: 'date' })),
  /** In yuan. */
  cost: nullable(Type.Number()),
  /** How the cost is shared, e.g. each floor's share. */
  costSharing: nullable(Type.String()),
  meetingId: nullable(Id),
  photos: Type.Array(DecisionPhoto),
  at: IsoDateTime,
});

/** A linked poll's outcome, written back to the topic when the poll closes. */
export const TopicPollOutcome = Type.Object({
  ballots: Type.Integer(),
  options: Type.Array(Type.Object({ label: Type.String(), votes: Type.Integer() })),
  /** Owners' decisions (art. 278): whether the quorum was met and the motion passed; null otherwise. */
  owners: nullable(Type.Object({ quorumMet: Type.Boolean(), passed: Type.Boolean() })),
  recordedAt: IsoDateTime,
});
export const TopicPoll = Type.Object({ id: Id, title: Type.String(), outcome: nullable(TopicPollOutcome) });

export const PublicTopicOpinion = Type.Object({ id: Id, text: Type.String(), at: IsoDateTime });
export const PublicRepresentative = Type.Object({
  id: Id,
  role: RepresentativeRole,
  displayName: Type.String(),
  buildingName: nullable(Type.String()),
  unitName: nullable(Type.String()),
});

export const PublicTopic = Type.Object({
  id: Id,
  title: Type.String(),
  summary: Type.String(),
  scope: TopicScope,
  status: TopicStatus,
  /** Every status change with its public reason, oldest first. */
  history: Type.Array(TopicStatusChange),
  supportCount: Type.Integer(),
  /** How many residents' suggestions it grew from. */
  suggestionCount: Type.Integer(),
  /** The next meeting with this topic on its agenda that has not been held (no minutes yet). */
  nextMeeting: nullable(PublicMeeting),
  meetings: Type.Array(PublicMeeting),
  decisions: Type.Array(TopicDecision),
  poll: nullable(TopicPoll),
  /** Published opinions, oldest first; phone numbers in them masked. */
  opinions: Type.Array(PublicTopicOpinion),
  /** The residents' representatives of its place. */
  representatives: Type.Array(PublicRepresentative),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const PublicTopicList = Page(PublicTopic);

export const TopicListQuery = Type.Object(
  {
    building: Type.Optional(Id),
    unit: Type.Optional(Id),
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export const PublicTopicParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id },
  { additionalProperties: false },
);
export const TopicSupportBody = SupportBody;
export const TopicSupportState = Type.Object({ supported: Type.Boolean(), supportCount: Type.Integer() });
export const NewTopicOpinion = Type.Object(
  {
    text: Line(TopicLimits.opinion),
    voterToken: Type.Optional(SupportBody.properties.voterToken),
    /** Honeypot: people leave it empty; a filled one is kept as spam. */
    website: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
/** The same answer whether the opinion waits for staff or was kept as spam. */
export const TopicOpinionReceived = Type.Object({ id: Id, moderation: Type.Literal('pending') });

// --- staff ---

export const TopicParams = Type.Object({ id: Id }, { additionalProperties: false });
export const TopicOpinionParams = Type.Object({ id: Id, opinionId: Id }, { additionalProperties: false });

export const NewTopic = Type.Object(
  {
    id: Type.Optional(ClientId),
    scope: TopicScopeInput,
    title: Line(TopicLimits.title),
    summary: Type.Optional(Text(TopicLimits.summary)),
    /** The residents' suggestions it grows from (their supporters are told); none for a topic from scratch. */
    suggestionIds: Type.Optional(Type.Array(Id, { maxItems: TopicLimits.suggestions, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const ChangeTopicStatus = Type.Object(
  { status: TopicStatus, reason: Line(TopicLimits.reason) },
  { additionalProperties: false },
);

export const NewDecision = Type.Object(
  {
    id: Type.Optional(ClientId),
    text: Line(TopicLimits.decision),
    responsibleParty: Line(TopicLimits.responsibleParty),
    deadline: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
    cost: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10 })),
    costSharing: Type.Optional(Text(TopicLimits.costSharing)),
    meetingId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ModerateTopicOpinion = Type.Object(
  { action: Type.Union([Type.Literal('publish'), Type.Literal('reject'), Type.Literal('spam')]) },
  { additionalProperties: false },
);

export const StaffTopicOpinion = Type.Object({
  id: Id,
  text: Type.String(),
  moderation: TopicOpinionModeration,
  fromDevice: Type.Boolean(),
  at: IsoDateTime,
});

export const StaffTopic = Type.Object({
  ...PublicTopic.properties,
  opinions: Type.Array(StaffTopicOpinion),
  suggestionIds: Type.Array(Id),
  /** When the first opinion behind it arrived (its oldest suggestion, else the topic itself). */
  firstOpinionAt: IsoDateTime,
  createdBy: nullable(Id),
  /** The printable one-page summary (hosted page), for the notice board. */
  publicUrl: nullable(Type.String()),
});
export const StaffTopicList = Page(StaffTopic);
export const StaffTopicListQuery = Type.Object(
  {
    status: Type.Optional(TopicStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

export const NewMeeting = Type.Object(
  {
    id: Type.Optional(ClientId),
    title: Line(TopicLimits.title),
    startsAt: IsoDateTime,
    place: Type.Optional(Line(TopicLimits.place)),
    online: Type.Optional(Line(TopicLimits.online)),
    parties: Type.Array(MeetingParty, { minItems: 1, maxItems: 10, uniqueItems: true }),
    topicIds: Type.Array(Id, { minItems: 1, maxItems: TopicLimits.agenda, uniqueItems: true }),
    /** Whom the meeting notice goes to (the households concerned and their chat-group bots). */
    scope: TopicScopeInput,
  },
  { additionalProperties: false },
);

/** A meeting's whole new agenda, in order: add, remove or reorder topics until the meeting is held. */
export const MeetingAgenda = Type.Object(
  { topicIds: Type.Array(Id, { minItems: 1, maxItems: TopicLimits.agenda, uniqueItems: true }) },
  { additionalProperties: false },
);

export const MeetingMinutes = Type.Object(
  {
    minutes: Line(TopicLimits.minutes),
    attendance: Type.Array(MeetingAttendance, { maxItems: 10 }),
  },
  { additionalProperties: false },
);

export const MeetingParams = Type.Object({ id: Id }, { additionalProperties: false });
export const StaffMeeting = Type.Object({
  ...PublicMeeting.properties,
  createdBy: nullable(Id),
  createdAt: IsoDateTime,
});
export const StaffMeetingList = Page(StaffMeeting);
export const StaffMeetingListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);

export const NewRepresentative = Type.Object(
  {
    role: RepresentativeRole,
    buildingId: Id,
    unitId: Type.Optional(Id),
    displayName: Line(TopicLimits.displayName),
  },
  { additionalProperties: false },
);
export const RepresentativeParams = Type.Object({ id: Id }, { additionalProperties: false });
export const StaffRepresentative = Type.Object({
  ...PublicRepresentative.properties,
  buildingId: Id,
  unitId: nullable(Id),
  createdAt: IsoDateTime,
});
export const StaffRepresentativeList = Page(StaffRepresentative);

export type PublicTopicBody = Static<typeof PublicTopic>;
export type StaffTopicBody = Static<typeof StaffTopic>;
export type PublicMeetingBody = Static<typeof PublicMeeting>;
export type StaffMeetingBody = Static<typeof StaffMeeting>;
export type NewTopicBody = Static<typeof NewTopic>;
export type NewMeetingBody = Static<typeof NewMeeting>;
export type ChangeTopicStatusBody = Static<typeof ChangeTopicStatus>;
export type NewDecisionBody = Static<typeof NewDecision>;
export type MeetingMinutesBody = Static<typeof MeetingMinutes>;
export type MeetingAgendaBody = Static<typeof MeetingAgenda>;
export type NewRepresentativeBody = Static<typeof NewRepresentative>;
export type StaffRepresentativeBody = Static<typeof StaffRepresentative>;
