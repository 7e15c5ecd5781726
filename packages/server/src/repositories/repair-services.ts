// Repair services: the community's categories of kind 'repair', with their questions and emergency notice.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { categories } from '../db/schema.js';

export type RepairServiceRow = typeof categories.$inferSelect;

export async function listRepairServices(
  db: Executor,
  communityId: string,
  options: { includeInactive?: boolean } = {},
): Promise<RepairServiceRow[]> {
  const conditions = [eq(categories.communityId, communityId), eq(categories.kind, 'repair')];
  if (!options.includeInactive) conditions.push(eq(categories.active, true));
  return db
    .select()
    .from(categories)
    .where(and(...conditions))
    .orderBy(asc(categories.sortOrder), asc(categories.slug));
}

/** An active repair service of the community, by id. */
export async function findRepairService(db: Executor, communityId: string, id: string) {
  const [row] = await db
    .select()
    .from(categories)
    .where(
      and(
        eq(categories.id, id),
        eq(categories.communityId, communityId),
        eq(categories.kind, 'repair'),
        eq(categories.active, true),
      ),
    );
  return row;
}

/** An active repair service of the community, by slug (Open311 service codes are slugs). */
export async function findRepairServiceBySlug(db: Executor, communityId: string, slug: string) {
  const [row] = await db
    .select()
    .from(categories)
    .where(
      and(
        eq(categories.slug, slug),
        eq(categories.communityId, communityId),
        eq(categories.kind, 'repair'),
        eq(categories.active, true),
      ),
    );
  return row;
}

export async function findRepairServiceAnyState(db: Executor, communityId: string, id: string) {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.id, id), eq(categories.communityId, communityId), eq(categories.kind, 'repair')));
  return row;
}

export async function insertRepairService(
  tx: Executor,
  values: Omit<typeof categories.$inferInsert, 'id' | 'kind'>,
): Promise<RepairServiceRow> {
  const [row] = await tx
    .insert(categories)
    .values({ ...values, kind: 'repair' })
    .onConflictDoNothing()
    .returning();
  return row as RepairServiceRow;
}

export async function updateRepairService(
  tx: Executor,
  communityId: string,
  id: string,
  values: Partial<Omit<typeof categories.$inferInsert, 'id' | 'kind' | 'communityId'>>,
): Promise<RepairServiceRow | undefined> {
  const [row] = await tx
    .update(categories)
    .set(values)
    .where(and(eq(categories.id, id), eq(categories.communityId, communityId), eq(categories.kind, 'repair')))
    .returning();
  return row;
}
