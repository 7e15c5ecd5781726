// List cursors: the last row's (createdAt, id), opaque to clients.
import { validation } from '../errors.js';

export const encodeNoticeCursor = (createdAt: Date, id: string) =>
  Buffer.from(`${new Date(createdAt).toISOString()}|${id}`, 'utf8').toString('base64url');

export function decodeNoticeCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw validation('query.cursor is not a cursor from this list.');
  }
  return { createdAt, id };
}
