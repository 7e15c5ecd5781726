// Suggestions' SQL for residents, always scoped by community: creating one, the board's reads (public
// columns only: never the name, phone or internal note) and supports. Supports are rows, one per device by
// a unique key, and the count beside the suggestion changes in the same transaction as the row. Staff reads
// and changes are in suggestions-staff.ts, trusted devices in suggestion-trust.ts.
import type { RecordedSource, SuggestionSort, SuggestionStatus } from '@courtyard/protocol';
import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import {
  categories,
  suggestionSettings,
  suggestionSupports,
  suggestions,
  suggestionTrustedDevices,
} from '../db/schema.js';
import { StatementBatch } from '../db/statement-batch.js';
import { emitCtes } from '../events/emit.js';
import type { Topic } from '../events/topics.js';
import {
  KEY_COLUMNS,
  type KeyValues,
  keyNotStored,
  type StatementRow,
  storedBody,
  storeKey,
} from '../idempotency/idempotency.js';

export type SuggestionRow = typeof suggestions.$inferSelect;

export interface NewSuggestion {
  communityId: string;
  siteId: string;
  categoryId?: string;
  text: string;
  authorName?: string;
  phone?: string;
  /** The sending device (suggestions/present.ts authorDeviceHash), when the widget sent its voter token. */
  authorDeviceHash?: string;
  followCode: string;
  /** SHA-256 of the sender's resident key (auth/resident-key.ts); absent for suggestions sent without one. */
  residentKeyHash?: string;
  /** A filled honeypot: stored as spam, in the inbox's "to review"; otherwise the community's setting decides. */
  spam: boolean;
  /** Recorded by staff on a resident's behalf (never on the busy statement path, which stores `widget`). */
  recorded?: { source: RecordedSource; contactConsent: boolean; contactNote?: string };
}

/**
 * Decided in the same statement: a trusted device publishes at once; otherwise the community's setting
 * (pending when pre-moderated, else published). One shape whether or not a device was named, so the busy
 * statement that embeds it is rendered once (`deviceHash` is null without one).
 */
const moderationFor = (communityId: unknown, deviceHash: unknown) => sql`(case
  when ${deviceHash}::text is not null and exists (select 1 from ${suggestionTrustedDevices}
    where ${suggestionTrustedDevices.communityId} = ${communityId}::uuid
      and ${suggestionTrustedDevices.deviceHash} = ${deviceHash}::text) then 'published'
  when coalesce(
    (select ${suggestionSettings.preModerate} from ${suggestionSettings} where ${suggestionSettings.communityId} = ${communityId}::uuid),
    true) then 'pending' else 'published' end)::suggestion_moderation`;

/** A new suggestion's own columns, stored alike by both insert paths. */
const columnsOf = (input: NewSuggestion) => ({
  communityId: input.communityId,
  siteId: input.siteId,
  categoryId: input.categoryId ?? null,
  text: input.text,
  authorName: input.authorName ?? null,
  phone: input.phone ?? null,
  authorDeviceHash: input.authorDeviceHash ?? null,
  followCode: input.followCode,
  reviewReason: input.spam ? ('honeypot' as const) : null,
  residentKeyHash: input.residentKeyHash ?? null,
});

export async function insertSuggestion(tx: Executor, input: NewSuggestion) {
  const [row] = await tx
    .insert(suggestions)
    .values({
      ...columnsOf(input),
      ...(input.recorded && {
        source: input.recorded.source,
        contactConsent: input.recorded.contactConsent,
        contactNote: input.recorded.contactNote ?? null,
      }),
      moderation: input.spam ? 'spam' : moderationFor(input.communityId, input.authorDeviceHash ?? null),
    })
    .returning({
      id: suggestions.id,
      moderation: suggestions.moderation,
      status: suggestions.status,
      followCode: suggestions.followCode,
      // The community's own follow page, read in the same statement (the hot path saves a round trip).
      followUrl: sql<
        string | null
      >`(select ${suggestionSettings.followUrl} from ${suggestionSettings} where ${suggestionSettings.communityId} = ${input.communityId})`,
    });
  return row!;
}

/**
 * New suggestions, their events and their Idempotency-Keys' rows as one statement for many rows
 * (withIdempotentStatement, with createdSuggestionValues). Answers the same body as the transaction path:
 * id, status, followCode, followUrl — never the moderation, which would tell a sender whether it is trusted.
 */
export const createSuggestionStatement = new StatementBatch<CreatedSuggestionValues & KeyValues, StatementRow>(
  (rows) => {
    const configuredFollowUrl = sql`(select ${suggestionSettings.followUrl} from ${suggestionSettings}
      where ${suggestionSettings.communityId} = fresh."communityId")`;
    const written = sql`written join fresh on fresh.id = written.id`;
    return sql`with input as (
        select * from json_to_recordset(${rows}::json) as input(n integer, id uuid, "communityId" uuid,
          "siteId" uuid, "categoryId" uuid, text text, "authorName" text, phone text, "authorDeviceHash" text,
          "followCode" text, "residentKeyHash" text, "reviewReason" text, spam boolean, "hostedFollowUrl" text,
          topic text, "eventType" text, ${KEY_COLUMNS})
      ),
      fresh as (
        select input.*, case when input.spam then 'spam'::suggestion_moderation
            else ${moderationFor(sql`input."communityId"`, sql`input."authorDeviceHash"`)} end as moderation
        from input where ${keyNotStored(sql`input`)}
      ),
      written as (
        insert into ${suggestions} (id, community_id, site_id, category_id, text, author_name, phone,
          author_device_hash, follow_code, resident_key_hash, moderation, review_reason)
        select id, "communityId", "siteId", "categoryId", text, "authorName", phone, "authorDeviceHash", "followCode",
          "residentKeyHash", moderation, "reviewReason" from fresh
        returning id, moderation, status, follow_code
      ),
      stored as (${storeKey(
        sql`jsonb_build_object('id', written.id, 'status', written.status, 'followCode', written.follow_code,
          'followUrl', coalesce(replace(${configuredFollowUrl}, '{code}', written.follow_code), fresh."hostedFollowUrl"))`,
        written,
        sql`fresh`,
      )}),
      ${emitCtes(
        written,
        { communityId: sql`fresh."communityId"`, name: sql`fresh.topic` },
        sql`fresh."eventType"`,
        sql`jsonb_build_object('id', written.id, 'moderation', written.moderation, 'status', written.status)`,
      )}
      select input.n, ${storedBody},
        (select json_agg(notice) from emitted_notice where emitted_notice.topic = input.topic) as notices
      from input`;
  },
);

type CreatedSuggestionValues = ReturnType<typeof createdSuggestionValues>;

/** The values of createSuggestionStatement for one suggestion. */
export function createdSuggestionValues(
  input: NewSuggestion & { id: string },
  options: { topic: Topic; type: string; hostedFollowUrl: string },
) {
  return {
    id: input.id,
    ...columnsOf(input),
    spam: input.spam,
    hostedFollowUrl: options.hostedFollowUrl,
    topic: options.topic.name,
    eventType: options.type,
  };
}

/** True when the category is one of the community's active suggestion categories. */
export async function isSuggestionCategory(db: Executor, communityId: string, categoryId: string) {
  const rows = await db
    .select({ id: categories.id })
    .from(categories)
    .where(
      and(
        eq(categories.id, categoryId),
        eq(categories.communityId, communityId),
        eq(categories.kind, 'suggestion'),
        eq(categories.active, true),
      ),
    );
  return rows.length === 1;
}

export const publicColumns = {
  id: suggestions.id,
  text: suggestions.text,
  categoryId: suggestions.categoryId,
  status: suggestions.status,
  supportCount: suggestions.supportCount,
  response: suggestions.response,
  respondedAt: suggestions.respondedAt,
  createdAt: suggestions.createdAt,
};

/** Shown to residents: published and not merged into another. */
const visible = (communityId: string) =>
  and(
    eq(suggestions.communityId, communityId),
    eq(suggestions.moderation, 'published'),
    isNull(suggestions.mergedIntoId),
  );

export interface ListCursor {
  createdAt: string;
  id: string;
  supportCount?: number;
}

export async function listPublished(
  db: Executor,
  communityId: string,
  options: { sort: SuggestionSort; status?: SuggestionStatus; after?: ListCursor; limit: number },
) {
  const conditions: (SQL | undefined)[] = [visible(communityId)];
  if (options.status) conditions.push(eq(suggestions.status, options.status));
  const after = options.after;
  if (after && options.sort === 'supported') {
    conditions.push(
      sql`(${suggestions.supportCount}, ${suggestions.createdAt}, ${suggestions.id}) < (${after.supportCount ?? 0}, ${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  } else if (after) {
    conditions.push(
      sql`(${suggestions.createdAt}, ${suggestions.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const order =
    options.sort === 'supported'
      ? [desc(suggestions.supportCount), desc(suggestions.createdAt), desc(suggestions.id)]
      : [desc(suggestions.createdAt), desc(suggestions.id)];
  return db
    .select(publicColumns)
    .from(suggestions)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(options.limit);
}

export async function findByFollowCode(db: Executor, communityId: string, followCode: string) {
  const [row] = await db
    .select({
      ...publicColumns,
      moderation: suggestions.moderation,
      followCode: suggestions.followCode,
      mergedIntoId: suggestions.mergedIntoId,
    })
    .from(suggestions)
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.followCode, followCode)));
  return row;
}

/** The suggestion a follow code names, with the hash of its sender's resident key (for a change by the sender). */
export async function findKeyedByFollowCode(db: Executor, communityId: string, followCode: string) {
  const [row] = await db
    .select({ id: suggestions.id, residentKeyHash: suggestions.residentKeyHash })
    .from(suggestions)
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.followCode, followCode)));
  return row;
}

/**
 * Published suggestions whose text resembles `query` (pg_trgm word similarity, which works on Chinese
 * sentences that word-splitting search keeps as one token), best first. Scored per row over
 * the community's published suggestions (hundreds a year): a GIN trigram index serves only the one-way
 * `<%` operator, and would slow every insert for it.
 */
export async function findSimilar(db: Executor, communityId: string, query: string, limit = 5) {
  // Both directions: a short query inside a long suggestion, or a long draft containing a short one. Chinese
  // sentences are one "word" to pg_trgm, so only inner trigrams match and 0.25 is a telling score.
  const score = sql<number>`greatest(word_similarity(${query}, ${suggestions.text}), word_similarity(${suggestions.text}, ${query}))`;
  return db
    .select({
      id: suggestions.id,
      text: suggestions.text,
      status: suggestions.status,
      supportCount: suggestions.supportCount,
    })
    .from(suggestions)
    .where(and(visible(communityId), sql`${score} >= 0.25`))
    .orderBy(desc(score), desc(suggestions.supportCount))
    .limit(limit);
}

/** Locks a suggestion residents can support (published, not merged) for the support change; else undefined. */
export async function lockSupportable(tx: Executor, communityId: string, id: string) {
  const [row] = await tx
    .select({ id: suggestions.id, supportCount: suggestions.supportCount })
    .from(suggestions)
    .where(and(eq(suggestions.id, id), visible(communityId)))
    .for('update');
  return row;
}

/** Adds this device's support once; returns the new count and whether a row was added. */
export async function addSupport(tx: Executor, suggestionId: string, voterHash: string) {
  const inserted = await tx
    .insert(suggestionSupports)
    .values({ suggestionId, voterHash })
    .onConflictDoNothing()
    .returning({ suggestionId: suggestionSupports.suggestionId });
  return adjustCount(tx, suggestionId, inserted.length);
}

export async function removeSupport(tx: Executor, suggestionId: string, voterHash: string) {
  const deleted = await tx
    .delete(suggestionSupports)
    .where(and(eq(suggestionSupports.suggestionId, suggestionId), eq(suggestionSupports.voterHash, voterHash)))
    .returning({ suggestionId: suggestionSupports.suggestionId });
  return adjustCount(tx, suggestionId, -deleted.length);
}

async function adjustCount(tx: Executor, suggestionId: string, delta: number) {
  const [row] = await tx
    .update(suggestions)
    .set({ supportCount: sql`${suggestions.supportCount} + ${delta}` })
    .where(eq(suggestions.id, suggestionId))
    .returning({ supportCount: suggestions.supportCount });
  return { changed: delta !== 0, supportCount: row!.supportCount };
}

export async function hasSupport(db: Executor, suggestionId: string, voterHash: string) {
  const rows = await db
    .select({ id: suggestionSupports.suggestionId })
    .from(suggestionSupports)
    .where(and(eq(suggestionSupports.suggestionId, suggestionId), eq(suggestionSupports.voterHash, voterHash)));
  return rows.length > 0;
}
