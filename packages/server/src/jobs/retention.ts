// The retention job: erases contact details and non-public photos of submissions finished longer ago than
// their community's retention. Runs inside the server on an interval; runOnce's advisory lock makes one
// instance do the work while the others skip that round. The clock is a parameter so tests control time.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { audit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { DEFAULT_RETENTION } from '../privacy/retention-settings.js';
import {
  deletePrivatePhotos,
  eraseRepairContacts,
  eraseSuggestionContacts,
  findPastRetention,
  listRetentionPolicies,
} from '../repositories/personal-data.js';
import { every, JobLocks, runOnce } from './run-once.js';

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

/**
 * One round over every community. Each community's erasures and their audit row (actor `system`, the
 * erased submissions' ids, never the data) commit together.
 */
export async function runRetention(db: Db, options: { now: () => Date }): Promise<RetentionRun> {
  const run = await runOnce(db, RETENTION_LOCK, async (tx) => {
    const total: RetentionRun = { ran: true, suggestions: 0, repairs: 0, photos: 0 };

    const now = options.now().getTime();
    const policies = await listRetentionPolicies(tx);

    for (const policy of policies) {
      const { communityId } = policy;
      const contactDays = policy.contactDays ?? DEFAULT_RETENTION.contactDays;
      const photoDays = policy.photoDays ?? DEFAULT_RETENTION.photoDays;
      const contactCutoff = new Date(now - contactDays * DAY_MS);
      const photoCutoff = new Date(now - photoDays * DAY_MS);

      const find = (kind: 'suggestion' | 'repair', holding: 'contact' | 'photos') =>
        findPastRetention(
          tx,
          kind,
          communityId,
          holding,
          holding === 'contact' ? contactCutoff : photoCutoff,
          RETENTION_BATCH,
        );
      const suggestionIds = await find('suggestion', 'contact');
      const repairIds = await find('repair', 'contact');
      const suggestionPhotoOwners = await find('suggestion', 'photos');
      const repairPhotoOwners = await find('repair', 'photos');
      if (suggestionIds.length + repairIds.length + suggestionPhotoOwners.length + repairPhotoOwners.length === 0) {
        continue;
      }

      const erasedSuggestions = await eraseSuggestionContacts(tx, suggestionIds);
      const erasedRepairs = await eraseRepairContacts(tx, repairIds);
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
