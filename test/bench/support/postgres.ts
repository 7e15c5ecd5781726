// Benchmarks run on PostgreSQL: DATABASE_URL when given, else a throwaway cluster started for the run.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { createPostgresDatabase, type ThrowawayDatabase } from '../../support/postgres-database.js';

const run = promisify(execFile);
const clusterScript = new URL('../../support/pg-cluster.sh', import.meta.url).pathname;

export interface BenchPostgres {
  serverUrl: string;
  /** A new empty database on the server. */
  createDatabase(prefix: string): Promise<string>;
  /**
   * Waits (at most 20 s) until no autovacuum worker runs and the machine is nearly idle, so a round does
   * not pay for work left by the round before it (the clean-up of its writes, a server finishing up),
   * which may be the other server's.
   */
  quiet(): Promise<void>;
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
  const monitor = postgres(serverUrl, { max: 1, onnotice: () => {} });
  return {
    serverUrl,
    createDatabase: async (prefix) => {
      const database = await createPostgresDatabase(serverUrl as string, prefix);
      databases.push(database);
      return database.url;
    },
    quiet: async () => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const [row] = await monitor`select count(*)::int as workers from pg_stat_activity
          where backend_type = 'autovacuum worker'`;
        if (row?.workers === 0 && (await machineBusy()) < 0.15) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop: async () => {
      await monitor.end();
      for (const database of databases) await database.drop();
      await stop();
    },
  };
}

/** The share of all cores busy over the next quarter second (Linux /proc/stat; 0 elsewhere). */
async function machineBusy(): Promise<number> {
  const sample = async () => {
    const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { idle, total: ticks.reduce((sum, tick) => sum + tick, 0) };
  };
  const before = await sample();
  await new Promise((resolve) => setTimeout(resolve, 250));
  const after = await sample();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}
