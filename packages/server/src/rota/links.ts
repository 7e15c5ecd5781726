// Where a rota's printable sheet is: a hosted page of the community's first site (its QR code leads to the
// same page, where households sign up).
import type { Executor } from '../db/database.js';
import { findFirstSiteKey } from '../repositories/sites.js';

export const rotaPagePath = (siteKey: string, rotaId: string) => `/p/${encodeURIComponent(siteKey)}/rotas/${rotaId}`;

/** The sheet of each rota of a community (one query for a whole list); null when it has no site. */
export async function rotaSheets(
  db: Executor,
  publicUrl: URL,
  communityId: string,
): Promise<(rotaId: string) => string | null> {
  const siteKey = await findFirstSiteKey(db, communityId);
  return (rotaId) => (siteKey ? new URL(`${rotaPagePath(siteKey, rotaId)}/sheet`, publicUrl).toString() : null);
}
