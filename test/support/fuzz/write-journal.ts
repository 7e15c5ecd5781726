// Notes every committed row write in a test database, so a test can ask "what did this request write?".
// Row counts would miss an UPDATE or a DELETE that a failing request half-did; n_tup_* statistics are
// flushed lazily and differ on PGlite. A trigger on every table sees each row, on both drivers, and a
// rolled-back write leaves no note, which is exactly "nothing half-written".
import { sql } from 'drizzle-orm';
import type { Db } from '../../../packages/server/src/db/database.js';

export interface RowWrite {
  table: string;
  operation: 'INSERT' | 'UPDATE' | 'DELETE';
}

/**
 * Read as a queue, one statement a request: `take()` after each request answers what it wrote, and the next
 * request starts from there (a `max(id)` before each request as well cost the fuzz run a quarter of its
 * statements).
 */
export interface WriteJournal {
  /** Tables watched (every table in the public schema). */
  tables: string[];
  /** Forgets the writes so far: the next `take()` answers only what comes after. */
  skip(): Promise<void>;
  /** The committed writes since the last `take()` or `skip()`, in order. */
  take(): Promise<RowWrite[]>;
}

const JOURNAL = 'fuzz_row_writes';

export async function installWriteJournal(db: Db): Promise<WriteJournal> {
  await db.execute(
    sql.raw(`create table ${JOURNAL} (id bigserial primary key, table_name text not null, operation text not null)`),
  );
  await db.execute(
    sql.raw(`create function fuzz_note_row_write() returns trigger language plpgsql as $$
      begin
        insert into ${JOURNAL} (table_name, operation) values (TG_TABLE_NAME, TG_OP);
        return null;
      end $$`),
  );
  const rows = await db.execute(
    sql.raw(`select tablename from pg_tables where schemaname = 'public' and tablename <> '${JOURNAL}' order by 1`),
  );
  const tables = rowsOf<{ tablename: string }>(rows).map((row) => row.tablename);
  for (const table of tables) {
    await db.execute(
      sql.raw(
        `create trigger fuzz_note_row_write after insert or update or delete on "${table}" ` +
          'for each row execute function fuzz_note_row_write()',
      ),
    );
  }
  let last = 0;
  return {
    tables,
    skip: async () => {
      const result = rowsOf<{ last: string | null }>(
        await db.execute(sql.raw(`select max(id) as last from ${JOURNAL}`)),
      );
      last = Math.max(last, Number(result[0]?.last ?? 0));
    },
    take: async () => {
      const rows = rowsOf<{ id: string; table_name: string; operation: RowWrite['operation'] }>(
        await db.execute(sql`select id, table_name, operation from ${sql.raw(JOURNAL)} where id > ${last} order by id`),
      );
      for (const row of rows) last = Math.max(last, Number(row.id));
      return rows.map((row) => ({ table: row.table_name, operation: row.operation }));
    },
  };
}

/** drizzle's execute() answers an array on postgres.js and `{ rows }` on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
