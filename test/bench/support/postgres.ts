// Benchmarks run on PostgreSQL: DATABASE_URL when given, else a throwaway cluster started for the run.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

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
  const databases: string[] = [];
  const server = serverUrl;
  return {
    serverUrl: server,
    createDatabase: async (prefix) => {
      const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database ${name}`);
      } finally {
        await admin.end();
      }
      databases.push(name);
      const url = new URL(server);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: async () => {
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      try {
        for (const name of databases) await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
      await stop();
    },
  };
}
