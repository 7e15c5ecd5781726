// Real databases for tests: a fresh PGlite on a copy of a migrated data folder (test/support/pglite-folder.ts;
// 0.4 s of CPU instead of a 2–6 s cold start), or, when DATABASE_URL is set, a throwaway copy of a migrated
// template database on that PostgreSQL server, dropped afterwards. Either way migrate() then runs and finds
// nothing to apply.
import { type Database, openDatabase } from '../../packages/server/src/db/database.js';
import { migratedPgliteFolder } from './pglite-folder.js';
import { createPostgresDatabase } from './postgres-database.js';

export interface TestDatabase {
  database: Database;
  /** The connection URL of this test's own PostgreSQL database (undefined on PGlite). */
  url: string | undefined;
  /** Closes the handle and drops the PostgreSQL database. */
  dispose(): Promise<void>;
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** The rows of a raw `db.execute(sql…)` answer: an array from postgres.js, `{ rows }` from PGlite. */
export function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function createTestDatabase(): Promise<TestDatabase> {
  return usingPostgres ? createPostgresTestDatabase(process.env.DATABASE_URL as string) : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const folder = await migratedPgliteFolder();
  const database = await openDatabase({ driver: 'pglite', dataDir: folder.dataDir });
  // The copy is migrated; this is a no-op that also proves migrations are idempotent.
  await database.migrate();
  return {
    database,
    url: undefined,
    dispose: async () => {
      await database.close();
      await folder.remove();
    },
  };
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const throwaway = await createPostgresDatabase(serverUrl, 't', { migrated: true });
  const database = await openDatabase({ driver: 'postgres', url: throwaway.url, maxConnections: 5 });
  await database.migrate();
  return {
    database,
    url: throwaway.url,
    dispose: async () => {
      await database.close();
      await throwaway.drop();
    },
  };
}
