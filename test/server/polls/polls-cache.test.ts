// Device votes take a poll's definition from a per-instance cache. Staff may change a scheduled poll's
// eligibility and options: every instance must drop its copy when the change commits, and the vote's own
// statement must refuse what the poll as it is now refuses — a deleted option, a device vote on a ballot-code
// poll — writing nothing, whatever a stale copy says.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { openDatabase } from '../../../packages/server/src/db/database.js';
import {
  idempotencyKeys,
  pollBallotCodes,
  pollBallots,
  pollOptions,
  polls,
} from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import {
  createPoll,
  issueCodes,
  type PollHarness,
  pollHarness,
  staffRequest,
  vote,
  voterToken,
} from '../../support/poll-fixtures.js';

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const aMomentAgo = () => new Date(Date.now() - 1000).toISOString();

function assertRefused(response: LightMyRequestResponse, code: string) {
  assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${response.statusCode} ${response.body}`);
  assert.equal(response.json().error.code, code, response.body);
}

describe('poll definitions cached by the vote path, across instances', () => {
  let first: TestApp;
  let second: TestApp;
  let releaseSecond: () => Promise<void>;
  /** Staff work on the first instance; residents vote on the second. */
  let staff: PollHarness;
  let residents: PollHarness;

  before(async () => {
    first = await buildTestApp();
    staff = await pollHarness(first.app);
    // Another instance on the same database (its own connection pool on PostgreSQL).
    const url = first.testDatabase.url;
    const database = url
      ? await openDatabase({ driver: 'postgres', url, maxConnections: 5 })
      : first.testDatabase.database;
    second = await buildTestApp({ testDatabase: { database, url, dispose: async () => {} } });
    releaseSecond = async () => {
      await second.close();
      if (url) await database.close();
    };
    residents = { ...staff, app: second.app };
  });
  after(async () => {
    await releaseSecond();
    await first.close();
  });

  const ballotsOf = async (pollId: string) => {
    const [row] = await first.app.db
      .select({ count: sql<number>`count(*)::int` })
      .from(pollBallots)
      .where(eq(pollBallots.pollId, pollId));
    return row?.count ?? 0;
  };
  const keyStored = async (key: string) =>
    (
      await first.app.db
        .select({ key: idempotencyKeys.key })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.siteId, staff.siteId), eq(idempotencyKeys.key, key)))
    ).length > 0;
  /** A scheduled device poll, its definition cached on the second instance by a (refused) early vote. */
  const scheduledAndCached = async () => {
    const poll = await createPoll(staff, {
      options: [{ label: '同意' }, { label: '不同意' }],
      opensAt: inAnHour(),
    });
    const early = await vote(residents, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() });
    assertRefused(early, 'COURTYARD_POLL_NOT_OPEN');
    return poll;
  };

  it('refuses device votes, with a deleted option or a new one, once staff make the poll ballot-code: nothing written', async () => {
    const poll = await scheduledAndCached();
    const changed = await staffRequest(staff, 'PATCH', `/polls/${poll.id}`, {
      eligibility: 'ballot-code',
      options: [{ label: '同意加装' }, { label: '不同意加装' }],
      opensAt: aMomentAgo(),
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const newOptions = changed.json().options as { id: string }[];

    // At once, on the other instance: its copy said "device, options A and B".
    for (const [optionId, code] of [
      [poll.options[0]!.id, 'COURTYARD_POLL_INVALID_CHOICE'],
      [newOptions[0]!.id, 'COURTYARD_POLL_CREDENTIAL_REQUIRED'],
    ] as const) {
      const key = randomUUID();
      const refused = await vote(residents, poll.id, { optionIds: [optionId], voterToken: voterToken() }, key);
      assertRefused(refused, code);
      assert.equal(await keyStored(key), false, 'no Idempotency-Key stored');
    }
    assert.equal(await ballotsOf(poll.id), 0);

    // A household's code with a deleted option is refused too; with a current one it votes.
    const [code] = await issueCodes(staff, poll.id, { scope: { type: 'community' }, count: 1 });
    assertRefused(
      await vote(residents, poll.id, { optionIds: [poll.options[1]!.id], ballotCode: code!.code }),
      'COURTYARD_POLL_INVALID_CHOICE',
    );
    const [unused] = await first.app.db
      .select({ usedAt: pollBallotCodes.usedAt })
      .from(pollBallotCodes)
      .where(eq(pollBallotCodes.id, code!.id));
    assert.equal(unused?.usedAt, null, 'the code is still unused');
    const voted = await vote(residents, poll.id, { optionIds: [newOptions[1]!.id], ballotCode: code!.code });
    assert.equal(voted.statusCode, 201, voted.body);
    assert.equal(await ballotsOf(poll.id), 1);
  });

  it('takes the new options and refuses the deleted ones once staff replace a device poll’s options', async () => {
    const poll = await scheduledAndCached();
    const changed = await staffRequest(staff, 'PATCH', `/polls/${poll.id}`, {
      options: [{ label: '周六' }, { label: '周日' }, { label: '都可以' }],
      selection: 'multiple',
      maxChoices: 2,
      opensAt: aMomentAgo(),
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const newOptions = changed.json().options as { id: string }[];

    const key = randomUUID();
    const refused = await vote(residents, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() }, key);
    assertRefused(refused, 'COURTYARD_POLL_INVALID_CHOICE');
    assert.equal(await keyStored(key), false);
    assert.equal(await ballotsOf(poll.id), 0);

    const twoNew = await vote(residents, poll.id, {
      optionIds: [newOptions[0]!.id, newOptions[2]!.id],
      voterToken: voterToken(),
    });
    assert.equal(twoNew.statusCode, 201, twoNew.body);
    assert.equal(await ballotsOf(poll.id), 1);
  });

  it('tells every instance of every change to a poll, when it commits', async () => {
    const poll = await createPoll(staff, { opensAt: inAnHour() });
    const heard: string[] = [];
    let wake = () => {};
    const unsubscribe = second.app.pollChanges.subscribe((communityId, pollId) => {
      if (communityId === staff.communityId && pollId === poll.id) heard.push(pollId);
      wake();
    });
    const heardOnce = async (count: number) => {
      const deadline = Date.now() + 5000;
      while (heard.length < count) {
        assert.ok(Date.now() < deadline, `heard ${heard.length} of ${count} changes`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    };
    try {
      assert.equal((await staffRequest(staff, 'PATCH', `/polls/${poll.id}`, { title: '新标题' })).statusCode, 200);
      await heardOnce(1);
      assert.equal((await staffRequest(staff, 'PATCH', `/polls/${poll.id}`, { maxChoices: 1 })).statusCode, 200);
      await heardOnce(2);
      assert.equal((await staffRequest(staff, 'POST', `/polls/${poll.id}/close`)).statusCode, 200);
      await heardOnce(3);
      // A change that fails (and rolls back) is not announced.
      const refused = await staffRequest(staff, 'POST', `/polls/${poll.id}/close`);
      assert.equal(refused.statusCode, 409);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(heard.length, 3);
    } finally {
      unsubscribe();
    }
  });

  it('writes nothing for a stale copy even when a change bypassed the announcements', async () => {
    const poll = await createPoll(staff, { options: [{ label: '甲' }, { label: '乙' }] });
    // Cached on the second instance by a first, valid vote.
    assert.equal(
      (await vote(residents, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() })).statusCode,
      201,
    );
    // Changed straight in the database (no announcement): the cached copy keeps the old options.
    await first.app.db.delete(pollOptions).where(eq(pollOptions.id, poll.options[1]!.id));
    const keys = Array.from({ length: 6 }, () => randomUUID());
    // Together, so the shared statement carries refused and accepted rows at once.
    const answers = await Promise.all(
      keys.map((key, n) =>
        vote(residents, poll.id, { optionIds: [poll.options[n % 2]!.id], voterToken: voterToken() }, key),
      ),
    );
    for (const [n, answer] of answers.entries()) {
      if (n % 2 === 0) assert.equal(answer.statusCode, 201, answer.body);
      else {
        assertRefused(answer, 'COURTYARD_POLL_INVALID_CHOICE');
        assert.equal(await keyStored(keys[n]!), false);
      }
    }
    assert.equal(await ballotsOf(poll.id), 4);

    await first.app.db.update(polls).set({ eligibility: 'ballot-code' }).where(eq(polls.id, poll.id));
    assertRefused(
      await vote(residents, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() }),
      'COURTYARD_POLL_CREDENTIAL_REQUIRED',
    );
    assert.equal(await ballotsOf(poll.id), 4);
  });
});
