// The Topics screen's calls to /admin/api (topics, meetings, representatives). The shapes are the server's
// schemas, so a change on either side is a compile error here.
import type {
  ChangeTopicStatusBody,
  MeetingAgendaBody,
  MeetingMinutesBody,
  NewDecisionBody,
  NewMeetingBody,
  NewRepresentativeBody,
  NewTopicBody,
  StaffMeetingBody,
  StaffRepresentativeBody,
  StaffTopicBody,
} from '@courtyard/protocol/schemas';
import type { CreatePollRequest } from './polls.js';
import { adminRequest } from './request.js';

export type Topic = StaffTopicBody;
export type Meeting = StaffMeetingBody;
export type Representative = StaffRepresentativeBody;
type Page<T> = { items: T[]; nextCursor: string | null };

const path = (id: string, rest = '') => `topics/${encodeURIComponent(id)}${rest}`;

export const listTopics = () => adminRequest<Page<Topic>>('GET', 'topics');
export const getTopic = (id: string) => adminRequest<Topic>('GET', path(id));
export const createTopic = (body: NewTopicBody) => adminRequest<Topic>('POST', 'topics', body);
export const changeStatus = (id: string, body: ChangeTopicStatusBody) =>
  adminRequest<Topic>('POST', path(id, '/status'), body);
export const moderateOpinion = (id: string, opinionId: string, action: 'publish' | 'reject' | 'spam') =>
  adminRequest<Topic>('POST', path(id, `/opinions/${encodeURIComponent(opinionId)}/moderation`), { action });
/** A decision with up to three photos, sent as multipart when there are photos (JSON otherwise). */
export function recordDecision(id: string, body: NewDecisionBody, photos: File[] = []) {
  if (!photos.length) return adminRequest<Topic>('POST', path(id, '/decisions'), body);
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) form.set(name, String(value));
  for (const photo of photos) form.append('photos', photo, photo.name);
  return adminRequest<Topic>('POST', path(id, '/decisions'), form);
}
export const scheduleMeeting = (body: NewMeetingBody) => adminRequest<Meeting>('POST', 'meetings', body);
export const recordMinutes = (id: string, body: MeetingMinutesBody) =>
  adminRequest<Meeting>('POST', `meetings/${encodeURIComponent(id)}/minutes`, body);
export const changeAgenda = (id: string, body: MeetingAgendaBody) =>
  adminRequest<Meeting>('PUT', `meetings/${encodeURIComponent(id)}/agenda`, body);
export const openPoll = (id: string, body: CreatePollRequest) => adminRequest<Topic>('POST', path(id, '/poll'), body);
export const listRepresentatives = () => adminRequest<Page<Representative>>('GET', 'representatives');
export const addRepresentative = (body: NewRepresentativeBody) =>
  adminRequest<Representative>('POST', 'representatives', body);
export const removeRepresentative = (id: string) =>
  adminRequest<void>('DELETE', `representatives/${encodeURIComponent(id)}`);
