// Which polls have passed their scheduled opening or closing without it being announced. The events table
// is the record: a poll's `poll.opened` / `poll.closed` event row, whoever wrote it (the scheduled job, or
// staff creating an open poll or closing one by hand), means it was announced.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { events, polls } from '../db/schema.js';

export type PollAnnouncement = 'poll.opened' | 'poll.closed';

export interface DuePollAnnouncement {
  pollId: string;
  communityId: string;
  type: PollAnnouncement;
}

/**
 * Only changes within this window are announced: a deployment that finds old polls (or an instance back
 * after a day away) does not flood the chat groups with news that is no longer news.
 */
export const ANNOUNCE_WITHIN_HOURS = 24;

const notAnnounced = (type: PollAnnouncement) =>
  sql`not exists (select 1 from ${events} e where e.community_id = ${polls.communityId}
    and e.topic = 'poll:' || ${polls.id}::text and e.type = ${type})`;

/** Due announcements by the database clock, oldest first; an opening before the same poll's closing. */
export async function findDuePollAnnouncements(tx: Executor, limit: number): Promise<DuePollAnnouncement[]> {
  const window = sql.raw(`now() - interval '${ANNOUNCE_WITHIN_HOURS} hours'`);
  const result = await tx.execute(sql`
    select id as "pollId", community_id as "communityId", type from (
      select ${polls.id} as id, ${polls.communityId} as community_id, 'poll.opened' as type, ${polls.opensAt} as at, 0 as turn
      from ${polls}
      where ${polls.opensAt} <= now() and ${polls.opensAt} > ${window}
        -- created open: staff creating it announced it then
        and ${polls.opensAt} > ${polls.createdAt}
        -- closed by hand before it ever opened
        and (${polls.closedAt} is null or ${polls.closedAt} > ${polls.opensAt})
        and ${notAnnounced('poll.opened')}
      union all
      select ${polls.id}, ${polls.communityId}, 'poll.closed', ${polls.closesAt}, 1
      from ${polls}
      where ${polls.closesAt} <= now() and ${polls.closesAt} > ${window}
        -- closed by hand before its time: the hand closing announced it
        and (${polls.closedAt} is null or ${polls.closedAt} >= ${polls.closesAt})
        and ${notAnnounced('poll.closed')}
    ) due
    order by at, turn
    limit ${limit}`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as DuePollAnnouncement[];
}

/**
 * Locks the poll's row and answers whether its announcement is still missing. Staff closing a poll by hand
 * updates that row and emits `poll.closed` in one transaction: a round that found the poll due while that
 * transaction was open waits here for it, then sees its event and leaves the poll alone.
 */
export async function lockStillUnannounced(tx: Executor, due: DuePollAnnouncement): Promise<boolean> {
  await tx.execute(sql`select 1 from ${polls} where ${polls.id} = ${due.pollId} for update`);
  // A statement of its own: under READ COMMITTED it sees what committed while the lock was awaited.
  const result = await tx.execute(sql`select not exists (select 1 from ${events} e
    where e.community_id = ${due.communityId} and e.topic = ${`poll:${due.pollId}`} and e.type = ${due.type}) as "missing"`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { missing: boolean }[];
  return rows[0]?.missing === true;
}
