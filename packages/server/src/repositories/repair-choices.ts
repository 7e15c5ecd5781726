// What the staff repair board filters and assigns by: the community's repair services, buildings and
// active staff. Scoped by community; only names and ids (no emails, no roles).
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { categories, staffUsers } from '../db/schema.js';
import { listBuildings } from './places.js';

export async function listRepairChoices(db: Executor, communityId: string) {
  const services = await db
    .select({
      id: categories.id,
      slug: categories.slug,
      names: categories.names,
      active: categories.active,
      questions: categories.questions,
    })
    .from(categories)
    .where(and(eq(categories.communityId, communityId), eq(categories.kind, 'repair')))
    .orderBy(asc(categories.sortOrder), asc(categories.slug));
  const places = await listBuildings(db, communityId);
  const assignees = await db
    .select({ id: staffUsers.id, displayName: staffUsers.displayName })
    .from(staffUsers)
    .where(and(eq(staffUsers.communityId, communityId), eq(staffUsers.active, true)))
    .orderBy(asc(staffUsers.displayName), asc(staffUsers.id));
  return { services, buildings: places, assignees };
}
