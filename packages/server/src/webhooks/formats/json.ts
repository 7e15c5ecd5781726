// Generic JSON, in the Standard Webhooks payload shape: `{ type, timestamp, data }`.
import { cardUrl, communityName, consoleUrl, TEST_EVENT } from '../event-data.js';
import type { RenderInput } from './index.js';

export function jsonMessage(input: RenderInput) {
  const { community, subject } = input.data;
  const { kind, ...fields } = subject;
  return {
    type: input.type,
    timestamp: input.createdAt.toISOString(),
    data: {
      community: { id: community.id, slug: community.slug, name: communityName(community) },
      ...(input.type === TEST_EVENT ? { test: true } : { [kind]: fields }),
      consoleUrl: consoleUrl(input.publicUrl, subject),
      ...(subject.kind === 'notice' || subject.kind === 'topic' ? { pageUrl: cardUrl(input.publicUrl, subject) } : {}),
    },
  };
}
