// Deliberation (议事协商): topics residents' opinions become, the meetings that deliberate them, their
// decisions and the residents' representatives. Shared by the server's schema, its pgEnums and the widgets.

/** Where a topic belongs: the whole community, one building, or one unit (stairwell). */
export const TOPIC_SCOPES = ['community', 'building', 'unit'] as const;
export type TopicScope = (typeof TOPIC_SCOPES)[number];

/**
 * proposed → scheduled → deliberated → decided → in-progress → done, or dropped from any open step.
 * TOPIC_TRANSITIONS says which step may follow which; every change carries a public reason.
 */
export const TOPIC_STATUSES = [
  'proposed',
  'scheduled',
  'deliberated',
  'decided',
  'in-progress',
  'done',
  'dropped',
] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/** A meeting may be postponed (back one step) or a decision re-opened (back to another meeting). */
export const TOPIC_TRANSITIONS: Record<TopicStatus, readonly TopicStatus[]> = {
  proposed: ['scheduled', 'dropped'],
  scheduled: ['proposed', 'deliberated', 'dropped'],
  deliberated: ['scheduled', 'decided', 'dropped'],
  decided: ['scheduled', 'in-progress', 'dropped'],
  'in-progress': ['done', 'dropped'],
  done: [],
  dropped: [],
};

/** Residents may leave an opinion until the topic has been deliberated. */
export const TOPIC_OPEN_FOR_OPINIONS: readonly TopicStatus[] = ['proposed', 'scheduled'];

/** The parties a meeting invites, by role (never by name). 楼门长 are the building leaders. */
export const MEETING_PARTIES = [
  'residents-committee',
  'owners-committee',
  'property-company',
  'residents-representatives',
  'building-leaders',
] as const;
export type MeetingParty = (typeof MEETING_PARTIES)[number];

/** The roles of residents' representatives (no login; shown by role and place only). */
export const REPRESENTATIVE_ROLES = ['residents-representative', 'building-leader', 'owners-representative'] as const;
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

/** Opinions on a topic are moderated like suggestions: only `published` ones are shown. */
export const TOPIC_OPINION_MODERATIONS = ['pending', 'published', 'rejected', 'spam'] as const;

/** Live event types on the `topic:{id}` topic; the first three are also webhook events. */
export const TOPIC_EVENTS = {
  changed: 'topic.changed',
  meeting: 'meeting.scheduled',
  decision: 'decision.recorded',
  /** A meeting's minutes and attendance recorded (live only). */
  minutes: 'meeting.minutes',
  /** A scheduled meeting's agenda changed, on the old and new agenda's topics (live only). */
  agenda: 'meeting.agenda',
  /** A support added or withdrawn: the new count (live only). */
  supports: 'topic.supports',
  /** An opinion staff published or took down (live only). */
  opinion: 'topic.opinion',
} as const;

/** On `suggestion:{id}`: the suggestion became (part of) a topic, so its supporters' pages can say so. */
export const SUGGESTION_TOPIC_EVENT = 'suggestion.topic';

export const TopicLimits = {
  title: 120,
  summary: 4000,
  reason: 500,
  /** A resident's opinion before a meeting: a few lines. */
  opinion: 500,
  suggestions: 20,
  decision: 4000,
  responsibleParty: 120,
  costSharing: 1000,
  decisionPhotos: 3,
  place: 200,
  online: 300,
  minutes: 8000,
  agenda: 20,
  attendance: 100000,
  displayName: 40,
} as const;
