// One database handle for both drivers: embedded PGlite when no DATABASE_URL is set (trying Courtyard,
// development, tests), postgres.js against a real PostgreSQL otherwise (production).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type ExtractTablesWithRelations, is, type Query, SQL, sql } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories take either the database or a transaction, so callers decide the transaction's scope. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | { driver: 'pglite'; dataDir: string | undefined }
  | { driver: 'postgres'; url: string; maxConnections?: number };

/** A notification from LISTEN, whichever driver delivered it. */
export type NotificationHandler = (payload: string) => void;

export interface Database {
  readonly driver: 'pglite' | 'postgres';
  readonly db: Db;
  /** Applies committed migrations; safe to call from several instances at once. */
  migrate(): Promise<void>;
  /**
   * Runs one statement and answers its rows; on PostgreSQL as a named prepared statement, parsed and planned
   * once per connection (the hot public writes, whose text never changes, only their parameters). A Query
   * comes from a StatementBatch (db/statement-batch.ts), rendered once.
   */
  run<Row = Record<string, unknown>>(statement: SQL | Query): Promise<Row[]>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** LISTEN on a channel; resolves to an unlisten function. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any constant works; it only has to be the same for every instance migrating the same database.
const MIGRATION_LOCK = 727_001;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.driver === 'pglite' ? openPglite(target.dataDir) : openPostgres(target.url, target.maxConnections);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  // PGlite's own mkdir is not recursive.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  return wrapPglite(client);
}

/** Rows as drizzle's PGlite driver answers raw queries: dates and intervals left as PostgreSQL's text. */
const asText = (value: string) => value;
const rawRows = {
  rowMode: 'object' as const,
  parsers: {
    [types.TIMESTAMP]: asText,
    [types.TIMESTAMPTZ]: asText,
    [types.INTERVAL]: asText,
    [types.DATE]: asText,
  },
};

function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    // One connection serialises everything, so there is no concurrent migrator to guard against.
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    run: async <Row>(statement: SQL | Query) => {
      if (is(statement, SQL)) return ((await db.execute(statement)) as unknown as { rows: Row[] }).rows;
      return (await client.query<Row>(statement.sql, statement.params, rawRows)).rows;
    },
    ping: async () => {
      await client.query('select 1');
    },
    listen: async (channel, handler) => {
      const unlisten = await client.listen(channel, handler);
      return () => unlisten();
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, maxConnections = 10): Promise<Database> {
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    connection: { application_name: 'courtyard' },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const dialect = new PgDialect();
  return {
    driver: 'postgres',
    db,
    run: async <Row>(statement: SQL | Query) => {
      const query = is(statement, SQL) ? dialect.sqlToQuery(statement) : statement;
      return (await client.unsafe(query.sql, query.params as never[], { prepare: true })) as unknown as Row[];
    },
    migrate: async () => {
      // Instances starting together take turns (a session lock on a reserved connection); the second
      // finds nothing left to apply.
      const lockConnection = await client.reserve();
      try {
        await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db as never, { migrationsFolder });
      } finally {
        await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        lockConnection.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    listen: async (channel, handler) => {
      const subscription = await client.listen(channel, handler);
      return () => subscription.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}
