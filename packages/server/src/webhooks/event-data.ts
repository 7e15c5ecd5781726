// What a delivery carries about its event: the community and the item, with public and staff-facing fields
// only. Names, phone numbers, rooms and contact details are never read into it, so no format can leak them.
import type { LocalizedText } from '../db/schema.js';

export type Language = 'zh-CN' | 'en';

export interface CommunityRef {
  id: string;
  slug: string;
  names: LocalizedText;
  language: Language;
}

export type Subject =
  | { kind: 'suggestion'; id: string; text: string; status: string; moderation: string; response: string | null }
  | {
      kind: 'repair';
      id: string;
      trackingCode: string;
      status: string;
      category: LocalizedText | null;
      description: string;
      /** The public note of this update, if any. */
      note: string | null;
    }
  | { kind: 'poll'; id: string; title: string; opensAt: string; closesAt: string | null }
  | NoticeSubject
  | TopicSubject
  | RotaGapSubject
  | { kind: 'test' };

/** A rota day that still needs households (`rota.gap`): where, which day, how many places are open. */
export interface RotaGapSubject {
  kind: 'rota';
  id: string;
  title: string;
  buildingName: string;
  unitName: string | null;
  date: string;
  open: number;
}

/** A notice as chat groups are told of it; `update` is the progress text of a `notice.updated` event. */
export interface NoticeSubject {
  kind: 'notice';
  id: string;
  noticeKind: string;
  title: string;
  body: string;
  scope: {
    type: string;
    buildingName: string | null;
    unitName: string | null;
    floorFrom: number | null;
    floorTo: number | null;
  };
  startsAt: string;
  expectedEndAt: string | null;
  closedAt: string | null;
  closingText: string | null;
  update: string | null;
  /** The community's first site, whose hosted page shows the notice (null: the community has no site). */
  siteKey: string | null;
  timeZone: string;
}

/** A topic as chat groups are told of it; `detail` is the news of the event (a reason, a meeting, a decision). */
export interface TopicSubject {
  kind: 'topic';
  id: string;
  title: string;
  status: string;
  detail: string | null;
  /** The community's first site, whose printable page shows the topic (null: the community has no site). */
  siteKey: string | null;
}

export interface DeliveryData {
  community: CommunityRef;
  subject: Subject;
}

/** The test event staff send from the console. */
export const TEST_EVENT = 'webhook.test';

/** Longest text copied into a delivery. */
export const TEXT_LIMIT = 500;

export function clip(text: string, max: number): string {
  const flat = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

export function communityName(community: CommunityRef): string {
  return community.names[community.language] ?? community.names['zh-CN'] ?? community.names.en ?? community.slug;
}

/** Where a chat group's card links: a notice's public page (residents read the group), else the console. */
export function cardUrl(publicUrl: URL, subject: Subject): string {
  if (subject.kind === 'notice' && subject.siteKey) {
    return new URL(`/p/${encodeURIComponent(subject.siteKey)}/notices/${subject.id}`, publicUrl).toString();
  }
  if (subject.kind === 'topic' && subject.siteKey) {
    return new URL(`/p/${encodeURIComponent(subject.siteKey)}/topics/${subject.id}`, publicUrl).toString();
  }
  return consoleUrl(publicUrl, subject);
}

/** Where staff open the item in the console. */
export function consoleUrl(publicUrl: URL, subject: Subject): string {
  const path =
    subject.kind === 'suggestion'
      ? `suggestions/${subject.id}`
      : subject.kind === 'repair'
        ? `repairs/${subject.id}`
        : subject.kind === 'poll'
          ? `polls/${subject.id}`
          : subject.kind === 'notice'
            ? `notices/${subject.id}`
            : subject.kind === 'topic'
              ? `topics/${subject.id}`
              : subject.kind === 'rota'
                ? `rotas/${subject.id}`
                : 'webhooks';
  return new URL(`/admin/${path}`, publicUrl).toString();
}
