import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { auditLog, events, notices, noticeUpdates } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import {
  multipartBody,
  type RepairCommunity,
  staffRequest,
  withTwoRepairCommunities,
} from '../../support/repair-fixtures.js';

describe('notices for staff: publish, update, close', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;

  before(async () => ({ harness, place, other } = await withTwoRepairCommunities(await buildTestApp())));
  after(() => harness.close());

  const staff = (method: 'GET' | 'POST', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const outage = (extra: object = {}) => ({
    kind: 'outage',
    scope: { type: 'floors', buildingId: place.building.id, floorFrom: 1, floorTo: 5 },
    title: '5号楼1–5层停水',
    body: '一楼厨房水管爆裂，已关闭总阀，正在抢修。',
    expectedEndAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
    ...extra,
  });
  /** Rows a refused request must not have added. */
  const snapshot = async () => {
    const result = (await harness.app.db.execute(
      sql`select (select count(*) from notices)::int as notices, (select count(*) from notice_updates)::int as updates,
        (select count(*) from audit_log)::int as audit, (select count(*) from events)::int as events,
        (select count(*) from photos)::int as photos`,
    )) as unknown;
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    return rows[0] as { notices: number; updates: number; audit: number; events: number; photos: number };
  };

  it('publishes an outage for floors 1–5 of a building: audited, emitted on notice:<id>, with its public page', async () => {
    const response = await staff('POST', '/notices', outage());
    assert.equal(response.statusCode, 201, response.body);
    const notice = response.json();
    assert.equal(notice.kind, 'outage');
    assert.deepEqual(notice.scope, {
      type: 'floors',
      buildingId: place.building.id,
      buildingName: '3号楼',
      unitId: null,
      unitName: null,
      floorFrom: 1,
      floorTo: 5,
    });
    assert.equal(notice.closedAt, null);
    assert.deepEqual(notice.updates, []);
    assert.equal(notice.createdBy, place.worker.id);
    assert.equal(notice.publicUrl, `http://localhost:8080/p/${place.site.siteKey}/notices/${notice.id}`);
    const [entry] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, notice.id), eq(auditLog.action, 'notice.created')));
    assert.equal(entry?.actorId, place.worker.id);
    const emitted = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `notice:${notice.id}`));
    assert.deepEqual(
      emitted.map((event) => event.type),
      ['notice.published'],
    );
    assert.equal((emitted[0]?.payload as { notice?: { title: string } })?.notice?.title, '5号楼1–5层停水');
  });

  it('posts timestamped progress in order, and a retry with the same id is a no-op', async () => {
    const created = (await staff('POST', '/notices', outage())).json();
    const updateId = randomUUID();
    const first = await staff('POST', `/notices/${created.id}/updates`, { id: updateId, text: '维修工已到场' });
    assert.equal(first.statusCode, 201, first.body);
    const retry = await staff('POST', `/notices/${created.id}/updates`, { id: updateId, text: '维修工已到场' });
    assert.equal(retry.statusCode, 200, retry.body);
    const second = await staff('POST', `/notices/${created.id}/updates`, { text: '新管已接好，正在试压' });
    assert.equal(second.statusCode, 201);
    const updates = second.json().updates as { id: string; text: string; at: string }[];
    assert.deepEqual(
      updates.map((update) => update.text),
      ['维修工已到场', '新管已接好，正在试压'],
    );
    assert.ok(new Date(updates[1]?.at as string) > new Date(updates[0]?.at as string));
    const emitted = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `notice:${created.id}`));
    assert.deepEqual(
      emitted.map((event) => event.type),
      ['notice.published', 'notice.updated', 'notice.updated'],
    );
    const audited = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, created.id), eq(auditLog.action, 'notice.updated')));
    assert.equal(audited.length, 2);
  });

  it('posts progress with photos (multipart): residents see them, re-encoded; a file that is no image writes nothing', async () => {
    const created = (await staff('POST', '/notices', outage())).json();
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    const upload = (fields: Record<string, string>, files: { bytes: Uint8Array; filename: string; type: string }[]) =>
      multipartBody(fields, files).then(({ payload, contentType }) =>
        harness.app.inject({
          method: 'POST',
          url: `/admin/api/notices/${created.id}/updates`,
          headers: { cookie: place.workerCookie, 'content-type': contentType },
          payload,
        }),
      );
    const posted = await upload({ text: '抢修现场：新管已接好' }, [
      { bytes: jpeg, filename: 'pipe.jpg', type: 'image/jpeg' },
    ]);
    assert.equal(posted.statusCode, 201, posted.body);
    const [update] = posted.json().updates;
    assert.equal(update.text, '抢修现场：新管已接好');
    assert.equal(update.photos.length, 1);
    const photo = await harness.app.inject({
      url: `/api/v1/sites/${place.site.siteKey}/photos/${update.photos[0].id}`,
    });
    assert.equal(photo.statusCode, 200);
    assert.match(String(photo.headers['content-type']), /^image\//);
    const elsewhere = await harness.app.inject({
      url: `/api/v1/sites/${other.site.siteKey}/photos/${update.photos[0].id}`,
    });
    assert.equal(elsewhere.statusCode, 404, 'another community’s site does not serve it');
    const publicView = (
      await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/notices/${created.id}` })
    ).json();
    assert.deepEqual(publicView.updates[0].photos, update.photos);

    const before = await snapshot();
    const notImage = await upload({ text: '坏图' }, [
      { bytes: Buffer.from('not an image'), filename: 'x.jpg', type: 'image/jpeg' },
    ]);
    assert.equal(notImage.statusCode, 415, notImage.body);
    const tooMany = await upload(
      { text: '太多' },
      Array.from({ length: 4 }, () => ({ bytes: jpeg, filename: 'p.jpg', type: 'image/jpeg' })),
    );
    assert.equal(tooMany.statusCode, 400, tooMany.body);
    assert.equal(tooMany.json().error.code, 'COURTYARD_TOO_MANY_PHOTOS');
    const noText = await upload({}, [{ bytes: jpeg, filename: 'p.jpg', type: 'image/jpeg' }]);
    assert.equal(noText.statusCode, 400);
    assert.deepEqual(await snapshot(), before);
  });

  it('closes with its closing words; a closed notice takes no update and no second close (409, nothing written)', async () => {
    const created = (await staff('POST', '/notices', outage())).json();
    const closed = await staff('POST', `/notices/${created.id}/close`, { closingText: '02:00 已恢复供水' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().closingText, '02:00 已恢复供水');
    assert.ok(closed.json().closedAt);
    const before = await snapshot();
    const again = await staff('POST', `/notices/${created.id}/close`, { closingText: '再次关闭' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'COURTYARD_CONFLICT');
    const late = await staff('POST', `/notices/${created.id}/updates`, { text: '迟到的进展' });
    assert.equal(late.statusCode, 409);
    assert.deepEqual(await snapshot(), before);
    const listed = (await staff('GET', '/notices?state=closed')).json();
    assert.ok(listed.items.some((item: { id: string }) => item.id === created.id));
    const open = (await staff('GET', '/notices?state=open')).json();
    assert.ok(!open.items.some((item: { id: string }) => item.id === created.id));
  });

  it('lists newest first, a page at a time', async () => {
    const a = (await staff('POST', '/notices', outage({ title: '甲' }))).json();
    const b = (await staff('POST', '/notices', outage({ title: '乙' }))).json();
    const page = (await staff('GET', '/notices?limit=1')).json();
    assert.deepEqual(
      page.items.map((item: { id: string }) => item.id),
      [b.id],
    );
    assert.ok(page.nextCursor);
    const next = (await staff('GET', `/notices?limit=1&cursor=${page.nextCursor}`)).json();
    assert.deepEqual(
      next.items.map((item: { id: string }) => item.id),
      [a.id],
    );
  });

  it('refuses bad input with a 400 in the error shape and writes nothing', async () => {
    const before = await snapshot();
    const bad: object[] = [
      outage({ scope: { type: 'floors', buildingId: place.building.id, floorFrom: 5, floorTo: 1 } }),
      outage({ scope: { type: 'floors', buildingId: place.building.id } }),
      outage({ scope: { type: 'building', buildingId: place.building.id, floorFrom: 1, floorTo: 2 } }),
      outage({ scope: { type: 'community', buildingId: place.building.id } }),
      outage({ scope: { type: 'unit' } }),
      outage({ scope: { type: 'building', buildingId: other.building.id } }),
      outage({ scope: { type: 'unit', unitId: other.unit.id } }),
      outage({ scope: { type: 'unit', buildingId: place.building.id, unitId: other.unit.id } }),
      outage({ startsAt: '2026-12-06T20:30:00+08:00', expectedEndAt: '2026-12-06T20:00:00+08:00' }),
      outage({ kind: 'flood' }),
      outage({ title: '' }),
      outage({ title: '长'.repeat(121) }),
      outage({ colour: 'red' }),
      outage({ scope: { type: 'floors', buildingId: place.building.id, floorFrom: 1, floorTo: 999 } }),
    ];
    for (const body of bad) {
      const response = await staff('POST', '/notices', body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
    }
    const created = (await staff('POST', '/notices', outage())).json();
    const after1 = await snapshot();
    for (const body of [{ text: '' }, { text: 'x'.repeat(2001) }, { text: '好', extra: 1 }, {}]) {
      const response = await staff('POST', `/notices/${created.id}/updates`, body);
      assert.equal(response.statusCode, 400, response.body);
    }
    assert.equal((await staff('POST', `/notices/${created.id}/close`, {})).statusCode, 400);
    assert.equal((await staff('GET', '/notices?cursor=not-a-cursor')).statusCode, 400);
    assert.deepEqual(await snapshot(), after1);
    assert.equal(after1.notices, before.notices + 1);
  });

  it('links the repair that caused it, only a repair of the same community', async () => {
    const report = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/repairs`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: JSON.stringify({
        category: place.leak.id,
        buildingId: place.building.id,
        unitId: place.unit.id,
        room: '101',
        description: '厨房水管爆了',
        answers: { where: 'kitchen' },
        name: '王阿姨',
        phone: '13800138000',
      }),
    });
    assert.equal(report.statusCode, 201, report.body);
    const list = (await staff('GET', '/repairs?limit=200')).json();
    const repairId = list.items.find(
      (item: { trackingCode: string }) => item.trackingCode === report.json().trackingCode,
    ).id;
    const linked = await staff('POST', '/notices', outage({ repairId }));
    assert.equal(linked.statusCode, 201, linked.body);
    assert.equal(linked.json().repairId, repairId);
    const before = await snapshot();
    const foreign = await staff(
      'POST',
      '/notices',
      outage({ repairId, scope: { type: 'community' } }),
      other.workerCookie,
    );
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.json().error.message, /repairId/);
    assert.deepEqual(await snapshot(), before);
  });

  it("keeps each community's notices apart: another community's staff get 404 and write nothing", async () => {
    const created = (await staff('POST', '/notices', outage())).json();
    const before = await snapshot();
    const otherStaff = (method: 'GET' | 'POST', url: string, body?: object) =>
      staff(method, url, body, other.adminCookie);
    assert.equal((await otherStaff('GET', `/notices/${created.id}`)).statusCode, 404);
    assert.equal((await otherStaff('POST', `/notices/${created.id}/updates`, { text: '冒充' })).statusCode, 404);
    assert.equal((await otherStaff('POST', `/notices/${created.id}/close`, { closingText: '冒充' })).statusCode, 404);
    const offerPath = `/notices/${created.id}/offers/${randomUUID()}/moderation`;
    assert.equal((await otherStaff('POST', offerPath, { action: 'publish' })).statusCode, 404);
    // A client-made id already used by another community is a conflict, never that community's notice.
    const taken = await otherStaff('POST', '/notices', { ...outage(), id: created.id, scope: { type: 'community' } });
    assert.equal(taken.statusCode, 409);
    const list = (await otherStaff('GET', '/notices')).json();
    assert.ok(!list.items.some((item: { id: string }) => item.id === created.id));
    assert.deepEqual(await snapshot(), before);
    const [stored] = await harness.app.db.select().from(notices).where(eq(notices.id, created.id));
    assert.equal(stored?.closedAt, null);
    assert.equal(
      (await harness.app.db.select().from(noticeUpdates).where(eq(noticeUpdates.noticeId, created.id))).length,
      0,
    );
  });

  it('answers 401 without a session', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/admin/api/notices' });
    assert.equal(response.statusCode, 401);
  });
});
