// `npm run bench`: Courtyard's routes under load on PostgreSQL, each reported as a ratio of a bare Fastify +
// postgres.js route measured in the same run (support/baseline-server.ts). Every bench is a file
// test/bench/<name>.bench.ts exporting a Bench. BENCH_SECONDS sets the measuring time (default 10 s).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type RunningServer, startServer } from '../e2e/support/server.js';
import { type LoadResult, load } from './support/load.js';
import { benchPostgres } from './support/postgres.js';

export interface BenchContext {
  courtyard: RunningServer;
  baselineUrl: string;
  load: typeof load;
}

export interface Bench {
  name: string;
  /**
   * Which bare route this is compared with. The client does the same work for both (`idempotent`: a fresh
   * Idempotency-Key per request there too), so only the servers differ; `run` replaces the plain load for
   * requests built one by one (a vote's fresh voter token).
   */
  baseline: {
    method: 'GET' | 'POST';
    path: '/select' | '/insert';
    body?: unknown;
    idempotent?: boolean;
    run?: (url: string) => Promise<LoadResult>;
  };
  run(context: BenchContext): Promise<LoadResult>;
  /** The issue's target, printed beside the figures: minimum ratio and maximum p99. */
  target?: { ratio: number; p99Ms: number };
}

/** Limits are configuration: the benchmark raises them so it measures the routes, and says so. */
export const benchRateLimits = {
  COURTYARD_RATE_IP_SOFT: '1000000000',
  COURTYARD_RATE_IP_HARD: '1000000000',
  COURTYARD_RATE_SITE_SOFT: '1000000000',
  COURTYARD_RATE_SITE_HARD: '1000000000',
  COURTYARD_RATE_IP_READ: '1000000000',
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
  const baseline = await startBaseline(await pg.createDatabase('bench_bare'));
  const courtyardUrl = await pg.createDatabase('bench_courtyard');
  const courtyard = await startServer({
    storage: { dataDir, databaseUrl: courtyardUrl, dispose: () => rm(dataDir, { recursive: true, force: true }) },
    env: { ...benchRateLimits, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  });
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  console.log(`Courtyard benchmarks on PostgreSQL, 50 connections, ${seconds} s each, rate limits raised to 1e9.`);
  console.log('Ratios are Courtyard / bare Fastify + postgres.js in this run (higher is better).\n');
  console.log(`${'bench'.padEnd(44)}      req/s   p50 ms   p99 ms  bare req/s bare p50 bare p99  ratio  target`);
  let failures = 0;
  try {
    for (const bench of selected) {
      const bareUrl = `${baseline.url}${bench.baseline.path}`;
      const bare = bench.baseline.run
        ? await bench.baseline.run(bareUrl)
        : await load({
            url: bareUrl,
            method: bench.baseline.method,
            body: bench.baseline.body,
            idempotent: bench.baseline.idempotent,
          });
      const result = await bench.run({ courtyard, baselineUrl: baseline.url, load });
      const ratio = result.requestsPerSecond / bare.requestsPerSecond;
      const met = bench.target ? ratio >= bench.target.ratio && result.p99Ms <= bench.target.p99Ms : undefined;
      if (result.errors > 0 || result.non2xx > 0) failures++;
      console.log(
        `${bench.name.padEnd(44)} ${format(result.requestsPerSecond)} ${format(result.p50Ms, 1)} ${format(result.p99Ms, 1)} ${format(bare.requestsPerSecond).padStart(11)} ${format(bare.p50Ms, 1)} ${format(bare.p99Ms, 1)} ${ratio.toFixed(2).padStart(6)}  ${
          bench.target ? `${met ? 'met' : 'MISSED'} (≥${bench.target.ratio}, p99 ≤${bench.target.p99Ms} ms)` : '-'
        }${result.non2xx || result.errors ? `  [${result.non2xx} non-2xx, ${result.errors} errors]` : ''}`,
      );
    }
  } finally {
    await courtyard.stop();
    baseline.child.kill('SIGTERM');
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
