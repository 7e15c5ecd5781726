// Topic names residents' pages subscribe to. A topic is only ever read together with a community, so the
// same name in another community is another topic.
// `notices:<all|community|buildingId>` is a place's list of notices (protocol NOTICE_LIST_TOPICS).
export const TOPIC_KINDS = ['poll', 'repair', 'suggestion', 'notice', 'notices', 'topic', 'rota'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

export const TOPIC_PATTERN = '^(poll|repair|suggestion|notices?|topic|rota):[A-Za-z0-9-]{1,64}$';
const TOPIC = new RegExp(TOPIC_PATTERN);
/** One page subscribes to a handful of widgets' topics; more is a mistake or abuse. */
export const MAX_TOPICS_PER_STREAM = 20;

/** Where an event goes: a topic within one community. */
export interface Topic {
  communityId: string;
  name: string;
}

export function topic(communityId: string, kind: TopicKind, id: string): Topic {
  const name = `${kind}:${id}`;
  if (!TOPIC.test(name)) throw new Error(`not a valid topic: ${name}`);
  return { communityId, name };
}

export function isTopicName(name: string): boolean {
  return TOPIC.test(name);
}
