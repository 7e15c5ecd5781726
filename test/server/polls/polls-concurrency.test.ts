import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { pollBallots } from '../../../packages/server/src/db/schema.js';
import { listen, NO_PUBLIC_LIMITS, type TestApp } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';
import {
  createPoll,
  issueCodes,
  type PollHarness,
  pollTestApp,
  staffRequest,
  vote,
  voterToken,
} from '../../support/poll-fixtures.js';
import { connectSse, type SseConnection, type SseMessage } from '../../support/sse-client.js';

const isTally = (message: SseMessage) => message.event === 'tally';

async function ballotsOf(h: PollHarness, pollId: string) {
  const [row] = await h.app.db
    .select({ n: sql<number>`count(*)::int` })
    .from(pollBallots)
    .where(sql`${pollBallots.pollId} = ${pollId}`);
  return row!.n;
}

describe(`polls under concurrent votes (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let harness: TestApp;
  let h: PollHarness;
  let base: string;
  const streams: SseConnection[] = [];
  before(async () => {
    ({ harness, h } = await pollTestApp({ env: NO_PUBLIC_LIMITS }));
    base = await listen(harness.app);
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await harness.close();
  });

  const httpVote = (pollId: string, body: unknown) =>
    fetch(`${base}/api/v1/sites/${h.siteKey}/polls/${pollId}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });

  it('50 concurrent votes with one ballot code record exactly one ballot', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    const [code] = await issueCodes(h, poll.id, { scope: { type: 'community' }, count: 1 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        httpVote(poll.id, { optionIds: [poll.options[i % 2]!.id], ballotCode: code!.code }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','));
    const refused = await Promise.all(responses.filter((r) => r.status !== 201).map((r) => r.json()));
    assert.ok(
      refused.every((body) => body.error.code === 'COURTYARD_BALLOT_CODE_USED'),
      JSON.stringify(refused[0]),
    );
    assert.equal(await ballotsOf(h, poll.id), 1);
  });

  it('50 concurrent votes with one voter token record exactly one ballot', async () => {
    const poll = await createPoll(h, {});
    const token = voterToken();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => httpVote(poll.id, { optionIds: [poll.options[0]!.id], voterToken: token })),
    );
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','));
    assert.ok(
      statuses.every((status) => status === 201 || status === 409),
      statuses.join(','),
    );
    assert.equal(await ballotsOf(h, poll.id), 1);
  });

  it('delivers a new tally to a subscriber within a second, and a reconnect with Last-Event-ID misses nothing', async () => {
    const poll = await createPoll(h, { options: [{ label: '好' }, { label: '不好' }] });
    const url = `${base}/api/v1/sites/${h.siteKey}/polls/${poll.id}/events`;
    const stream = await connectSse(url);
    streams.push(stream);
    await stream.next((message) => message.comments.includes('connected'));
    const started = Date.now();
    assert.equal(
      (await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() })).statusCode,
      201,
    );
    const first = await stream.next(isTally, 3000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `delivered after ${elapsed} ms`);
    assert.equal(first.event, 'tally');
    const payload = JSON.parse(first.data!).payload;
    assert.equal(payload.results.ballots, 1);
    assert.deepEqual(
      payload.results.options.map((o: { votes: number }) => o.votes),
      [1, 0],
    );
    stream.close();

    // Votes while the page is away: the reconnect replays the tallies it missed, ending with the exact count.
    for (let i = 0; i < 5; i++) {
      await vote(h, poll.id, { optionIds: [poll.options[1]!.id], voterToken: voterToken() });
    }
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const again = await connectSse(url, { 'last-event-id': first.id as string });
    streams.push(again);
    const replayed = await again.next(isTally, 3000);
    // Ids are opaque to clients; the server reads where each stands.
    const position = (id: string | undefined) => h.app.streamIds.decode(h.communityId, id ?? '') ?? 0;
    assert.ok(position(replayed.id) > position(first.id));
    let latest = JSON.parse(replayed.data!).payload;
    for (;;) {
      const next = await again.next(isTally, 1500).catch(() => null);
      if (!next) break;
      latest = JSON.parse(next.data!).payload;
    }
    assert.equal(latest.results.ballots, 6);
    assert.deepEqual(
      latest.results.options.map((o: { votes: number }) => o.votes),
      [1, 5],
    );
  });

  it('pushes no counts for hidden results, and the final tally when staff close the poll', async () => {
    const poll = await createPoll(h, { visibility: 'after-close' });
    const stream = await connectSse(`${base}/api/v1/sites/${h.siteKey}/polls/${poll.id}/events`);
    streams.push(stream);
    await stream.next((message) => message.comments.includes('connected'));
    await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() });
    const hidden = JSON.parse((await stream.next(isTally, 3000)).data!).payload;
    assert.deepEqual(hidden, { pollId: poll.id, state: 'open', ballots: null, results: null });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await staffRequest(h, 'POST', `/polls/${poll.id}/close`);
    const closed = JSON.parse((await stream.next(isTally, 3000)).data!).payload;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.results.ballots, 1);
  });
});
