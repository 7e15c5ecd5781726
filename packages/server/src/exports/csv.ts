// The one CSV writer of every export: RFC 4180 (CRLF between records, fields quoted when they hold a
// comma, quote or line break, quotes doubled), UTF-8 with a byte-order mark so Excel reads Chinese, and
// guarded against formula injection: a text cell starting with = + - @ tab or CR gets a leading '.
import { Readable } from 'node:stream';

export type Cell = string | number | boolean | null | undefined;

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\n]/;

/** One field. Numbers and booleans are written as they are; only text can carry a formula. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let text = FORMULA_START.test(value) ? `'${value}` : value;
  // Line breaks inside a field become LF, so CRLF only ever ends a record (the console counts rows by it).
  text = text.replace(/\r\n?/g, '\n');
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A byte stream of the BOM, the header and every row `batches` yields: one batch in memory at a time, so
 * an export of any length streams without being buffered whole.
 */
export function csvStream(header: readonly string[], batches: AsyncIterable<readonly (readonly Cell[])[]>): Readable {
  async function* chunks() {
    yield Buffer.from(BOM + csvRow(header), 'utf8');
    for await (const rows of batches) {
      if (rows.length > 0) yield Buffer.from(rows.map(csvRow).join(''), 'utf8');
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
