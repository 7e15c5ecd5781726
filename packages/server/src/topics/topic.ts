// The live topic of one deliberation topic, and the device hash its supports and opinions are kept under.
import { createHmac } from 'node:crypto';
import { type Topic, topic } from '../events/topics.js';

/** `topic:<id>`: status changes, meetings, decisions, supports and opinions of one topic. */
export const topicLiveTopic = (communityId: string, id: string): Topic => topic(communityId, 'topic', id);

/** A device supporting a topic or leaving an opinion, labelled apart so tables cannot be joined on it. */
export function topicDeviceHash(secret: string, purpose: 'support' | 'opinion', voterToken: string): string {
  return createHmac('sha256', secret).update(`topic-${purpose}:${voterToken}`).digest('base64url');
}
