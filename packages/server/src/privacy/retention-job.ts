// The retention job: erases contact details and non-public photos of submissions finished longer ago than
// their community's retention. Runs inside the server on an interval; runOnce's advisory lock makes one
// instance do the work while the others skip that round. The clock is a parameter so tests control time.
import { and, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { communities, repairRequests, retentionSettings, suggestions } from '../db/schema.js';
import { every, JobLocks, runOnce } from '../jobs/run-once.js';
import {
  deletePrivatePhotos,
  eraseRepairContacts,
  eraseSuggestionContacts,
  repairHasContact,
  suggestionHasContact,
} from './erase.js';
import { DEFAULT_RETENTION } from './retention-settings.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Bounded so one round never holds a long transaction; the next round takes the rest. */
export const RETENTION_BATCH = 500;
/** pg_try_advisory_xact_lock key of the job. */
export const RETENTION_LOCK = JobLocks.retention;

export interface RetentionRun {
  /** False when another instance held the lock, so this one did nothing. */
  ran: boolean;
  suggestions: number;
  repairs: number;
  photos: number;
}

const privatePhotoOf = (kind: string, id: SQL) =>
  sql`exists (select 1 from photos p where p.owner_kind = ${kind} and p.owner_id = ${id} and not p.public)`;

// When a submission was finished: a suggestion when answered (or declined/done), a repair when closed.
// The cutoff goes as text: postgres.js cannot type a bare Date parameter inside raw SQL.
const suggestionFinished = (communityId: string, cutoff: Date) =>
  and(
    eq(suggestions.communityId, communityId),
    or(inArray(suggestions.status, ['declined', 'done']), isNotNull(suggestions.respondedAt)),
    sql`coalesce(${suggestions.respondedAt}, ${suggestions.updatedAt}) < ${cutoff.toISOString()}::timestamptz`,
  );
const repairFinished = (communityId: string, cutoff: Date) =>
  and(
    eq(repairRequests.communityId, communityId),
    eq(repairRequests.status, 'closed'),
    sql`coalesce((select max(u.created_at) from repair_updates u where u.repair_id = ${repairRequests.id} and u.status = 'closed'), ${repairRequests.updatedAt}) < ${cutoff.toISOString()}::timestamptz`,
  );

/**
 * One round over every community. Each community's erasures and their audit row (actor `system`, the
 * erased submissions' ids, never the data) commit together.
 */
export async function runRetention(db: Db, options: { now: () => Date }): Promise<RetentionRun> {
  const run = await runOnce(db, RETENTION_LOCK, async (tx) => {
    const total: RetentionRun = { ran: true, suggestions: 0, repairs: 0, photos: 0 };

    const now = options.now().getTime();
    const policies = await tx
      .select({
        communityId: communities.id,
        contactDays: retentionSettings.contactDays,
        photoDays: retentionSettings.photoDays,
      })
      .from(communities)
      .leftJoin(retentionSettings, eq(retentionSettings.communityId, communities.id));

    for (const policy of policies) {
      const { communityId } = policy;
      const contactDays = policy.contactDays ?? DEFAULT_RETENTION.contactDays;
      const photoDays = policy.photoDays ?? DEFAULT_RETENTION.photoDays;
      const contactCutoff = new Date(now - contactDays * DAY_MS);
      const photoCutoff = new Date(now - photoDays * DAY_MS);

      const suggestionIds = (
        await tx
          .select({ id: suggestions.id })
          .from(suggestions)
          .where(and(suggestionFinished(communityId, contactCutoff), suggestionHasContact))
          .limit(RETENTION_BATCH)
      ).map((row) => row.id);
      const repairIds = (
        await tx
          .select({ id: repairRequests.id })
          .from(repairRequests)
          .where(and(repairFinished(communityId, contactCutoff), repairHasContact))
          .limit(RETENTION_BATCH)
      ).map((row) => row.id);
      const suggestionPhotoOwners = (
        await tx
          .select({ id: suggestions.id })
          .from(suggestions)
          .where(
            and(suggestionFinished(communityId, photoCutoff), privatePhotoOf('suggestion', sql`${suggestions.id}`)),
          )
          .limit(RETENTION_BATCH)
      ).map((row) => row.id);
      const repairPhotoOwners = (
        await tx
          .select({ id: repairRequests.id })
          .from(repairRequests)
          .where(and(repairFinished(communityId, photoCutoff), privatePhotoOf('repair', sql`${repairRequests.id}`)))
          .limit(RETENTION_BATCH)
      ).map((row) => row.id);
      if (suggestionIds.length + repairIds.length + suggestionPhotoOwners.length + repairPhotoOwners.length === 0) {
        continue;
      }

      const erasedSuggestions =
        suggestionIds.length > 0 ? await eraseSuggestionContacts(tx, inArray(suggestions.id, suggestionIds)) : [];
      const erasedRepairs =
        repairIds.length > 0 ? await eraseRepairContacts(tx, inArray(repairRequests.id, repairIds)) : [];
      const photos =
        (await deletePrivatePhotos(tx, communityId, 'suggestion', suggestionPhotoOwners)) +
        (await deletePrivatePhotos(tx, communityId, 'repair', repairPhotoOwners));
      await audit(
        tx,
        { type: 'system', communityId },
        'privacy.retention_erased',
        { type: 'community', id: communityId },
        null,
        {
          contactDays,
          photoDays,
          suggestionIds: erasedSuggestions,
          repairIds: erasedRepairs,
          photoOwnerIds: [...suggestionPhotoOwners, ...repairPhotoOwners],
          photos,
        },
      );
      total.suggestions += erasedSuggestions.length;
      total.repairs += erasedRepairs.length;
      total.photos += photos;
    }
    return total;
  });
  return run.ran ? run.result : { ran: false, suggestions: 0, repairs: 0, photos: 0 };
}

export interface RetentionJobOptions {
  now?: () => Date;
  everyMs?: number;
}

/** Runs the job every `COURTYARD_RETENTION_EVERY_MS` (hourly) while the app runs, stopping when it closes. */
export default fp<RetentionJobOptions>(
  async function retentionJob(app: FastifyInstance, options: RetentionJobOptions) {
    const now = options.now ?? (() => new Date());
    every(app, 'retention', options.everyMs ?? app.config.jobs.retentionEveryMs, async () => {
      const run = await runRetention(app.db, { now });
      if (run.suggestions + run.repairs + run.photos > 0) {
        app.log.info(
          { suggestions: run.suggestions, repairs: run.repairs, photos: run.photos },
          'erased personal data past retention',
        );
      }
    });
  },
  { name: 'courtyard-retention-job', dependencies: ['courtyard-database'] },
);
