// Load generation for benchmarks: autocannon from this process against servers in child processes.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** A body made afresh for every request (a vote's voter token), instead of `body`. */
  bodyPerRequest?: () => unknown;
  headers?: Record<string, string>;
  /** A fresh Idempotency-Key per request, as real widgets send. */
  idempotent?: boolean;
  connections?: number;
  durationSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const json = body !== undefined || options.bodyPerRequest !== undefined;
  const headers = { ...(json ? { 'content-type': 'application/json' } : {}), ...options.headers };
  const fresh = options.idempotent || options.bodyPerRequest;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? roundSeconds(),
    headers,
    body,
    requests: fresh
      ? [
          {
            setupRequest: (request) => ({
              ...request,
              headers: options.idempotent ? { ...request.headers, 'idempotency-key': randomUUID() } : request.headers,
              ...(options.bodyPerRequest ? { body: JSON.stringify(options.bodyPerRequest()) } : {}),
            }),
          },
        ]
      : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Seconds each round of a bench measures (BENCH_SECONDS, default 5). */
export const roundSeconds = () => Number(process.env.BENCH_SECONDS ?? 5);

/**
 * Rounds of one server as one figure: mean throughput, and the median round's p50 and p99 (autocannon
 * gives percentiles per run, not histograms to merge).
 */
export function combineRounds(rounds: LoadResult[]): LoadResult {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const sum = (pick: (round: LoadResult) => number) => rounds.reduce((total, round) => total + pick(round), 0);
  return {
    requestsPerSecond: sum((round) => round.requestsPerSecond) / rounds.length,
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    non2xx: sum((round) => round.non2xx),
    errors: sum((round) => round.errors),
  };
}
