// Where a poll's QR codes and links point: the page staff set for the poll, else the hosted page of the
// community's first site. A ballot link carries the code in the query, so the widget fills it in.
import type { Executor } from '../db/database.js';
import type { Poll } from '../repositories/polls.js';
import { findFirstSiteKey } from '../repositories/sites.js';

export async function pollPageUrl(db: Executor, publicUrl: URL, poll: Pick<Poll, 'id' | 'communityId' | 'pageUrl'>) {
  if (poll.pageUrl) return poll.pageUrl;
  const siteKey = (await findFirstSiteKey(db, poll.communityId)) ?? 'unknown';
  return new URL(`/p/${encodeURIComponent(siteKey)}/polls/${poll.id}`, publicUrl).toString();
}

export function ballotLink(pageUrl: string, code: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('code', code);
  return url.toString();
}
