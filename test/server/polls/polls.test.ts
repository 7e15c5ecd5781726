import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { auditLog, pollBallotCodes, pollBallots } from '../../../packages/server/src/db/schema.js';
import { NO_PUBLIC_LIMITS, type TestApp } from '../../support/app.js';
import { createBuilding } from '../../support/fixtures.js';
import {
  createPoll,
  issueCodes,
  type PollHarness,
  pollHarness,
  pollTestApp,
  publicGet,
  staffRequest,
  vote,
  voterToken,
} from '../../support/poll-fixtures.js';

const errorCode = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

describe('polls: public API and device eligibility', () => {
  let harness: TestApp;
  let h: PollHarness;
  before(async () => ({ harness, h } = await pollTestApp({ env: NO_PUBLIC_LIMITS })));
  after(() => harness.close());

  it('shows an open poll with its options and the server clock, and lists it among open polls', async () => {
    const poll = await createPoll(h, { title: '周末活动选哪天？', options: [{ label: '周六' }, { label: '周日' }] });
    const response = await publicGet(h, `/polls/${poll.id}`);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.state, 'open');
    assert.equal(body.eligibility, 'device');
    assert.deepEqual(
      body.options.map((o: { label: string }) => o.label),
      ['周六', '周日'],
    );
    assert.match(body.serverTime, /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.deepEqual(Object.keys(body.options[0]).sort(), ['id', 'isOther', 'label']);
    const list = (await publicGet(h, '/polls')).json();
    assert.ok(list.items.some((item: { id: string }) => item.id === poll.id));
  });

  it('records one vote per device token and answers a receipt; a second vote from the device is refused', async () => {
    const poll = await createPoll(h, { options: [{ label: 'A' }, { label: 'B' }] });
    const token = voterToken();
    const first = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: token });
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(Object.keys(first.json()).sort(), ['pollId', 'receipt', 'votedAt']);
    const again = await vote(h, poll.id, { optionIds: [poll.options[1]!.id], voterToken: token });
    assert.equal(again.statusCode, 409);
    assert.equal(errorCode(again), 'COURTYARD_POLL_ALREADY_VOTED');
    const results = (await publicGet(h, `/polls/${poll.id}/results`)).json();
    assert.equal(results.ballots, 1);
    assert.deepEqual(
      results.options.map((o: { votes: number }) => o.votes),
      [1, 0],
    );
  });

  it('replays a retried vote (same Idempotency-Key) instead of counting it twice', async () => {
    const poll = await createPoll(h, { options: [{ label: 'A' }, { label: 'B' }] });
    const key = randomUUID();
    const body = { optionIds: [poll.options[1]!.id], voterToken: voterToken() };
    const first = await vote(h, poll.id, body, key);
    const retry = await vote(h, poll.id, body, key);
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.json().receipt, first.json().receipt);
    assert.equal((await publicGet(h, `/polls/${poll.id}/results`)).json().ballots, 1);
  });

  it('refuses unknown, duplicate and too many option ids, and "other" without text, recording nothing', async () => {
    const poll = await createPoll(h, {
      selection: 'multiple',
      maxChoices: 2,
      options: [{ label: 'A' }, { label: 'B' }, { label: 'C' }, { label: '其他', isOther: true }],
    });
    const [a, b, c, other] = poll.options.map((o) => o.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ optionIds: [randomUUID()] }, 'COURTYARD_POLL_INVALID_CHOICE'],
      [{ optionIds: [a, a] }, 'COURTYARD_POLL_INVALID_CHOICE'],
      [{ optionIds: [a, b, c] }, 'COURTYARD_POLL_INVALID_CHOICE'],
      [{ optionIds: [other] }, 'COURTYARD_POLL_INVALID_CHOICE'],
      [{ optionIds: [a], otherText: '不该有' }, 'COURTYARD_POLL_INVALID_CHOICE'],
      [{ optionIds: [a], ballotCode: 'ABCDE-FGHJK', voterToken: undefined }, 'COURTYARD_POLL_CREDENTIAL_REQUIRED'],
      [{ optionIds: [a], ballotCode: 'ABCDE-FGHJK' }, 'COURTYARD_POLL_CREDENTIAL_REQUIRED'],
      [{ optionIds: [a], voterToken: undefined }, 'COURTYARD_POLL_CREDENTIAL_REQUIRED'],
      [{ optionIds: [], voterToken: voterToken() }, 'COURTYARD_VALIDATION'],
      [{ optionIds: [a], voterToken: 'short' }, 'COURTYARD_VALIDATION'],
      [{ optionIds: [a], voterToken: voterToken(), extra: 1 }, 'COURTYARD_VALIDATION'],
    ];
    for (const [body, code] of cases) {
      const response = await vote(h, poll.id, { voterToken: voterToken(), ...body });
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
      assert.equal(errorCode(response), code, JSON.stringify(body));
    }
    const ok = await vote(h, poll.id, { optionIds: [a, other], otherText: '  加装扶手 ', voterToken: voterToken() });
    assert.equal(ok.statusCode, 201, ok.body);
    const staff = (await staffRequest(h, 'GET', `/polls/${poll.id}/results`)).json();
    assert.equal(staff.ballots, 1);
    assert.deepEqual(staff.otherTexts, ['加装扶手']);
    const publicResults = (await publicGet(h, `/polls/${poll.id}/results`)).body;
    assert.doesNotMatch(publicResults, /加装扶手/, 'other answers are for staff only');
  });

  it('refuses votes before the opening and after the close by the database clock', async () => {
    const later = await createPoll(h, { opensAt: new Date(Date.now() + 3_600_000).toISOString() });
    const early = await vote(h, later.id, { optionIds: [later.options[0]!.id], voterToken: voterToken() });
    assert.equal(early.statusCode, 409);
    assert.equal(errorCode(early), 'COURTYARD_POLL_NOT_OPEN');
    assert.equal((await publicGet(h, `/polls/${later.id}`)).json().state, 'scheduled');

    const poll = await createPoll(h, {});
    const closed = await staffRequest(h, 'POST', `/polls/${poll.id}/close`);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().state, 'closed');
    const late = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() });
    assert.equal(late.statusCode, 409);
    assert.equal(errorCode(late), 'COURTYARD_POLL_CLOSED');
    assert.equal((await staffRequest(h, 'POST', `/polls/${poll.id}/close`)).statusCode, 409);

    // A schedule that ended in the database's past: closed without anyone closing it.
    const ended = await createPoll(h, {});
    await h.app.db.execute(
      sql`update polls set opens_at = now() - interval '2 hours', closes_at = now() - interval '1 hour' where id = ${ended.id}`,
    );
    const afterEnd = await vote(h, ended.id, { optionIds: [ended.options[0]!.id], voterToken: voterToken() });
    assert.equal(errorCode(afterEnd), 'COURTYARD_POLL_CLOSED');
    const count = await h.app.db.execute(
      sql`select count(*)::int as n from poll_ballots where poll_id in (${later.id}, ${poll.id}, ${ended.id})`,
    );
    const rows = Array.isArray(count) ? count : (count as { rows: { n: number }[] }).rows;
    assert.equal((rows[0] as { n: number }).n, 0);
  });

  it("answers 404 for another community's poll, on every public route", async () => {
    const other = await pollHarness(h.app);
    const poll = await createPoll(other, {});
    for (const path of [
      `/polls/${poll.id}`,
      `/polls/${poll.id}/results`,
      `/polls/${poll.id}/ballot?code=ABCDE-FGHJK`,
    ]) {
      const response = await publicGet(h, path);
      assert.equal(response.statusCode, 404, path);
    }
    const response = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() });
    assert.equal(response.statusCode, 404);
    assert.equal((await staffRequest(h, 'GET', `/polls/${poll.id}`)).statusCode, 404);
  });

  it('shows results by visibility: always, after voting (with the receipt), after close, staff only', async () => {
    const make = (visibility: string) => createPoll(h, { visibility });
    const afterVoting = await make('after-voting');
    assert.equal(errorCode(await publicGet(h, `/polls/${afterVoting.id}/results`)), 'COURTYARD_POLL_RESULTS_HIDDEN');
    const receipt = (
      await vote(h, afterVoting.id, { optionIds: [afterVoting.options[0]!.id], voterToken: voterToken() })
    ).json().receipt;
    const unlocked = await publicGet(h, `/polls/${afterVoting.id}/results?receipt=${receipt}`);
    assert.equal(unlocked.statusCode, 200);
    assert.equal(unlocked.json().ballots, 1);
    const otherReceipt = await publicGet(h, `/polls/${afterVoting.id}/results?receipt=${'x'.repeat(22)}`);
    assert.equal(otherReceipt.statusCode, 403);

    const afterClose = await make('after-close');
    const r2 = (
      await vote(h, afterClose.id, { optionIds: [afterClose.options[0]!.id], voterToken: voterToken() })
    ).json().receipt;
    assert.equal((await publicGet(h, `/polls/${afterClose.id}/results?receipt=${r2}`)).statusCode, 403);
    await staffRequest(h, 'POST', `/polls/${afterClose.id}/close`);
    assert.equal((await publicGet(h, `/polls/${afterClose.id}/results`)).statusCode, 200);

    const staffOnly = await make('staff-only');
    await staffRequest(h, 'POST', `/polls/${staffOnly.id}/close`);
    assert.equal((await publicGet(h, `/polls/${staffOnly.id}/results`)).statusCode, 403);
    assert.equal((await staffRequest(h, 'GET', `/polls/${staffOnly.id}/results`)).statusCode, 200);
  });

  it('audits every staff action: create, patch, close', async () => {
    const poll = await createPoll(h, {});
    const patched = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { title: '新标题', visibility: 'after-close' });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().title, '新标题');
    const bad = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { closesAt: '2000-01-01T00:00:00Z' });
    assert.equal(bad.statusCode, 400);
    await staffRequest(h, 'POST', `/polls/${poll.id}/close`);
    const rows = await h.app.db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(sql`${auditLog.subjectId} = ${poll.id}`)
      .orderBy(auditLog.id);
    assert.deepEqual(
      rows.map((r) => r.action),
      ['poll.created', 'poll.updated', 'poll.closed'],
    );
    assert.deepEqual(rows[1]!.after, { title: '新标题', visibility: 'after-close' });
  });

  it('refuses staff requests without a session', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/admin/api/polls' });
    assert.equal(response.statusCode, 401);
  });

  it('tallies equal the ballots after a load of mixed votes', async () => {
    const poll = await createPoll(h, {
      selection: 'multiple',
      maxChoices: 3,
      options: [{ label: 'A' }, { label: 'B' }, { label: 'C' }, { label: 'D' }],
    });
    const ids = poll.options.map((o) => o.id);
    const expected = [0, 0, 0, 0];
    const votes = [];
    for (let i = 0; i < 60; i++) {
      const chosen = ids.filter((_, index) => (i >> index) % 2 === 1 || index === i % 4).slice(0, 3);
      for (const id of chosen) expected[ids.indexOf(id)]! += 1;
      votes.push(vote(h, poll.id, { optionIds: chosen, voterToken: voterToken() }));
    }
    const responses = await Promise.all(votes);
    assert.ok(responses.every((r) => r.statusCode === 201));
    const results = (await publicGet(h, `/polls/${poll.id}/results`)).json();
    assert.equal(results.ballots, 60);
    assert.deepEqual(
      results.options.map((o: { votes: number }) => o.votes),
      expected,
    );
    const stored = await h.app.db
      .select({ n: sql<number>`count(*)::int` })
      .from(pollBallots)
      .where(sql`poll_id = ${poll.id}`);
    assert.equal(stored[0]!.n, 60);
  });
});

describe('polls: ballot codes', () => {
  let harness: TestApp;
  let h: PollHarness;
  let unitId: string;
  let buildingId: string;
  before(async () => {
    ({ harness, h } = await pollTestApp({ env: NO_PUBLIC_LIMITS }));
    const building = await createBuilding(h.app.db, {
      communityId: h.communityId,
      name: '1号楼',
      units: [
        { name: '1单元', rooms: ['101', '102', '201'] },
        { name: '2单元', rooms: ['101'] },
      ],
    });
    buildingId = building.id;
    const units = await h.app.db.execute(
      sql`select id, name from units where building_id = ${building.id} order by name`,
    );
    const rows = (Array.isArray(units) ? units : (units as { rows: unknown[] }).rows) as { id: string }[];
    unitId = rows[0]!.id;
  });
  after(() => harness.close());

  it('issues one code per household of a scope, once, stored only as an HMAC; the ballot shows the household', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code', scope: { type: 'unit', unitId } });
    const codes = await issueCodes(h, poll.id, { scope: { type: 'unit', unitId } });
    assert.deepEqual(
      codes.map((c) => c.label),
      ['1号楼 1单元 101', '1号楼 1单元 102', '1号楼 1单元 201'],
    );
    for (const code of codes) {
      assert.match(code.code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      assert.ok(code.url.endsWith(`/p/${h.siteKey}/polls/${poll.id}?code=${code.code}`), code.url);
    }
    const stored = await h.app.db.select().from(pollBallotCodes).where(sql`poll_id = ${poll.id}`);
    const everything = JSON.stringify(stored);
    for (const code of codes) {
      assert.ok(
        !everything.includes(code.code) && !everything.includes(code.code.replace('-', '')),
        'no plain code stored',
      );
    }
    // Issuing again for the same scope finds no household without a code.
    assert.equal(
      (await staffRequest(h, 'POST', `/polls/${poll.id}/ballot-codes`, { scope: { type: 'unit', unitId } })).statusCode,
      409,
    );
    // A scope outside the poll's unit is refused.
    const outside = await staffRequest(h, 'POST', `/polls/${poll.id}/ballot-codes`, {
      scope: { type: 'building', buildingId },
    });
    assert.equal(outside.statusCode, 400);

    const ballot = await publicGet(h, `/polls/${poll.id}/ballot?code=${codes[0]!.code.toLowerCase()}`);
    assert.equal(ballot.statusCode, 200, ballot.body);
    assert.deepEqual(ballot.json(), {
      label: '1号楼 1单元 101',
      used: false,
      floorArea: null,
      floor: null,
      costSharePercent: null,
      floorShares: [],
    });
    assert.equal(ballot.headers['cache-control'], 'no-store');
  });

  it('redeems a code once; a used code says so; a code of another poll or a revoked one is refused', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    const otherPoll = await createPoll(h, { eligibility: 'ballot-code' });
    const [code] = await issueCodes(h, poll.id, { scope: { type: 'community' }, count: 2 });
    const [foreign] = await issueCodes(h, otherPoll.id, { scope: { type: 'community' }, count: 1 });
    const yes = poll.options[0]!.id;
    const first = await vote(h, poll.id, { optionIds: [yes], ballotCode: code!.code });
    assert.equal(first.statusCode, 201, first.body);
    const again = await vote(h, poll.id, { optionIds: [yes], ballotCode: code!.code });
    assert.equal(again.statusCode, 409);
    assert.equal(errorCode(again), 'COURTYARD_BALLOT_CODE_USED');
    assert.equal((await publicGet(h, `/polls/${poll.id}/ballot?code=${code!.code}`)).json().used, true);
    const wrongPoll = await vote(h, poll.id, { optionIds: [yes], ballotCode: foreign!.code });
    assert.equal(errorCode(wrongPoll), 'COURTYARD_BALLOT_CODE_INVALID');
    const device = await vote(h, poll.id, { optionIds: [yes], voterToken: voterToken() });
    assert.equal(errorCode(device), 'COURTYARD_POLL_CREDENTIAL_REQUIRED');
  });

  it('revokes a lost code and reissues one for the same household; the old code no longer votes', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code', scope: { type: 'building', buildingId } });
    const codes = await issueCodes(h, poll.id, { scope: { type: 'unit', unitId } });
    const lost = codes[1]!;
    const reissued = await staffRequest(h, 'POST', `/polls/${poll.id}/ballot-codes/${lost.id}/reissue`);
    assert.equal(reissued.statusCode, 201, reissued.body);
    const fresh = reissued.json().items[0];
    assert.equal(fresh.label, lost.label);
    assert.notEqual(fresh.code, lost.code);
    const old = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], ballotCode: lost.code });
    assert.equal(errorCode(old), 'COURTYARD_BALLOT_CODE_INVALID');
    assert.equal(
      (await vote(h, poll.id, { optionIds: [poll.options[0]!.id], ballotCode: fresh.code })).statusCode,
      201,
    );
    const again = await staffRequest(h, 'POST', `/polls/${poll.id}/ballot-codes/${fresh.id}/reissue`);
    assert.equal(again.statusCode, 409, 'a used code is not reissued');
    const list = (await staffRequest(h, 'GET', `/polls/${poll.id}/ballot-codes`)).json().items;
    assert.equal(list.length, 4);
    assert.equal(list.filter((c: { revoked: boolean }) => c.revoked).length, 1);
    assert.ok(!JSON.stringify(list).includes(fresh.code));
  });

  it('rate-limits wrong codes per address', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await h.app.inject({
        method: 'GET',
        url: `/api/v1/sites/${h.siteKey}/polls/${poll.id}/ballot?code=ZZZZZ-ZZZ${String(i).padStart(2, '0')}`,
        remoteAddress: '203.0.113.9',
      });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(404));
    assert.equal(statuses[21], 429);
    const [code] = await issueCodes(h, poll.id, { scope: { type: 'community' }, count: 1 });
    const blocked = await h.app.inject({
      method: 'GET',
      url: `/api/v1/sites/${h.siteKey}/polls/${poll.id}/ballot?code=${code!.code}`,
      remoteAddress: '203.0.113.9',
    });
    assert.equal(blocked.statusCode, 429, 'even a right code waits out the block');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
  });

  it('enters a paper ballot against a code, audited; the code is then used', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    const [code] = await issueCodes(h, poll.id, {
      scope: { type: 'community' },
      households: [{ label: '3单元 501', area: 88.6 }],
    });
    const paper = await staffRequest(h, 'POST', `/polls/${poll.id}/paper-ballots`, {
      ballotCode: code!.code,
      optionIds: [poll.options[1]!.id],
    });
    assert.equal(paper.statusCode, 201, paper.body);
    assert.equal(paper.json().label, '3单元 501');
    const online = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], ballotCode: code!.code });
    assert.equal(errorCode(online), 'COURTYARD_BALLOT_CODE_USED');
    const audits = await h.app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(sql`${auditLog.subjectId} = ${poll.id}`);
    assert.ok(audits.some((a) => a.action === 'poll.paper_ballot_entered'));
    assert.ok(audits.some((a) => a.action === 'poll.ballot_codes_issued'));
    assert.ok(!JSON.stringify(await h.app.db.select().from(auditLog)).includes(code!.code), 'codes never audited');
  });

  it('prints a code sheet: HTML with a print stylesheet, QR codes as data: images, no script', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    const response = await staffRequest(h, 'POST', `/polls/${poll.id}/ballot-codes/sheet`, {
      scope: { type: 'community' },
      households: [
        { label: '1单元 101', area: 60.5 },
        { label: '1单元 102', area: 70 },
      ],
    });
    assert.equal(response.statusCode, 201);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(String(response.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(response.headers['cache-control'], 'no-store');
    const html = response.body;
    assert.equal((html.match(/<img class="qr" src="data:image\/svg\+xml;base64,/g) ?? []).length, 2);
    assert.match(html, /<link rel="stylesheet" href="\/p\/code-sheet.css">/);
    assert.doesNotMatch(html, /<script|style=/);
    const codes = html.match(/<p class="code" lang="en">([0-9A-Z]{5}-[0-9A-Z]{5})<\/p>/g);
    assert.equal(codes?.length, 2);
    const css = await h.app.inject({ method: 'GET', url: '/p/code-sheet.css' });
    assert.match(css.body, /@media print/);
    // The printed codes vote.
    const code = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(codes![0]!)![1]!;
    assert.equal((await vote(h, poll.id, { optionIds: [poll.options[0]!.id], ballotCode: code })).statusCode, 201);
  });
});
