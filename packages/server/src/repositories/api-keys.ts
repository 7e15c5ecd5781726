// Open311 api keys: only a SHA-256 of each key is stored; the key itself is shown once when issued.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { apiKeys } from '../db/schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** `cy_` and 32 random bytes in base64url: 256 bits, safe in a form field and a URL. */
export function generateApiKey(): string {
  return `cy_${randomBytes(32).toString('base64url')}`;
}

export async function insertApiKey(
  tx: Executor,
  values: { communityId: string; name: string; createdBy: string },
): Promise<{ row: ApiKeyRow; key: string }> {
  const key = generateApiKey();
  const [row] = await tx
    .insert(apiKeys)
    .values({ ...values, keyHash: hashApiKey(key), prefix: key.slice(0, 10) })
    .returning();
  return { row: row as ApiKeyRow, key };
}

export async function listApiKeys(db: Executor, communityId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.communityId, communityId)).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(tx: Executor, communityId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.communityId, communityId)))
    .returning();
  return row;
}

/** The community a live (not revoked) key belongs to, marking it used; undefined for anything else. */
export async function useApiKey(tx: Executor, key: string): Promise<{ id: string; communityId: string } | undefined> {
  const [row] = await tx
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, communityId: apiKeys.communityId });
  return row;
}
