// Per-community retention: how many days contact details and non-public photos outlive a finished
// submission. Communities that never chose keep the defaults below.
import type { Executor } from '../db/database.js';
import { findRetentionSettings, saveRetentionSettings } from '../repositories/personal-data.js';

export interface RetentionPolicy {
  /** Days after a repair is closed or a suggestion answered, declined or done. */
  contactDays: number;
  photoDays: number;
}

/** Long enough for a reopened repair or a follow-up question; short enough that a phone does not linger. */
export const DEFAULT_RETENTION: RetentionPolicy = { contactDays: 180, photoDays: 180 };

export async function readRetention(db: Executor, communityId: string): Promise<RetentionPolicy> {
  return (await findRetentionSettings(db, communityId)) ?? { ...DEFAULT_RETENTION };
}

export function writeRetention(tx: Executor, communityId: string, policy: RetentionPolicy): Promise<void> {
  return saveRetentionSettings(tx, communityId, policy);
}
