// Per-community retention: how many days contact details and non-public photos outlive a finished
// submission. Communities that never chose keep the defaults below.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { retentionSettings } from '../db/schema.js';

export interface RetentionPolicy {
  /** Days after a repair is closed or a suggestion answered, declined or done. */
  contactDays: number;
  photoDays: number;
}

/** Long enough for a reopened repair or a follow-up question; short enough that a phone does not linger. */
export const DEFAULT_RETENTION: RetentionPolicy = { contactDays: 180, photoDays: 180 };

export async function readRetention(db: Executor, communityId: string): Promise<RetentionPolicy> {
  const [row] = await db
    .select({ contactDays: retentionSettings.contactDays, photoDays: retentionSettings.photoDays })
    .from(retentionSettings)
    .where(eq(retentionSettings.communityId, communityId));
  return row ?? { ...DEFAULT_RETENTION };
}

export async function writeRetention(tx: Executor, communityId: string, policy: RetentionPolicy): Promise<void> {
  await tx
    .insert(retentionSettings)
    .values({ communityId, ...policy })
    .onConflictDoUpdate({
      target: retentionSettings.communityId,
      set: { contactDays: policy.contactDays, photoDays: policy.photoDays, updatedAt: sql`now()` },
    });
}
