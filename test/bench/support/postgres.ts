// Benchmarks run on PostgreSQL: DATABASE_URL when given, else a throwaway cluster started for the run.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresDatabase, type ThrowawayDatabase } from '../../support/postgres-database.js';

const run = promisify(execFile);
const clusterScript = new URL('../../support/pg-cluster.sh', import.meta.url).pathname;

export interface BenchPostgres {
  serverUrl: string;
  /** A new empty database on the server. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

export async function benchPostgres(): Promise<BenchPostgres> {
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'courtyard-bench-pg-'));
    const { stdout } = await run('bash', [clusterScript, 'start', dir]);
    serverUrl = stdout.trim();
    stop = async () => {
      await run('bash', [clusterScript, 'stop', dir]);
    };
  }
  const databases: ThrowawayDatabase[] = [];
  return {
    serverUrl,
    createDatabase: async (prefix) => {
      const database = await createPostgresDatabase(serverUrl as string, prefix);
      databases.push(database);
      return database.url;
    },
    stop: async () => {
      for (const database of databases) await database.drop();
      await stop();
    },
  };
}
