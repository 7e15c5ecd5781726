// A topic as residents see it (an allowlist: no staff, device or phone) and as staff see it; its meetings
// and representatives likewise.
import type { PublicMeetingBody, PublicTopicBody, StaffMeetingBody, StaffTopicBody } from '@courtyard/protocol/schemas';
import { maskPhones } from '../notices/present.js';
import type { MeetingWithAgenda } from '../repositories/meetings.js';
import type { RepresentativeRow } from '../repositories/representatives.js';
import type { TopicWithParts } from '../repositories/topic-parts.js';
import type { DecisionWithPhotos } from '../repositories/topic-residents.js';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentMeeting(meeting: MeetingWithAgenda): PublicMeetingBody {
  return {
    id: meeting.id,
    title: meeting.title,
    startsAt: iso(meeting.startsAt),
    place: meeting.place,
    online: meeting.online,
    parties: meeting.parties,
    agenda: meeting.agenda,
    attendance: meeting.attendance as PublicMeetingBody['attendance'],
    minutes: meeting.minutes,
    noticeId: meeting.noticeId,
  };
}

export const presentStaffMeeting = (meeting: MeetingWithAgenda): StaffMeetingBody => ({
  ...presentMeeting(meeting),
  createdBy: meeting.createdBy,
  createdAt: iso(meeting.createdAt),
});

export const presentDecision = (decision: DecisionWithPhotos) => ({
  id: decision.id,
  text: decision.text,
  responsibleParty: decision.responsibleParty,
  deadline: decision.deadline,
  cost: decision.cost === null ? null : Number(decision.cost),
  costSharing: decision.costSharing,
  meetingId: decision.meetingId,
  photos: decision.photos,
  at: iso(decision.createdAt),
});

export const presentRepresentative = (person: RepresentativeRow) => ({
  id: person.id,
  role: person.role,
  displayName: person.displayName,
  buildingName: person.buildingName,
  unitName: person.unitName,
});

export function presentTopic(topic: TopicWithParts): PublicTopicBody {
  const meetings = topic.meetings.map(presentMeeting);
  return {
    id: topic.id,
    title: topic.title,
    summary: topic.summary,
    scope: {
      type: topic.scope,
      buildingId: topic.buildingId,
      buildingName: topic.buildingName,
      unitId: topic.unitId,
      unitName: topic.unitName,
    },
    status: topic.status,
    history: topic.history.map((change) => ({
      from: change.fromStatus,
      to: change.toStatus,
      reason: change.reason,
      at: iso(change.createdAt),
    })),
    supportCount: topic.supportCount,
    suggestionCount: topic.suggestionIds.length,
    // Meetings are oldest first: the next one is the first not yet held.
    nextMeeting: meetings.find((meeting) => meeting.minutes === null) ?? null,
    meetings,
    decisions: topic.decisions.map(presentDecision),
    poll: topic.pollId
      ? {
          id: topic.pollId,
          title: topic.pollTitle ?? '',
          outcome: (topic.pollOutcome as NonNullable<PublicTopicBody['poll']>['outcome']) ?? null,
        }
      : null,
    opinions: topic.opinions
      .filter((opinion) => opinion.moderation === 'published')
      .map((opinion) => ({ id: opinion.id, text: maskPhones(opinion.text), at: iso(opinion.createdAt) })),
    representatives: topic.representatives.map(presentRepresentative),
    createdAt: iso(topic.createdAt),
    updatedAt: iso(topic.updatedAt),
  };
}

export function presentStaffTopic(topic: TopicWithParts, publicUrl: string | null): StaffTopicBody {
  return {
    ...presentTopic(topic),
    opinions: topic.opinions.map((opinion) => ({
      id: opinion.id,
      text: opinion.text,
      moderation: opinion.moderation,
      fromDevice: opinion.deviceHash !== null,
      at: iso(opinion.createdAt),
    })),
    suggestionIds: topic.suggestionIds,
    firstOpinionAt: iso(topic.firstOpinionAt),
    createdBy: topic.createdBy,
    publicUrl,
  };
}
