// Real databases for tests: a fresh PGlite cloned from a migrated template (0.6 s instead of a 2–6 s cold
// start), or, when DATABASE_URL is set, a throwaway database on that PostgreSQL server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Database, openDatabase, wrapPglite } from '../../packages/server/src/db/database.js';
import { migrationsHash } from './migrations-hash.js';
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

let template: Promise<Blob> | undefined;

/** The migrated template, cached on disk per migration set so every test process reuses it. */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = join(tmpdir(), `courtyard-pglite-template-${await migrationsHash()}.tar.gz`);
    if (existsSync(file)) return new Blob([await readFile(file)]);
    const client = await PGlite.create({ extensions: { pg_trgm } });
    await wrapPglite(client).migrate();
    const dump = await client.dumpDataDir('gzip');
    await client.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  })();
  return template;
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const client = await PGlite.create({ loadDataDir: await pgliteTemplate(), extensions: { pg_trgm } });
  const database = wrapPglite(client);
  // The template is migrated; this is a no-op that also proves migrations are idempotent.
  await database.migrate();
  return { database, url: undefined, dispose: () => database.close() };
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const throwaway = await createPostgresDatabase(serverUrl);
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
