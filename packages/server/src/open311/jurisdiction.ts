// jurisdiction_id is the community's slug. It may be left out while the server holds one community only.
import type { Executor } from '../db/database.js';
import { countCommunities, findCommunityBySlug, listCommunities } from '../repositories/communities.js';
import { badRequest, notFound311 } from './errors.js';

export async function resolveJurisdiction(db: Executor, jurisdictionId: string | undefined) {
  if (jurisdictionId === undefined) {
    if ((await countCommunities(db)) !== 1) throw badRequest('jurisdiction_id is required (the community slug).');
    const [only] = await listCommunities(db);
    if (!only) throw notFound311('No jurisdiction is set up.');
    return only;
  }
  const community = await findCommunityBySlug(db, jurisdictionId);
  if (!community) throw notFound311('jurisdiction_id names no community here.');
  return community;
}
