// Votes on the demo page's device poll at 50 connections, against the bare insert of the same run (each vote
// is an idempotent transaction: poll read by the database clock, one ballot row under a unique constraint,
// the idempotency key; never a shared counter row). Before that, live fan-out: 1,000 SSE subscribers on one
// poll, and how long after a vote each of them sees the new tally.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { signInAsAdmin } from '../e2e/support/server.js';
import type { Bench } from './run.js';

const SUBSCRIBERS = 1000;

/** A vote from another device each time: a fresh voter token (the load adds a fresh Idempotency-Key). */
const voteBody = (optionId: string) => () => ({
  optionIds: [optionId],
  voterToken: randomBytes(16).toString('base64url'),
});

/** Opens one SSE stream; resolves `ready` once connected, and records when the first tally arrives. */
function subscribe(url: string) {
  let tallyAt = 0;
  let onTally: () => void = () => {};
  const tally = new Promise<void>((resolve) => {
    onTally = resolve;
  });
  let request: http.ClientRequest;
  const ready = new Promise<void>((resolve, reject) => {
    request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.includes('retry:') || buffer.includes(': connected')) resolve();
        if (!tallyAt && buffer.includes('event: tally')) {
          tallyAt = performance.now();
          onTally();
        }
      });
    });
    request.on('error', reject);
  });
  return { ready, tally, tallyAt: () => tallyAt, close: () => request.destroy() };
}

/** Resident memory of a process, in bytes (Linux). */
function rssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
  } catch {
    return Number.NaN;
  }
}

async function fanOut(base: string, pid: number | undefined): Promise<string> {
  const cookie = await signInAsAdmin(base);
  const created = await fetch(`${base}/admin/api/polls`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Fan-out', options: [{ label: 'A' }, { label: 'B' }] }),
  });
  const poll = (await created.json()) as { id: string; options: { id: string }[] };
  const streams = [];
  const rssBefore = rssOf(pid);
  for (let i = 0; i < SUBSCRIBERS; i += 100) {
    const batch = Array.from({ length: 100 }, () => subscribe(`${base}/api/v1/sites/demo/polls/${poll.id}/events`));
    await Promise.all(batch.map((stream) => stream.ready));
    streams.push(...batch);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const perConnectionKb = (rssOf(pid) - rssBefore) / SUBSCRIBERS / 1024;
  const sentAt = performance.now();
  const voted = await fetch(`${base}/api/v1/sites/demo/polls/${poll.id}/votes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ optionIds: [poll.options[0]!.id], voterToken: randomBytes(16).toString('base64url') }),
  });
  if (voted.status !== 201) throw new Error(`fan-out vote answered ${voted.status}`);
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000));
  await Promise.race([Promise.all(streams.map((stream) => stream.tally)), timeout]);
  const delays = streams
    .map((stream) => stream.tallyAt())
    .filter((at) => at > 0)
    .map((at) => at - sentAt)
    .sort((a, b) => a - b);
  for (const stream of streams) stream.close();
  const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? Number.NaN;
  const met = delays.length === SUBSCRIBERS && pct(99) <= 1000;
  return `live fan-out: ${delays.length}/${SUBSCRIBERS} subscribers saw the new tally; after the vote was sent p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${(delays.at(-1) ?? Number.NaN).toFixed(0)} ms  ${met ? 'met' : 'MISSED'} (p99 ≤ 1000 ms); server memory ${perConnectionKb.toFixed(1)} KB per open stream`;
}

const bench: Bench = {
  name: 'POST /polls/{id}/votes (device)',
  // The bare insert gets the same requests: a fresh voter token and Idempotency-Key each.
  baseline: { method: 'POST', path: '/insert', idempotent: true, bodyPerRequest: voteBody(randomUUID()) },
  target: { ratio: 0.6, p99Ms: 30 },
  prepare: async ({ courtyard, load }) => {
    const open = (await (await fetch(`${courtyard.url}/api/v1/sites/demo/polls`)).json()) as {
      items: { id: string; eligibility: string; options: { id: string }[] }[];
    };
    const poll = open.items.find((item) => item.eligibility === 'device')!;
    // Fan-out first, on a server not yet full of the vote load's garbage: a collection during the
    // measurement would hide the streams' memory. Printed before the table row of the votes.
    console.log(await fanOut(courtyard.url, courtyard.process.pid));
    // Let the server finish closing the thousand streams before the vote load is timed.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return (durationSeconds) =>
      load({
        url: `${courtyard.url}/api/v1/sites/demo/polls/${poll.id}/votes`,
        method: 'POST',
        headers: { origin: courtyard.url },
        idempotent: true,
        durationSeconds,
        bodyPerRequest: voteBody(poll.options[0]!.id),
      });
  },
};

export default bench;
