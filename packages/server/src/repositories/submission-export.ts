// Everything held about one submission, for a staff export (a resident's access request, a complaint):
// the row itself with contact details, its photos (listed, not their bytes), its timeline and every audit
// entry about it, including the retention job's batches that named it.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { auditLog, events, photos, repairRequests, repairUpdates, suggestions } from '../db/schema.js';
import { readRetention } from '../privacy/retention-settings.js';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

async function photosOf(db: Executor, communityId: string, kind: string, id: string) {
  const rows = await db
    .select({
      id: photos.id,
      public: photos.public,
      mime: photos.mime,
      width: photos.width,
      height: photos.height,
      createdAt: photos.createdAt,
    })
    .from(photos)
    .where(and(eq(photos.communityId, communityId), eq(photos.ownerKind, kind), eq(photos.ownerId, id)))
    .orderBy(asc(photos.createdAt));
  return rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) as string }));
}

async function auditOf(db: Executor, communityId: string, kind: 'suggestion' | 'repair', id: string) {
  const named = JSON.stringify({ [kind === 'suggestion' ? 'suggestionIds' : 'repairIds']: [id] });
  const photosNamed = JSON.stringify({ photoOwnerIds: [id] });
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.communityId, communityId),
        or(
          and(eq(auditLog.subjectType, kind), eq(auditLog.subjectId, id)),
          and(
            eq(auditLog.action, 'privacy.retention_erased'),
            or(sql`${auditLog.after} @> ${named}::jsonb`, sql`${auditLog.after} @> ${photosNamed}::jsonb`),
          ),
        ),
      ),
    )
    .orderBy(asc(auditLog.id));
  return rows.map((row) => ({
    id: row.id,
    at: iso(row.createdAt) as string,
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    before: row.before,
    after: row.after,
  }));
}

export async function exportSuggestion(db: Executor, communityId: string, id: string, now: Date) {
  const [row] = await db
    .select()
    .from(suggestions)
    .where(and(eq(suggestions.communityId, communityId), eq(suggestions.id, id)));
  if (!row) return undefined;
  const timeline = await db
    .select({ type: events.type, payload: events.payload, createdAt: events.createdAt })
    .from(events)
    .where(and(eq(events.communityId, communityId), eq(events.topic, `suggestion:${id}`)))
    .orderBy(asc(events.id));
  const { communityId: _, ...suggestion } = row;
  return {
    kind: 'suggestion' as const,
    exportedAt: now.toISOString(),
    suggestion: {
      ...suggestion,
      respondedAt: iso(suggestion.respondedAt),
      createdAt: iso(suggestion.createdAt) as string,
      updatedAt: iso(suggestion.updatedAt) as string,
    },
    photos: await photosOf(db, communityId, 'suggestion', id),
    // A suggestion's history is its live events (moderation, status, response); they hold public fields only.
    timeline: timeline.map((event) => {
      const payload = (event.payload ?? {}) as { status?: unknown };
      return {
        at: iso(event.createdAt) as string,
        type: event.type,
        status: typeof payload.status === 'string' ? payload.status : null,
        note: null,
        public: true,
        authorType: null,
        staffId: null,
      };
    }),
    audit: await auditOf(db, communityId, 'suggestion', id),
    retention: await readRetention(db, communityId),
  };
}

export async function exportRepair(db: Executor, communityId: string, id: string, now: Date) {
  const [row] = await db
    .select()
    .from(repairRequests)
    .where(and(eq(repairRequests.communityId, communityId), eq(repairRequests.id, id)));
  if (!row) return undefined;
  const timeline = await db
    .select()
    .from(repairUpdates)
    .where(eq(repairUpdates.repairId, id))
    .orderBy(asc(repairUpdates.createdAt), asc(repairUpdates.id));
  const { communityId: _, ...repair } = row;
  return {
    kind: 'repair' as const,
    exportedAt: now.toISOString(),
    repair: { ...repair, createdAt: iso(repair.createdAt) as string, updatedAt: iso(repair.updatedAt) as string },
    photos: await photosOf(db, communityId, 'repair', id),
    timeline: timeline.map((entry) => ({
      at: iso(entry.createdAt) as string,
      type: entry.kind,
      status: entry.status,
      note: entry.note,
      public: entry.public,
      authorType: entry.authorType,
      staffId: entry.staffId,
    })),
    audit: await auditOf(db, communityId, 'repair', id),
    retention: await readRetention(db, communityId),
  };
}
