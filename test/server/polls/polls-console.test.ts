// What the console's Polls screen needs from the staff API beyond the polls issue: editing a poll's rules
// before it is in use, QR codes with the issued codes, and the buildings/units to scope a poll to.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, households } from '../../../packages/server/src/db/schema.js';
import type { TestApp } from '../../support/app.js';
import { createBuilding } from '../../support/fixtures.js';
import {
  createPoll,
  issueCodes,
  type PollHarness,
  pollHarness,
  pollTestApp,
  staffRequest,
  vote,
  voterToken,
} from '../../support/poll-fixtures.js';

describe('staff API for the console: poll rules, QR codes, scopes', () => {
  let harness: TestApp;
  let h: PollHarness;
  let other: PollHarness;
  let unitId: string;
  let buildingId: string;

  before(async () => {
    ({ harness, h } = await pollTestApp({
      env: { COURTYARD_RATE_IP_HARD: '100000', COURTYARD_RATE_IP_SOFT: '100000' },
    }));
    other = await pollHarness(harness.app);
    const building = await createBuilding(h.app.db, {
      communityId: h.communityId,
      name: '3号楼',
      units: [
        { name: '2单元', rooms: ['101', '102', '201'] },
        { name: '1单元', sortOrder: -1 },
      ],
    });
    buildingId = building.id;
    const unit = await h.app.db.query.units.findFirst({ where: (u, { eq }) => eq(u.name, '2单元') });
    unitId = unit!.id;
    await h.app.db
      .update(households)
      .set({ floorArea: '88.50' })
      .where(and(eq(households.unitId, unitId), eq(households.room, '101')));
    await createBuilding(other.app.db, {
      communityId: other.communityId,
      name: '别的小区1号楼',
      units: [{ name: 'A' }],
    });
  });
  after(() => harness.close());

  it("changes a poll's options, decision and cost shares before any code is issued, and audits it", async () => {
    const poll = await createPoll(h, {
      title: '换电梯',
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      options: [{ label: '是' }, { label: '否' }],
    });
    const response = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, {
      title: '3号楼2单元换电梯',
      decision: 'owners',
      approvalRule: 'three-quarters',
      scope: { type: 'unit', unitId },
      options: [{ label: '同意', approves: true }, { label: '不同意' }, { label: '弃权' }],
      costShares: {
        basis: 'floor',
        rows: [
          { floor: 1, percent: 40 },
          { floor: 2, percent: 60 },
        ],
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const changed = response.json();
    assert.equal(changed.title, '3号楼2单元换电梯');
    assert.equal(changed.eligibility, 'ballot-code', "owners' decisions switch to ballot codes");
    assert.equal(changed.decision, 'owners');
    assert.equal(changed.approvalRule, 'three-quarters');
    assert.deepEqual(changed.scope, { type: 'unit', buildingId, unitId });
    assert.deepEqual(
      changed.options.map((o: { label: string; approves: boolean }) => [o.label, o.approves]),
      [
        ['同意', true],
        ['不同意', false],
        ['弃权', false],
      ],
    );
    assert.deepEqual(changed.costShares, {
      basis: 'floor',
      rows: [
        { floor: 1, percent: 40 },
        { floor: 2, percent: 60 },
      ],
    });
    const again = (await staffRequest(h, 'GET', `/polls/${poll.id}`)).json();
    assert.deepEqual(again.options, changed.options);

    const [entry] = await h.app.db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(sql`${auditLog.subjectId} = ${poll.id}`, eq(auditLog.action, 'poll.updated')));
    assert.ok(entry, 'the change is in the audit log');
    assert.equal((entry.before as { decision: string }).decision, 'none');
    assert.equal((entry.after as { decision: string }).decision, 'owners');
    assert.equal((entry.after as { options: unknown[] }).options.length, 3);

    const cleared = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { costShares: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().costShares, null);
  });

  it('refuses to change the rules once codes were issued, and changes nothing', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    await issueCodes(h, poll.id, { scope: { type: 'community' }, count: 2 });
    const response = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, {
      title: '新标题',
      options: [{ label: 'A' }, { label: 'B' }],
    });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'COURTYARD_CONFLICT');
    const unchanged = (await staffRequest(h, 'GET', `/polls/${poll.id}`)).json();
    assert.equal(unchanged.title, '是否加装电梯？');
    assert.deepEqual(
      unchanged.options.map((o: { label: string }) => o.label),
      ['同意', '不同意'],
    );
    // The title alone may still change.
    assert.equal((await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { title: '新标题' })).statusCode, 200);
  });

  it('refuses to change the rules of an open device poll, or of one that has votes', async () => {
    const poll = await createPoll(h, {});
    const open = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { selection: 'multiple', maxChoices: 2 });
    assert.equal(open.statusCode, 409, 'a device vote may arrive at any moment');
    const voted = await vote(h, poll.id, { optionIds: [poll.options[0]!.id], voterToken: voterToken() });
    assert.equal(voted.statusCode, 201, voted.body);
    // Moving the opening into the future does not unfreeze the rules: a ballot exists.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    assert.equal((await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { opensAt: later })).statusCode, 200);
    const response = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, { options: [{ label: 'A' }, { label: 'B' }] });
    assert.equal(response.statusCode, 409);
    const unchanged = (await staffRequest(h, 'GET', `/polls/${poll.id}`)).json();
    assert.equal(unchanged.selection, 'single');
    assert.deepEqual(
      unchanged.options.map((o: { label: string }) => o.label),
      ['同意', '不同意'],
    );
  });

  it('answers bad rule changes with a 400 in the error shape, and another community’s poll with 404', async () => {
    const poll = await createPoll(h, {
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      options: [{ label: '是' }, { label: '否' }],
    });
    const cases: [unknown, number][] = [
      [{ decision: 'owners', eligibility: 'device' }, 400],
      [{ decision: 'owners' }, 400], // no option approves
      [{ selection: 'multiple', maxChoices: 3 }, 400], // more than the two options
      [{ options: [{ label: '只有一个' }] }, 400],
      [
        {
          options: [
            { label: 'A', isOther: true },
            { label: 'B', isOther: true },
          ],
        },
        400,
      ],
      [{ scope: { type: 'unit', unitId: '00000000-0000-4000-8000-000000000000' } }, 400],
      [
        { costShares: { basis: 'floor', rows: [{ householdId: '00000000-0000-4000-8000-000000000000', percent: 5 }] } },
        400,
      ],
      [{ options: [{ label: 'A' }, { label: 'B' }], color: 'red' }, 400],
    ];
    for (const [body, status] of cases) {
      const response = await staffRequest(h, 'PATCH', `/polls/${poll.id}`, body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body)} → ${response.body}`);
      assert.match(response.json().error.code, /^COURTYARD_/);
    }
    const unchanged = (await staffRequest(h, 'GET', `/polls/${poll.id}`)).json();
    assert.deepEqual(
      unchanged.options.map((o: { label: string }) => o.label),
      ['是', '否'],
    );
    const foreign = await staffRequest(other, 'PATCH', `/polls/${poll.id}`, {
      options: [{ label: 'A' }, { label: 'B' }],
    });
    assert.equal(foreign.statusCode, 404);
  });

  it('returns each issued or reissued code with its QR code as an SVG data: URL', async () => {
    const poll = await createPoll(h, { eligibility: 'ballot-code' });
    const [code] = await issueCodes(h, poll.id, { scope: { type: 'community' }, households: [{ label: '1-101' }] });
    const qr = (code as unknown as { qrCode: string }).qrCode;
    assert.match(qr, /^data:image\/svg\+xml;base64,/);
    assert.match(Buffer.from(qr.split(',')[1]!, 'base64').toString('utf8'), /^<svg[^>]*viewBox/);
    const reissued = await staffRequest(h, 'POST', `/polls/${poll.id}/ballot-codes/${code!.id}/reissue`);
    assert.equal(reissued.statusCode, 201, reissued.body);
    const [fresh] = reissued.json().items;
    assert.equal(fresh.label, '1-101');
    assert.notEqual(fresh.code, code!.code);
    assert.match(fresh.qrCode, /^data:image\/svg\+xml;base64,/);
  });

  it('lists only this community’s buildings and units, with households on record', async () => {
    const response = await staffRequest(h, 'GET', '/poll-scopes');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      items: [
        {
          id: buildingId,
          name: '3号楼',
          units: [
            { id: response.json().items[0].units[0].id, name: '1单元', households: 0, householdsWithArea: 0 },
            { id: unitId, name: '2单元', households: 3, householdsWithArea: 1 },
          ],
        },
      ],
    });
    const theirs = (await staffRequest(other, 'GET', '/poll-scopes')).json();
    assert.deepEqual(
      theirs.items.map((b: { name: string }) => b.name),
      ['别的小区1号楼'],
    );
    const anonymous = await h.app.inject({ method: 'GET', url: '/admin/api/poll-scopes' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'COURTYARD_UNAUTHENTICATED');
  });
});
