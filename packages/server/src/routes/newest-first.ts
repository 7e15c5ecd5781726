// Newest-first lists (notices, topics) paged by the last row's (createdAt, id), which clients get as an opaque
// cursor. A route reads one row more than the page to know whether another page follows.
import { validation } from '../errors.js';

export const encodeCursor = (createdAt: Date, id: string) =>
  Buffer.from(`${new Date(createdAt).toISOString()}|${id}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw validation('query.cursor is not a cursor from this list.');
  }
  return { createdAt, id };
}

/** The page of `rows` (read with `limit + 1`) and the cursor of the next page, null on the last. */
export function listPage<Row extends { createdAt: Date; id: string }>(rows: Row[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
