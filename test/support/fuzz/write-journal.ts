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

export interface WriteJournal {
  /** Tables watched (every table in the public schema). */
  tables: string[];
  /** A position to read writes after. */
  mark(): Promise<number>;
  writesSince(mark: number): Promise<RowWrite[]>;
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
  return {
    tables,
    mark: async () => {
      const result = rowsOf<{ last: string | null }>(
        await db.execute(sql.raw(`select max(id) as last from ${JOURNAL}`)),
      );
      return Number(result[0]?.last ?? 0);
    },
    writesSince: async (mark) =>
      rowsOf<{ table_name: string; operation: RowWrite['operation'] }>(
        await db.execute(sql`select table_name, operation from ${sql.raw(JOURNAL)} where id > ${mark} order by id`),
      ).map((row) => ({ table: row.table_name, operation: row.operation })),
  };
}

/** drizzle's execute() answers an array on postgres.js and `{ rows }` on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
