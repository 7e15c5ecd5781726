// Devices staff trust in a community: their suggestions skip pre-moderation (the insert checks this
// table, repositories/suggestions.ts). Only a hash of the device's resident key is stored.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { suggestionTrustedDevices } from '../db/schema.js';

/** Trusts a device in the community (again is a no-op); answers whether it was newly trusted. */
export async function trustDevice(tx: Executor, communityId: string, deviceHash: string, staffId: string) {
  const added = await tx
    .insert(suggestionTrustedDevices)
    .values({ communityId, deviceHash, trustedBy: staffId })
    .onConflictDoNothing()
    .returning({ deviceHash: suggestionTrustedDevices.deviceHash });
  return added.length > 0;
}

/** Stops trusting a device; answers whether it was trusted. */
export async function untrustDevice(tx: Executor, communityId: string, deviceHash: string) {
  const removed = await tx
    .delete(suggestionTrustedDevices)
    .where(
      and(eq(suggestionTrustedDevices.communityId, communityId), eq(suggestionTrustedDevices.deviceHash, deviceHash)),
    )
    .returning({ deviceHash: suggestionTrustedDevices.deviceHash });
  return removed.length > 0;
}
