// What a webhook delivery says about its subject: the community, and a suggestion's, repair's or poll's
// text and state, read when the event is enqueued (webhooks/enqueue.ts).
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { categories, communities, polls, repairRequests, suggestions } from '../db/schema.js';
import type { CommunityRef, Subject } from '../webhooks/event-data.js';

export async function communityRef(tx: Executor, communityId: string): Promise<CommunityRef | undefined> {
  const [row] = await tx
    .select({
      id: communities.id,
      slug: communities.slug,
      names: communities.names,
      language: communities.defaultLanguage,
    })
    .from(communities)
    .where(eq(communities.id, communityId));
  return row;
}

/** A suggestion's text and state, or undefined (unknown, or marked spam: chat groups are not flooded with it). */
export async function suggestionSubject(tx: Executor, communityId: string, id: string): Promise<Subject | undefined> {
  const [row] = await tx
    .select({
      id: suggestions.id,
      text: suggestions.text,
      status: suggestions.status,
      moderation: suggestions.moderation,
      response: suggestions.response,
    })
    .from(suggestions)
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.id, id)));
  if (!row || row.moderation === 'spam') return undefined;
  return { kind: 'suggestion', ...row };
}

/** A repair's code, service, description and status: never its room, location or contact details. */
export async function repairSubject(
  tx: Executor,
  communityId: string,
  trackingCode: string,
  note: string | null,
): Promise<Subject | undefined> {
  const [row] = await tx
    .select({
      id: repairRequests.id,
      trackingCode: repairRequests.trackingCode,
      status: repairRequests.status,
      description: repairRequests.description,
      category: categories.names,
      spam: repairRequests.spam,
    })
    .from(repairRequests)
    .leftJoin(categories, eq(categories.id, repairRequests.categoryId))
    .where(and(eq(repairRequests.communityId, communityId), eq(repairRequests.trackingCode, trackingCode)));
  if (!row || row.spam) return undefined;
  const { spam: _spam, ...fields } = row;
  return { kind: 'repair', ...fields, note };
}

export async function pollSubject(tx: Executor, communityId: string, id: string): Promise<Subject | undefined> {
  const [row] = await tx
    .select({
      id: polls.id,
      title: polls.title,
      opensAt: polls.opensAt,
      closesAt: polls.closesAt,
      closedAt: polls.closedAt,
    })
    .from(polls)
    .where(and(eq(polls.communityId, communityId), eq(polls.id, id)));
  if (!row) return undefined;
  const closesAt = row.closedAt ?? row.closesAt;
  return {
    kind: 'poll',
    id: row.id,
    title: row.title,
    opensAt: new Date(row.opensAt).toISOString(),
    closesAt: closesAt ? new Date(closesAt).toISOString() : null,
  };
}
