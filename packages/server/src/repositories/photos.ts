// Photos: re-encoded bytes stored in the database, so every instance and both drivers serve them.
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { photos } from '../db/schema.js';
import type { ProcessedPhoto } from '../photos/process-photo.js';

export interface StoredPhoto {
  id: string;
  mime: string;
  width: number;
  height: number;
}

export interface PhotoOwner {
  kind: string;
  id: string;
}

export async function storePhoto(
  tx: Executor,
  input: { communityId: string; siteId?: string | null; owner?: PhotoOwner; public?: boolean; photo: ProcessedPhoto },
): Promise<StoredPhoto> {
  const [row] = await tx
    .insert(photos)
    .values({
      communityId: input.communityId,
      siteId: input.siteId ?? null,
      ownerKind: input.owner?.kind ?? null,
      ownerId: input.owner?.id ?? null,
      public: input.public ?? false,
      mime: input.photo.mime,
      width: input.photo.width,
      height: input.photo.height,
      bytes: input.photo.bytes,
    })
    .returning({ id: photos.id, mime: photos.mime, width: photos.width, height: photos.height });
  return row as StoredPhoto;
}

/** A photo that may be shown to anyone on the community's pages, with its bytes; else undefined. */
export async function findPublicPhoto(
  db: Executor,
  communityId: string,
  photoId: string,
): Promise<{ mime: string; bytes: Buffer } | undefined> {
  const [row] = await db
    .select({ mime: photos.mime, bytes: photos.bytes })
    .from(photos)
    .where(and(eq(photos.id, photoId), eq(photos.communityId, communityId), eq(photos.public, true)));
  // postgres.js gives a Buffer, PGlite a Uint8Array.
  return row && { mime: row.mime, bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) };
}

/** One photo of a submission (`suggestion` or `repair`) with its bytes, for staff (private ones too); else undefined. */
export async function findOwnedPhoto(
  db: Executor,
  communityId: string,
  owner: PhotoOwner,
  photoId: string,
): Promise<{ mime: string; bytes: Buffer } | undefined> {
  const [row] = await db
    .select({ mime: photos.mime, bytes: photos.bytes })
    .from(photos)
    .where(
      and(
        eq(photos.id, photoId),
        eq(photos.communityId, communityId),
        eq(photos.ownerKind, owner.kind),
        eq(photos.ownerId, owner.id),
      ),
    );
  // postgres.js gives a Buffer, PGlite a Uint8Array.
  return row && { mime: row.mime, bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) };
}

/** Staff publish or hide a photo (e.g. with a repair's public progress). */
export async function setPhotoPublic(tx: Executor, communityId: string, photoId: string, visible: boolean) {
  const changed = await tx
    .update(photos)
    .set({ public: visible })
    .where(and(eq(photos.id, photoId), eq(photos.communityId, communityId)))
    .returning({ id: photos.id });
  return changed.length > 0;
}

/** Photos belonging to something (a repair, a suggestion), without their bytes. */
export async function listPhotosOf(db: Executor, communityId: string, owner: PhotoOwner): Promise<StoredPhoto[]> {
  return db
    .select({ id: photos.id, mime: photos.mime, width: photos.width, height: photos.height })
    .from(photos)
    .where(and(eq(photos.communityId, communityId), eq(photos.ownerKind, owner.kind), eq(photos.ownerId, owner.id)))
    .orderBy(photos.createdAt);
}

/** Attaches uploaded photos to what they belong to, once it exists (same transaction as its creation). */
export async function assignPhotos(tx: Executor, communityId: string, photoIds: string[], owner: PhotoOwner) {
  if (photoIds.length === 0) return;
  await tx
    .update(photos)
    .set({ ownerKind: owner.kind, ownerId: owner.id })
    .where(and(eq(photos.communityId, communityId), inArray(photos.id, photoIds)));
}
