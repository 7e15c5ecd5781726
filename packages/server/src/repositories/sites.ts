// Sites: the public key a page embeds and the origins allowed to use it.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { sites } from '../db/schema.js';

/** What the public API needs to know about a site; nothing here is secret or personal. */
export interface PublicSite {
  id: string;
  siteKey: string;
  communityId: string;
  allowedOrigins: string[];
  allowLocalhost: boolean;
  /** Every public write must bring a proof of work (plugins/rate-limits.ts). */
  proofOfWorkAlways: boolean;
}

export async function findSiteByKey(db: Executor, siteKey: string): Promise<PublicSite | undefined> {
  const [row] = await db
    .select({
      id: sites.id,
      siteKey: sites.siteKey,
      communityId: sites.communityId,
      allowedOrigins: sites.allowedOrigins,
      allowLocalhost: sites.allowLocalhost,
      proofOfWorkAlways: sites.proofOfWorkAlways,
    })
    .from(sites)
    .where(eq(sites.siteKey, siteKey))
    .limit(1);
  return row;
}

/** A site as its community's admins manage it. */
export interface ManagedSite extends PublicSite {
  name: string;
  createdAt: Date;
}

const managedColumns = {
  id: sites.id,
  siteKey: sites.siteKey,
  communityId: sites.communityId,
  name: sites.name,
  allowedOrigins: sites.allowedOrigins,
  allowLocalhost: sites.allowLocalhost,
  proofOfWorkAlways: sites.proofOfWorkAlways,
  createdAt: sites.createdAt,
};

/** A community's sites by key (communities have a handful, so the list has no pages). */
export async function listCommunitySites(db: Executor, communityId: string): Promise<ManagedSite[]> {
  return db.select(managedColumns).from(sites).where(eq(sites.communityId, communityId)).orderBy(asc(sites.siteKey));
}

/** One site of the community, locked for update when `tx` is a transaction that will change it. */
export async function findCommunitySiteForUpdate(
  tx: Executor,
  communityId: string,
  id: string,
): Promise<ManagedSite | undefined> {
  const [row] = await tx
    .select(managedColumns)
    .from(sites)
    .where(and(eq(sites.communityId, communityId), eq(sites.id, id)))
    .for('update')
    .limit(1);
  return row;
}

export async function setAllowedOrigins(tx: Executor, id: string, allowedOrigins: string[]): Promise<ManagedSite> {
  const [row] = await tx.update(sites).set({ allowedOrigins }).where(eq(sites.id, id)).returning(managedColumns);
  return row as ManagedSite;
}

export async function setProofOfWorkAlways(tx: Executor, id: string, always: boolean): Promise<ManagedSite> {
  const [row] = await tx
    .update(sites)
    .set({ proofOfWorkAlways: always })
    .where(eq(sites.id, id))
    .returning(managedColumns);
  return row as ManagedSite;
}

/** Creates a site; undefined when the key is taken (keys are unique across communities). */
export async function insertSite(
  tx: Executor,
  input: { communityId: string; siteKey: string; name: string; allowedOrigins: string[] },
): Promise<ManagedSite | undefined> {
  const [row] = await tx.insert(sites).values(input).onConflictDoNothing().returning(managedColumns);
  return row;
}

/** The key of the community's first site (its hosted pages' address), or undefined when it has none. */
export async function findFirstSiteKey(db: Executor, communityId: string): Promise<string | undefined> {
  const [site] = await db
    .select({ siteKey: sites.siteKey })
    .from(sites)
    .where(eq(sites.communityId, communityId))
    .orderBy(asc(sites.createdAt))
    .limit(1);
  return site?.siteKey;
}

/** The community's first site: what staff recordings are stored under (their Idempotency-Keys, follow links). */
export async function findFirstSite(db: Executor, communityId: string) {
  const [site] = await db
    .select({ id: sites.id, siteKey: sites.siteKey })
    .from(sites)
    .where(eq(sites.communityId, communityId))
    .orderBy(asc(sites.createdAt))
    .limit(1);
  return site;
}
