import { NOTICE_LIST_TOPICS } from '@courtyard/protocol';
import { type Topic, topic } from '../events/topics.js';

/** The live topic of one notice: its publication, updates, closing, offers and followers. */
export const noticeTopic = (communityId: string, id: string): Topic => topic(communityId, 'notice', id);

/**
 * The lists a notice is on, so pages showing its place hear of it when it is published or closed: every
 * notice's (`notices:all`), and the community-wide ones' or its building's. Two topics, whatever the scope.
 */
export function noticeListTopics(communityId: string, notice: { buildingId: string | null }): Topic[] {
  const place = notice.buildingId ? NOTICE_LIST_TOPICS.building(notice.buildingId) : NOTICE_LIST_TOPICS.community;
  return [NOTICE_LIST_TOPICS.all, place].map((name) => ({ communityId, name }));
}

/** Text after trimming; a text of spaces only is refused like an empty one. */
export function trimmed(field: string, value: string, fail: (message: string) => Error): string {
  const text = value.trim();
  if (!text) throw fail(`${field} is empty.`);
  return text;
}
