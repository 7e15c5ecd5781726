// What the console's Repairs screen relies on beyond the repair staff API's own tests: the board's filter
// and assignee choices, the next statuses in the detail, and refusals — another community's repairs and
// staff, cross-site writes, bad input — each answering a clear 4xx and writing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, repairRequests, repairUpdates, staffUsers } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { postRepair, type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { makeStaff } from '../../support/staff-fixtures.js';

describe('the console’s repair board API', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;
  let repairId: string;
  let otherRepairId: string;

  const staff = (method: 'GET' | 'POST', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const report = async (community: RepairCommunity) => {
    const response = await postRepair(harness.app, community.site.siteKey, {
      category: community.leak.id,
      buildingId: community.building.id,
      description: '楼道灯不亮',
      answers: { where: 'kitchen' },
      phone: '13800138000',
    });
    assert.equal(response.statusCode, 201, response.body);
    const [row] = await harness.app.db
      .select({ id: repairRequests.id })
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, response.json().trackingCode));
    return row!.id;
  };
  const auditCount = async (subjectId: string) =>
    (await harness.app.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId))).length;
  const updateCount = async (id: string) =>
    (await harness.app.db.select().from(repairUpdates).where(eq(repairUpdates.repairId, id))).length;

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
    other = await repairCommunity(harness.app);
    repairId = await report(place);
    otherRepairId = await report(other);
  });
  after(async () => {
    await harness.close();
  });

  it('gives any staff member the community’s repair services, buildings and active staff, nothing more', async () => {
    const gone = await makeStaff(harness.app.db, place.community.id);
    await harness.app.db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, gone.id));

    const response = await staff('GET', '/repairs/choices');
    assert.equal(response.statusCode, 200, response.body);
    const choices = response.json();
    assert.deepEqual(choices.services.map((service: { slug: string }) => service.slug).sort(), [
      'lighting',
      'water-leak',
    ]);
    const leak = choices.services.find((service: { slug: string }) => service.slug === 'water-leak');
    assert.equal(leak.questions[0].label['zh-CN'], '漏水位置', 'the questions, to label the answers');
    assert.deepEqual(choices.buildings, [{ id: place.building.id, name: '3号楼' }]);
    const assigneeIds = choices.assignees.map((member: { id: string }) => member.id).sort();
    assert.deepEqual(assigneeIds, [place.admin.id, place.worker.id].sort());
    assert.deepEqual(Object.keys(choices.assignees[0]).sort(), ['displayName', 'id'], 'no email or role');
    assert.ok(!response.body.includes(other.worker.id), 'another community’s staff stay out');

    const anonymous = await harness.app.inject({ url: '/admin/api/repairs/choices' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'COURTYARD_UNAUTHENTICATED');
  });

  it('tells the console where a repair may go next, and follows the move', async () => {
    const before = (await staff('GET', `/repairs/${repairId}`)).json();
    assert.equal(before.status, 'received');
    assert.deepEqual(before.nextStatuses, ['acknowledged', 'scheduled', 'in_progress', 'resolved', 'closed']);
    const moved = await staff('POST', `/repairs/${repairId}/updates`, { status: 'resolved', public: true });
    assert.equal(moved.statusCode, 201, moved.body);
    assert.deepEqual(moved.json().nextStatuses, ['in_progress', 'closed', 'reopened']);
    const refused = await staff('POST', `/repairs/${repairId}/updates`, { status: 'received', public: true });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'COURTYARD_INVALID_STATUS_TRANSITION');
  });

  it('answers 404 for every route on another community’s repair, and writes nothing', async () => {
    const photo = '00000000-0000-4000-8000-000000000000';
    const attempts: [method: 'GET' | 'POST', url: string, body?: object][] = [
      ['GET', `/repairs/${otherRepairId}`],
      ['POST', `/repairs/${otherRepairId}/reveal-contact`],
      ['POST', `/repairs/${otherRepairId}/updates`, { note: '看看', public: false }],
      ['POST', `/repairs/${otherRepairId}/assignment`, { assigneeId: place.worker.id }],
      ['GET', `/repairs/${otherRepairId}/photos/${photo}`],
      ['POST', `/repairs/${otherRepairId}/photos/${photo}`, { public: true }],
    ];
    for (const [method, url, body] of attempts) {
      const response = await staff(method, url, body);
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
    }
    assert.ok(!(await staff('GET', '/repairs?limit=200')).body.includes(otherRepairId));
    assert.equal(await auditCount(otherRepairId), 0);
    assert.equal(await updateCount(otherRepairId), 1, 'only the resident’s own "created" entry');
  });

  it('refuses to assign to another community’s staff or a deactivated account', async () => {
    const gone = await makeStaff(harness.app.db, place.community.id);
    await harness.app.db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, gone.id));
    for (const assigneeId of [other.worker.id, gone.id]) {
      const response = await staff('POST', `/repairs/${repairId}/assignment`, { assigneeId });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
    }
    const [row] = await harness.app.db
      .select({ assigneeId: repairRequests.assigneeId })
      .from(repairRequests)
      .where(eq(repairRequests.id, repairId));
    assert.equal(row!.assigneeId, null);
  });

  it('refuses cross-site writes and bad input with the JSON error shape, writing nothing', async () => {
    const before = await updateCount(repairId);
    const auditsBefore = await auditCount(repairId);
    const crossSite = await harness.app.inject({
      method: 'POST',
      url: `/admin/api/repairs/${repairId}/reveal-contact`,
      headers: { cookie: place.workerCookie, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.statusCode, 403, crossSite.body);
    assert.equal(crossSite.json().error.code, 'COURTYARD_CROSS_SITE_REQUEST');
    assert.ok(!crossSite.body.includes('13800138000'));

    const foreignOrigin = await harness.app.inject({
      method: 'POST',
      url: `/admin/api/repairs/${repairId}/updates`,
      headers: { cookie: place.workerCookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      payload: JSON.stringify({ note: '钓鱼', public: true }),
    });
    assert.equal(foreignOrigin.statusCode, 403);

    const bad: object[] = [
      { note: 'x'.repeat(2001), public: true },
      { note: '', public: true },
      { note: '好', public: 'yes' },
      { note: '好', public: true, html: '<b>' },
      { public: true },
      { status: 'done', public: true },
    ];
    for (const body of bad) {
      const response = await staff('POST', `/repairs/${repairId}/updates`, body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body).slice(0, 60)}: ${response.body}`);
      assert.match(response.json().error.code, /^COURTYARD_/);
    }
    assert.equal((await staff('GET', '/repairs/not-a-uuid')).statusCode, 400);
    assert.equal((await staff('GET', '/repairs?assignee=nobody')).statusCode, 400);
    assert.equal(await updateCount(repairId), before);
    assert.equal(await auditCount(repairId), auditsBefore);
  });

  it('audits each reveal with who did it and answers the full number without caching', async () => {
    const response = await staff('POST', `/repairs/${repairId}/reveal-contact`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().phone, '13800138000');
    assert.equal(response.headers['cache-control'], 'no-store');
    const rows = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, repairId), eq(auditLog.action, 'repair.contact_revealed')));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actorId, place.worker.id);
  });
});
