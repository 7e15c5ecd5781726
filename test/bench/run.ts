// `npm run bench`: Courtyard's routes under load on PostgreSQL, each reported as a ratio of a bare Fastify +
// postgres.js route measured in the same run (support/baseline-server.ts). Every bench is a file
// test/bench/<name>.bench.ts exporting a Bench. After a short warm-up each, the two servers take turns,
// BENCH_ROUNDS rounds (default 4) of BENCH_SECONDS each (default 5), so a slower minute of the machine weighs
// on both alike; each round starts once PostgreSQL's autovacuum has finished with the writes before it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type RunningServer, startServer } from '../e2e/support/server.js';
import { combineRounds, type LoadResult, load, roundSeconds } from './support/load.js';
import { benchPostgres } from './support/postgres.js';

export interface BenchContext {
  courtyard: RunningServer;
  load: typeof load;
}

/** One round of load on one server, for `seconds`. */
export type Round = (seconds: number) => Promise<LoadResult>;

export interface Bench {
  name: string;
  /**
   * Which bare route this is compared with. The client does the same work for both (`idempotent`: a fresh
   * Idempotency-Key per request there too; `bodyPerRequest`: a body made per request), so only the
   * servers differ.
   */
  baseline: {
    method: 'GET' | 'POST';
    path: '/select' | '/insert';
    body?: unknown;
    bodyPerRequest?: () => unknown;
    idempotent?: boolean;
  };
  /** Runs once before the rounds (finding a poll, printing a one-off figure); answers a round's load. */
  prepare(context: BenchContext): Promise<Round>;
  /** The issue's target, printed beside the figures: minimum ratio and maximum p99. */
  target?: { ratio: number; p99Ms: number };
}

/**
 * Limits are configuration: the benchmark raises them so it measures the routes, and says so. Past a soft
 * limit a write would be answered 428 with a proof-of-work challenge until solved, so with the defaults the
 * write benches would measure challenges instead; every write still goes through the same checks (the
 * tiers looked at before the body is read, counted once admitted).
 */
export const benchRateLimits = {
  COURTYARD_RATE_IP_SOFT: '1000000000',
  COURTYARD_RATE_IP_HARD: '1000000000',
  COURTYARD_RATE_SITE_SOFT: '1000000000',
  COURTYARD_RATE_SITE_HARD: '1000000000',
  COURTYARD_RATE_IP_READ: '1000000000',
  // The fan-out bench opens 1,000 streams from this one address.
  COURTYARD_STREAMS_PER_CLIENT: '100000',
};

async function startBaseline(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const entry = new URL('./support/baseline-server.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const { port } = JSON.parse(line) as { port: number };
    return { url: `http://127.0.0.1:${port}`, child };
  }
  throw new Error('the baseline server did not start');
}

async function stopBaseline(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const WARM_UP_SECONDS = 3;

const format = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

async function main() {
  const only = process.argv[2];
  const folder = new URL('.', import.meta.url).pathname;
  const files = (await readdir(folder)).filter((name) => name.endsWith('.bench.ts')).sort();
  const benches: Bench[] = [];
  for (const file of files) benches.push((await import(join(folder, file))).default as Bench);
  const selected = only ? benches.filter((bench) => bench.name.includes(only)) : benches;

  const pg = await benchPostgres();
  const dataDir = await mkdtemp(join(tmpdir(), 'courtyard-bench-'));
  const bareDatabase = await pg.createDatabase('bench_bare');
  const courtyardUrl = await pg.createDatabase('bench_courtyard');
  const courtyard = await startServer({
    storage: { dataDir, databaseUrl: courtyardUrl, dispose: () => rm(dataDir, { recursive: true, force: true }) },
    // Production refuses plain http and a made-up secret; the benches talk to the port (an allowed localhost origin).
    env: {
      ...benchRateLimits,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://courtyard.bench.invalid',
      COURTYARD_SECRET: randomBytes(32).toString('hex'),
    },
  });
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
  console.log(
    `Courtyard benchmarks on PostgreSQL, 50 connections, ${rounds} rounds of ${roundSeconds()} s for each server, rate limits raised to 1e9.`,
  );
  console.log(
    'Ratios are Courtyard / bare Fastify + postgres.js in this run (higher is better); p50 and p99 of the median round.\n',
  );
  console.log(
    `${'bench'.padEnd(44)}      req/s   p50 ms   p99 ms  bare req/s bare p50 bare p99  ratio  rounds     target`,
  );
  let failures = 0;
  try {
    for (const bench of selected) {
      // A fresh bare server for each bench: one process serving every bench's bodies would be measured with
      // code V8 has compiled for all their shapes at once (a quarter slower by the last bench, measured).
      const baseline = await startBaseline(bareDatabase);
      try {
        const { method, path, body, bodyPerRequest, idempotent } = bench.baseline;
        const bareRound: Round = (durationSeconds) =>
          load({ url: `${baseline.url}${path}`, method, body, bodyPerRequest, idempotent, durationSeconds });
        const courtyardRound = await bench.prepare({ courtyard, load });
        const bareRounds: LoadResult[] = [];
        const courtyardRounds: LoadResult[] = [];
        // An uncounted first round for each, so neither is measured while its code is still being compiled.
        await bareRound(WARM_UP_SECONDS);
        await courtyardRound(WARM_UP_SECONDS);
        for (let round = 0; round < rounds; round++) {
          await pg.quiet();
          bareRounds.push(await bareRound(roundSeconds()));
          await pg.quiet();
          courtyardRounds.push(await courtyardRound(roundSeconds()));
        }
        const bare = combineRounds(bareRounds);
        const result = combineRounds(courtyardRounds);
        const ratio = result.requestsPerSecond / bare.requestsPerSecond;
        const roundRatios = courtyardRounds.map(
          (round, n) => round.requestsPerSecond / bareRounds[n]!.requestsPerSecond,
        );
        const spread = `${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}`;
        const met = bench.target ? ratio >= bench.target.ratio && result.p99Ms <= bench.target.p99Ms : undefined;
        if (result.errors > 0 || result.non2xx > 0) failures++;
        console.log(
          `${bench.name.padEnd(44)} ${format(result.requestsPerSecond)} ${format(result.p50Ms, 1)} ${format(result.p99Ms, 1)} ${format(bare.requestsPerSecond).padStart(11)} ${format(bare.p50Ms, 1)} ${format(bare.p99Ms, 1)} ${ratio.toFixed(2).padStart(6)}  ${spread.padEnd(9)}  ${
            bench.target ? `${met ? 'met' : 'MISSED'} (≥${bench.target.ratio}, p99 ≤${bench.target.p99Ms} ms)` : '-'
          }${result.non2xx || result.errors ? `  [${result.non2xx} non-2xx, ${result.errors} errors]` : ''}`,
        );
      } finally {
        await stopBaseline(baseline.child);
      }
    }
  } finally {
    await courtyard.stop();
    await courtyard.storage.dispose();
    await pg.stop();
  }
  if (failures > 0) {
    console.error(`\n${failures} bench(es) saw failed requests; their figures do not count.`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
