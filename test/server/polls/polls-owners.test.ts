import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildings, households, units } from '../../../packages/server/src/db/schema.js';
import { decideOwners, toCents } from '../../../packages/server/src/polls/owners-rule.js';
import type { TestApp } from '../../support/app.js';
import { createPoll, issueCodes, type PollHarness, pollTestApp, publicGet, vote } from '../../support/poll-fixtures.js';

// A stairwell of 12 households: six of 120 m² and six of 60 m², 1,080 m² in all (areas in hundredths).
const eligible = { households: 12, areaCents: 108_000 };
const m2 = (value: number) => value * 100;

describe("owners' decisions (Civil Code art. 278)", () => {
  it('misses the quorum by area while meeting it by households', () => {
    // 8 of 12 households take part (exactly 2/3), but the six small flats and two large: 600 of 1,080 m² (55.6%).
    const participating = { households: 8, areaCents: m2(6 * 60 + 2 * 120) };
    const outcome = decideOwners('majority', eligible, participating, participating);
    assert.deepEqual(outcome, { quorumMet: false, approved: true, passed: false });
  });

  it('misses the quorum by households while meeting it by area', () => {
    // 7 of 12 households (58%), but all six large flats and one small: 780 of 1,080 m² (72%).
    const participating = { households: 7, areaCents: m2(6 * 120 + 60) };
    assert.equal(decideOwners('majority', eligible, participating, participating).quorumMet, false);
  });

  it('meets the quorum at exactly two thirds of both (以上 includes the bound)', () => {
    const participating = { households: 8, areaCents: m2(720) };
    assert.equal(decideOwners('majority', eligible, participating, participating).quorumMet, true);
    const justUnder = { households: 8, areaCents: m2(720) - 1 };
    assert.equal(decideOwners('majority', eligible, justUnder, justUnder).quorumMet, false);
  });

  it('needs more than half of participating households AND area: exactly half of the households fails', () => {
    const everyone = eligible;
    // The six large flats approve: 720 of 1,080 m² is a majority of area, but 6 of 12 is not more than half.
    const largeOnly = { households: 6, areaCents: m2(720) };
    assert.deepEqual(decideOwners('majority', eligible, everyone, largeOnly), {
      quorumMet: true,
      approved: false,
      passed: false,
    });
    // Add one small flat: 7 households and 780 m² — passes.
    assert.equal(decideOwners('majority', eligible, everyone, { households: 7, areaCents: m2(780) }).passed, true);
  });

  it('needs three quarters of both for the special matters (items 6–8)', () => {
    const everyone = eligible;
    // 9 of 12 households (exactly 3/4) holding 900 m² (83%): passes.
    assert.equal(
      decideOwners('three-quarters', eligible, everyone, { households: 9, areaCents: m2(900) }).passed,
      true,
    );
    // 9 households again, but the six small and three large flats: 720 m² (66.7%) — fails on area.
    const smallMostly = { households: 9, areaCents: m2(6 * 60 + 3 * 120) };
    assert.deepEqual(decideOwners('three-quarters', eligible, everyone, smallMostly), {
      quorumMet: true,
      approved: false,
      passed: false,
    });
    // The same ballots pass a simple-majority matter.
    assert.equal(decideOwners('majority', eligible, everyone, smallMostly).passed, true);
  });

  it('reads decimals exactly', () => {
    assert.equal(toCents('88.60'), 8860);
    assert.equal(toCents('0.07'), 7);
    assert.equal(toCents('1234'), 123400);
    assert.equal(toCents(null), 0);
  });
});

describe("owners' decisions through the API: floor areas from the households table, cost shares", () => {
  let harness: TestApp;
  let h: PollHarness;
  let unitId: string;
  before(async () => {
    ({ harness, h } = await pollTestApp({
      env: { COURTYARD_RATE_IP_HARD: '100000', COURTYARD_RATE_IP_SOFT: '100000' },
    }));
    const [building] = await h.app.db
      .insert(buildings)
      .values({ communityId: h.communityId, name: '3号楼' })
      .returning();
    const [unit] = await h.app.db
      .insert(units)
      .values({ communityId: h.communityId, buildingId: building!.id, name: '2单元' })
      .returning();
    unitId = unit!.id;
    // Six floors, two flats a floor: x01 is 120 m², x02 is 60 m².
    for (let floor = 1; floor <= 6; floor++) {
      for (const [flat, area] of [
        ['01', '120.00'],
        ['02', '60.00'],
      ] as const) {
        await h.app.db
          .insert(households)
          .values({ communityId: h.communityId, unitId, room: `${floor}${flat}`, floor, floorArea: area });
      }
    }
  });
  after(() => harness.close());

  async function ownersPoll(approvalRule: 'majority' | 'three-quarters') {
    const poll = await createPoll(h, {
      title: '3号楼2单元加装电梯',
      decision: 'owners',
      approvalRule,
      scope: { type: 'unit', unitId },
      options: [{ label: '同意', approves: true }, { label: '不同意' }, { label: '弃权' }],
      costShares: {
        basis: 'floor',
        rows: [1, 2, 3, 4, 5, 6].map((floor) => ({ floor, percent: [0, 8, 14, 20, 26, 32][floor - 1]! })),
      },
    });
    const codes = await issueCodes(h, poll.id, { scope: { type: 'unit', unitId } });
    const byRoom = new Map(codes.map((code) => [code.label.split(' ').at(-1)!, code.code]));
    const [yes, no, abstain] = poll.options.map((option) => option.id);
    return { poll, byRoom, yes: yes!, no: no!, abstain: abstain! };
  }

  it("shows a household its own cost share (its floor's divided among the floor's households) and the floor table", async () => {
    const { poll, byRoom } = await ownersPoll('majority');
    const ballot = (await publicGet(h, `/polls/${poll.id}/ballot?code=${byRoom.get('601')}`)).json();
    const floorShares = [0, 8, 14, 20, 26, 32].map((percent, index) => ({ floor: index + 1, percent, households: 2 }));
    assert.deepEqual(ballot, {
      label: '3号楼 2单元 601',
      used: false,
      floorArea: 120,
      floor: 6,
      costSharePercent: 16,
      floorShares,
    });
    // Every household's own share adds up to the whole cost, not to twice it.
    let total = 0;
    for (const code of byRoom.values()) {
      total += (await publicGet(h, `/polls/${poll.id}/ballot?code=${code}`)).json().costSharePercent;
    }
    assert.equal(total, 100);
  });

  it('reports quorum missed by area though met by households, with the four figures', async () => {
    const { poll, byRoom, yes, no } = await ownersPoll('majority');
    // All six small flats and two large ones vote: 8 of 12 households, 600 of 1,080 m².
    const voters = ['102', '202', '302', '402', '502', '602', '101', '201'];
    for (const [index, room] of voters.entries()) {
      const response = await vote(h, poll.id, { optionIds: [index < 6 ? yes : no], ballotCode: byRoom.get(room) });
      assert.equal(response.statusCode, 201, response.body);
    }
    const results = (await publicGet(h, `/polls/${poll.id}/results`)).json();
    assert.deepEqual(results.owners, {
      rule: 'majority',
      eligible: { households: 12, area: 1080 },
      participating: { households: 8, area: 600 },
      approving: { households: 6, area: 360 },
      quorumMet: false,
      passed: false,
    });
    assert.deepEqual(
      results.options.map((o: { votes: number; area: number }) => [o.votes, o.area]),
      [
        [6, 360],
        [2, 240],
        [0, 0],
      ],
    );
  });

  it('passes a majority matter with more than half of both, abstentions counting as participation', async () => {
    const { poll, byRoom, yes, no, abstain } = await ownersPoll('majority');
    const plan: [string, string][] = [
      ['101', yes],
      ['201', yes],
      ['301', yes],
      ['401', yes],
      ['501', yes],
      ['601', yes],
      ['102', yes],
      ['202', no],
      ['302', no],
      ['402', abstain],
    ];
    for (const [room, option] of plan) {
      assert.equal((await vote(h, poll.id, { optionIds: [option], ballotCode: byRoom.get(room) })).statusCode, 201);
    }
    const owners = (await publicGet(h, `/polls/${poll.id}/results`)).json().owners;
    assert.deepEqual(owners.participating, { households: 10, area: 960 });
    assert.deepEqual(owners.approving, { households: 7, area: 780 });
    assert.equal(owners.quorumMet, true);
    assert.equal(owners.passed, true);
  });

  it('fails a three-quarters matter that the same ballots would pass by majority', async () => {
    const { poll, byRoom, yes, no } = await ownersPoll('three-quarters');
    for (const room of ['101', '201', '301', '401', '501', '601', '102']) {
      await vote(h, poll.id, { optionIds: [yes], ballotCode: byRoom.get(room) });
    }
    for (const room of ['202', '302', '402']) await vote(h, poll.id, { optionIds: [no], ballotCode: byRoom.get(room) });
    const owners = (await publicGet(h, `/polls/${poll.id}/results`)).json().owners;
    // 7 of 10 households (70% < 75%) though 780 of 960 m² (81%).
    assert.deepEqual(owners.approving, { households: 7, area: 780 });
    assert.equal(owners.quorumMet, true);
    assert.equal(owners.passed, false);
  });

  it("refuses an owners' decision without ballot codes, an approving option, or floor areas", async () => {
    const device = await h.app.inject({
      method: 'POST',
      url: '/admin/api/polls',
      headers: { cookie: h.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({
        title: 'x',
        decision: 'owners',
        eligibility: 'device',
        options: [{ label: 'a', approves: true }, { label: 'b' }],
      }),
    });
    assert.equal(device.statusCode, 400);
    const noApprove = await h.app.inject({
      method: 'POST',
      url: '/admin/api/polls',
      headers: { cookie: h.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x', decision: 'owners', options: [{ label: 'a' }, { label: 'b' }] }),
    });
    assert.equal(noApprove.statusCode, 400);
    const poll = await createPoll(h, { decision: 'owners' });
    const count = await h.app.inject({
      method: 'POST',
      url: `/admin/api/polls/${poll.id}/ballot-codes`,
      headers: { cookie: h.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ scope: { type: 'community' }, count: 3 }),
    });
    assert.equal(count.statusCode, 400, 'anonymous codes carry no floor area');
  });
});
