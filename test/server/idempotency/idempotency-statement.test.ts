// The one-statement write path (withIdempotentStatement) behind the busiest public writes: a JSON
// suggestion and a device vote. The key's row, the write and its event commit together or not at all.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { events, idempotencyKeys, pollBallots, suggestions } from '../../../packages/server/src/db/schema.js';
import { NO_PUBLIC_LIMITS, type TestApp } from '../../support/app.js';
import {
  createPoll,
  type PollHarness,
  pollTestApp,
  staffRequest,
  vote,
  voterToken,
} from '../../support/poll-fixtures.js';
import { submit } from '../../support/suggestion-fixtures.js';

describe('one-statement idempotent writes', () => {
  let harness: TestApp;
  let h: PollHarness;
  before(async () => ({ harness, h } = await pollTestApp({ env: NO_PUBLIC_LIMITS })));
  after(() => harness.close());

  it('stores one suggestion, one event and one key when twenty copies of a request arrive together', async () => {
    const key = randomUUID();
    const text = `同时到达的建议 ${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(harness.app, h.siteKey, { text }, key)));
    assert.deepEqual(
      answers.map((answer) => answer.statusCode),
      Array(20).fill(201),
      answers.map((answer) => answer.body).join('\n'),
    );
    assert.equal(answers.filter((answer) => answer.headers['idempotent-replayed'] !== 'true').length, 1);
    for (const answer of answers) assert.deepEqual(answer.json(), answers[0]!.json());
    const id = answers[0]!.json().id as string;
    const rows = await harness.app.db.select().from(suggestions).where(eq(suggestions.text, text));
    assert.deepEqual(
      rows.map((row) => row.id),
      [id],
    );
    const created = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `suggestion:${id}`));
    assert.equal(created.length, 1);
    assert.equal(created[0]!.type, 'suggestion.created');
    assert.deepEqual(created[0]!.payload, { id, moderation: 'pending', status: 'received' });
  });

  it('answers a replay with exactly the stored first answer, and 422 for the key reused on other text', async () => {
    const key = randomUUID();
    const first = await submit(harness.app, h.siteKey, { text: '第一次的内容' }, key);
    const [stored] = await harness.app.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.siteId, h.siteId), eq(idempotencyKeys.key, key)));
    assert.equal(stored?.statusCode, 201);
    // Everything but the resident key, which is derived again for each answer and never stored.
    const { residentKey, ...answer } = first.json();
    assert.deepEqual(stored?.responseBody, answer);
    assert.match(residentKey, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const reused = await submit(harness.app, h.siteKey, { text: '另一段内容' }, key);
    assert.equal(reused.statusCode, 422);
    const second = await harness.app.db.select().from(suggestions).where(eq(suggestions.text, '另一段内容'));
    assert.equal(second.length, 0);
  });

  it('keeps a key reused on other text out of the writes it arrived with: one wins, the other gets 422', async () => {
    const key = randomUUID();
    const run = randomUUID().slice(0, 8);
    const texts = Array.from({ length: 30 }, (_, n) => `${run} 一起到的第${n}条`);
    const [a, b] = [`${run} 同一个键：甲`, `${run} 同一个键：乙`];
    const answers = await Promise.all([
      ...texts.slice(0, 15).map((text) => submit(harness.app, h.siteKey, { text })),
      submit(harness.app, h.siteKey, { text: a }, key),
      submit(harness.app, h.siteKey, { text: b }, key),
      ...texts.slice(15).map((text) => submit(harness.app, h.siteKey, { text })),
    ]);
    const others = [...answers.slice(0, 15), ...answers.slice(17)];
    assert.deepEqual(
      others.map((answer) => answer.statusCode),
      Array(30).fill(201),
    );
    assert.deepEqual(
      answers
        .slice(15, 17)
        .map((answer) => answer.statusCode)
        .sort(),
      [201, 422],
    );
    const stored = await harness.app.db.select().from(suggestions);
    const mine = stored.filter((row) => row.text.startsWith(run));
    assert.equal(mine.length, 31, 'thirty others and one of the two with the same key');
    assert.equal(mine.filter((row) => row.text === a || row.text === b).length, 1);
  });

  it('stores no key for a refused vote, so the device’s duplicate vote stays refused under any key', async () => {
    const poll = await createPoll(h, { options: [{ label: '同意' }, { label: '不同意' }] });
    const token = voterToken();
    const firstKey = randomUUID();
    const first = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: token }, firstKey);
    assert.equal(first.statusCode, 201, first.body);
    assert.match(first.json().votedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const secondKey = randomUUID();
    const second = await vote(h, poll.id, { optionIds: [poll.options[1]!.id], voterToken: token }, secondKey);
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.code, 'COURTYARD_POLL_ALREADY_VOTED');
    const keys = await harness.app.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.siteId, h.siteId), eq(idempotencyKeys.key, secondKey)));
    assert.equal(keys.length, 0);
    const retry = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: token }, firstKey);
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json());
    const ballots = await harness.app.db.select().from(pollBallots).where(eq(pollBallots.pollId, poll.id));
    assert.equal(ballots.length, 1);
  });

  it('refuses a vote on a closed poll with its reason, storing neither ballot nor key', async () => {
    const poll = await createPoll(h, { options: [{ label: '是' }, { label: '否' }] });
    const close = await staffRequest(h, 'POST', `/polls/${poll.id}/close`, {});
    assert.equal(close.statusCode, 200, close.body);
    const key = randomUUID();
    const refused = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() }, key);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'COURTYARD_POLL_CLOSED');
    const ballots = await harness.app.db.select().from(pollBallots).where(eq(pollBallots.pollId, poll.id));
    assert.equal(ballots.length, 0);
  });

  it('announces each new suggestion to live subscribers once its statement has committed, batched or not', async () => {
    const seen: string[] = [];
    const unsubscribe = harness.app.events.subscribe({
      communityId: h.communityId,
      topics: 'all',
      deliver: (event) => {
        if (event.type === 'suggestion.created') seen.push((event.payload as { id: string }).id);
      },
      end: () => {},
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, n) => submit(harness.app, h.siteKey, { text: `一起到的第${n}条建议` })),
      );
      const ids = answers.map((answer) => answer.json().id as string).sort();
      await harness.app.events.announced();
      const deadline = Date.now() + 5000;
      while (seen.length < ids.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual([...seen].sort(), ids);
    } finally {
      unsubscribe();
    }
  });
});
