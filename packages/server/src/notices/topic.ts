import { type Topic, topic } from '../events/topics.js';

/** The live topic of one notice: its publication, updates, closing, offers and followers. */
export const noticeTopic = (communityId: string, id: string): Topic => topic(communityId, 'notice', id);

/** Text after trimming; a text of spaces only is refused like an empty one. */
export function trimmed(field: string, value: string, fail: (message: string) => Error): string {
  const text = value.trim();
  if (!text) throw fail(`${field} is empty.`);
  return text;
}
