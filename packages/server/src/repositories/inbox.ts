// The inbox: what is new for staff across suggestions and repairs, newest first, always scoped by community.
// "New" is defined once here (docs/admin-guide/inbox.md says the same in staff's words):
// - a suggestion waiting for moderation (`pending`), or published, still `received`, with no official
//   response and not merged into another (`unanswered`);
// - a repair request (not spam, not merged into an incident) still `received` with nobody assigned
//   (`received`), or `reopened` by the resident (`reopened`).
// - a duty rota day staff were told still needs households (`gap`), until it is filled or has passed.
// "To review", its own list so a flood of it never buries what is new: suggestions the server set aside as
// spam (a filled honeypot) that no staff member has moderated yet (`flagged`).
import type { SubmissionSource } from '@courtyard/protocol';
import { and, count, eq, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import { repairRequests, rotaGapAlerts, rotas, suggestions } from '../db/schema.js';
import { openGaps } from './rota-gaps.js';
import type { ListCursor } from './suggestions.js';

const EXCERPT_LENGTH = 200;

const newSuggestion = (communityId: string) =>
  and(
    eq(suggestions.communityId, communityId),
    or(
      eq(suggestions.moderation, 'pending'),
      and(
        eq(suggestions.moderation, 'published'),
        eq(suggestions.status, 'received'),
        isNull(suggestions.response),
        isNull(suggestions.mergedIntoId),
      ),
    ),
  );

const flaggedSuggestion = (communityId: string) =>
  and(
    eq(suggestions.communityId, communityId),
    eq(suggestions.moderation, 'spam'),
    isNotNull(suggestions.reviewReason),
  );

const newRepair = (communityId: string) =>
  and(
    eq(repairRequests.communityId, communityId),
    eq(repairRequests.spam, false),
    isNull(repairRequests.incidentId),
    or(
      and(eq(repairRequests.status, 'received'), isNull(repairRequests.assigneeId)),
      eq(repairRequests.status, 'reopened'),
    ),
  );

const before = (createdAt: SQL | unknown, id: unknown, after: ListCursor) =>
  sql`(${createdAt}, ${id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`;

export interface InboxRow {
  kind: 'suggestion' | 'repair' | 'rota';
  id: string;
  reason: 'pending' | 'unanswered' | 'received' | 'reopened' | 'flagged' | 'gap';
  excerpt: string;
  categoryId: string | null;
  trackingCode: string | null;
  source: SubmissionSource | null;
  createdAt: Date | string;
}

export type InboxSection = 'new' | 'review';

export async function listInbox(
  db: Executor,
  communityId: string,
  options: { after?: ListCursor; limit: number; section?: InboxSection },
): Promise<InboxRow[]> {
  const { after } = options;
  if (options.section === 'review') return listToReview(db, communityId, options);
  const fromSuggestions = db
    .select({
      kind: sql<InboxRow['kind']>`'suggestion'`.as('kind'),
      id: suggestions.id,
      reason: sql<
        InboxRow['reason']
      >`case when ${suggestions.moderation} = 'pending' then 'pending' else 'unanswered' end`.as('reason'),
      excerpt: sql<string>`left(${suggestions.text}, ${EXCERPT_LENGTH})`.as('excerpt'),
      categoryId: sql<string | null>`${suggestions.categoryId}`.as('category_id'),
      trackingCode: sql<string | null>`null::text`.as('tracking_code'),
      source: sql<SubmissionSource | null>`${suggestions.source}::text`.as('source'),
      createdAt: suggestions.createdAt,
    })
    .from(suggestions)
    .where(and(newSuggestion(communityId), after && before(suggestions.createdAt, suggestions.id, after)));
  const fromRepairs = db
    .select({
      kind: sql<InboxRow['kind']>`'repair'`.as('kind'),
      id: repairRequests.id,
      reason: sql<InboxRow['reason']>`${repairRequests.status}::text`.as('reason'),
      excerpt: sql<string>`left(${repairRequests.description}, ${EXCERPT_LENGTH})`.as('excerpt'),
      categoryId: sql<string | null>`${repairRequests.categoryId}`.as('category_id'),
      trackingCode: sql<string | null>`${repairRequests.trackingCode}`.as('tracking_code'),
      source: sql<SubmissionSource | null>`${repairRequests.source}::text`.as('source'),
      createdAt: repairRequests.createdAt,
    })
    .from(repairRequests)
    .where(and(newRepair(communityId), after && before(repairRequests.createdAt, repairRequests.id, after)));
  const fromRotaGaps = db
    .select({
      kind: sql<InboxRow['kind']>`'rota'`.as('kind'),
      id: rotaGapAlerts.rotaId,
      reason: sql<InboxRow['reason']>`'gap'`.as('reason'),
      excerpt: sql<string>`left(${rotas.title} || ' · ' || ${rotaGapAlerts.day}, ${EXCERPT_LENGTH})`.as('excerpt'),
      categoryId: sql<string | null>`null::uuid`.as('category_id'),
      trackingCode: sql<string | null>`null::text`.as('tracking_code'),
      source: sql<SubmissionSource | null>`null::text`.as('source'),
      createdAt: rotaGapAlerts.createdAt,
    })
    .from(rotaGapAlerts)
    .innerJoin(rotas, eq(rotas.id, rotaGapAlerts.rotaId))
    .where(and(openGaps(communityId), after && before(rotaGapAlerts.createdAt, rotaGapAlerts.rotaId, after)));
  const rows = await unionAll(fromSuggestions, fromRepairs, fromRotaGaps)
    .orderBy(sql`created_at desc`, sql`id desc`)
    .limit(options.limit);
  return rows as InboxRow[];
}

/** The "to review" list: suggestions set aside as spam by the server, newest first. */
async function listToReview(
  db: Executor,
  communityId: string,
  options: { after?: ListCursor; limit: number },
): Promise<InboxRow[]> {
  const { after } = options;
  const rows = await db
    .select({
      kind: sql<InboxRow['kind']>`'suggestion'`,
      id: suggestions.id,
      reason: sql<InboxRow['reason']>`'flagged'`,
      excerpt: sql<string>`left(${suggestions.text}, ${EXCERPT_LENGTH})`,
      categoryId: suggestions.categoryId,
      trackingCode: sql<string | null>`null::text`,
      source: sql<SubmissionSource | null>`${suggestions.source}::text`,
      createdAt: suggestions.createdAt,
    })
    .from(suggestions)
    .where(and(flaggedSuggestion(communityId), after && before(suggestions.createdAt, suggestions.id, after)))
    .orderBy(sql`${suggestions.createdAt} desc`, sql`${suggestions.id} desc`)
    .limit(options.limit);
  return rows;
}

export async function countInbox(db: Executor, communityId: string) {
  const [[ofSuggestions], [ofRepairs], [ofFlagged], [ofGaps]] = await Promise.all([
    db.select({ value: count() }).from(suggestions).where(newSuggestion(communityId)),
    db.select({ value: count() }).from(repairRequests).where(newRepair(communityId)),
    db.select({ value: count() }).from(suggestions).where(flaggedSuggestion(communityId)),
    db.select({ value: count() }).from(rotaGapAlerts).where(openGaps(communityId)),
  ]);
  const suggestionCount = Number(ofSuggestions?.value ?? 0);
  const repairCount = Number(ofRepairs?.value ?? 0);
  const gapCount = Number(ofGaps?.value ?? 0);
  return {
    total: suggestionCount + repairCount + gapCount,
    suggestions: suggestionCount,
    repairs: repairCount,
    rotaGaps: gapCount,
    toReview: Number(ofFlagged?.value ?? 0),
  };
}
