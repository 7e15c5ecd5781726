import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type LiveTestApp, liveTestApp } from '../../support/app.js';
import { auditActions as auditActionsOf } from '../../support/audit.js';
import {
  multipartBody,
  postRepair,
  type RepairCommunity,
  repairCommunity,
  staffRequest,
  withRepairCommunity,
} from '../../support/repair-fixtures.js';
import { isTopicEvent } from '../../support/sse-client.js';

describe('repair requests for staff, and the resident’s live timeline', () => {
  let harness: LiveTestApp;
  let place: RepairCommunity;
  /** The resident key each report's device was given, by tracking code. */
  const residentKeys = new Map<string, string>();
  const report = async (extra: object = {}) => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      buildingId: place.building.id,
      unitId: place.unit.id,
      room: '501',
      description: '厨房水管爆了',
      answers: { where: 'kitchen' },
      name: '王阿姨',
      phone: '13800138000',
      ...extra,
    });
    assert.equal(response.statusCode, 201, response.body);
    residentKeys.set(response.json().trackingCode, response.json().residentKey);
    return response.json().trackingCode as string;
  };
  const staff = (method: 'GET' | 'POST' | 'PUT', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const idOf = async (code: string) => {
    const list = (await staff('GET', '/repairs?limit=200')).json();
    return list.items.find((item: { trackingCode: string }) => item.trackingCode === code).id as string;
  };
  const publicView = async (code: string) =>
    (await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}` })).json();
  const confirm = (code: string, body: object, key = randomUUID()) =>
    harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}/confirmation`,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      payload: JSON.stringify({ ...body, residentKey: residentKeys.get(code) }),
    });
  const auditActions = (subjectId: string) => auditActionsOf(harness.app.db, subjectId, place.community.id);

  before(async () => ({ harness, place } = await withRepairCommunity(await liveTestApp())));
  after(() => harness.close());

  it('answers 401 without a session', async () => {
    const response = await harness.app.inject({ url: '/admin/api/repairs' });
    assert.equal(response.statusCode, 401);
  });

  it('lists with filters and shows the detail with the phone masked; revealing it is audited', async () => {
    const code = await report();
    await report({ category: place.lighting.id, answers: {} });
    const id = await idOf(code);
    const byCategory = (await staff('GET', `/repairs?category=${place.lighting.id}`)).json();
    assert.ok(byCategory.items.every((item: { category: { slug: string } }) => item.category.slug === 'lighting'));
    const byBuilding = (await staff('GET', `/repairs?building=${place.building.id}&status=received`)).json();
    assert.ok(byBuilding.items.some((item: { id: string }) => item.id === id));
    assert.equal((await staff('GET', `/repairs?assignee=${place.worker.id}`)).json().items.length, 0);
    assert.equal((await staff('GET', '/repairs?status=sideways')).statusCode, 400);

    const detail = await staff('GET', `/repairs/${id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.ok(!detail.body.includes('13800138000'), 'the phone is masked');
    assert.equal(detail.json().contact.phoneMasked, '138****8000');
    assert.equal(detail.json().room, '501');

    const revealed = await staff('POST', `/repairs/${id}/reveal-contact`);
    assert.equal(revealed.statusCode, 200, revealed.body);
    assert.equal(revealed.json().phone, '13800138000');
    assert.deepEqual(await auditActions(id), ['repair.contact_revealed']);
  });

  it('pages through the list with a cursor', async () => {
    for (let i = 0; i < 3; i++) await report();
    const first = (await staff('GET', '/repairs?limit=2')).json();
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = (await staff('GET', `/repairs?limit=2&cursor=${first.nextCursor}`)).json();
    const ids = new Set([...first.items, ...second.items].map((item: { id: string }) => item.id));
    assert.equal(ids.size, 4);
    assert.equal((await staff('GET', '/repairs?cursor=garbage')).statusCode, 400);
  });

  it('walks the status machine; the resident sees public updates live over SSE and never internal notes', async () => {
    const code = await report();
    const id = await idOf(code);
    const stream = await harness.connect(`/api/v1/sites/${place.site.siteKey}/repairs/${code}/events`);
    // A fresh stream starts now (no replay without Last-Event-ID): wait until it is subscribed.
    await stream.next((message) => message.comments.includes('connected') || !!message.retry);

    const acknowledged = await staff('POST', `/repairs/${id}/updates`, {
      status: 'acknowledged',
      note: '网格员已收到，马上过去',
      public: true,
    });
    assert.equal(acknowledged.statusCode, 201, acknowledged.body);
    const live = await stream.next(isTopicEvent);
    const data = JSON.parse(live.data as string);
    assert.equal(data.type, 'repair.updated');
    assert.deepEqual(data.payload.entry.note, '网格员已收到，马上过去');

    const internal = await staff('POST', `/repairs/${id}/updates`, {
      note: '住户电话 13900000000，楼下 401 也漏',
      public: false,
    });
    assert.equal(internal.statusCode, 201);
    const changed = await stream.next(isTopicEvent);
    assert.ok(!changed.data?.includes('13900000000'), 'internal notes never reach the public stream');

    const skipping = await staff('POST', `/repairs/${id}/updates`, { status: 'received', public: true });
    assert.equal(skipping.statusCode, 409);
    assert.equal(skipping.json().error.code, 'COURTYARD_INVALID_STATUS_TRANSITION');
    assert.equal((await staff('POST', `/repairs/${id}/updates`, { public: true })).statusCode, 400);

    // A status change with an internal note: the status is public, the note is not.
    await staff('POST', `/repairs/${id}/updates`, {
      status: 'in_progress',
      note: '需要换阀门，内部记录',
      public: false,
    });
    const updateId = randomUUID();
    const resolved = await staff('POST', `/repairs/${id}/updates`, {
      id: updateId,
      status: 'resolved',
      note: '凌晨两点已恢复供水',
      public: true,
    });
    assert.equal(resolved.statusCode, 201);
    const retried = await staff('POST', `/repairs/${id}/updates`, {
      id: updateId,
      status: 'resolved',
      note: '凌晨两点已恢复供水',
      public: true,
    });
    assert.equal(retried.statusCode, 200, 'a retried update is a no-op');

    const view = await publicView(code);
    assert.equal(view.status, 'resolved');
    assert.deepEqual(
      view.timeline.map((entry: { status: string | null; note: string | null }) => [entry.status, entry.note]),
      [
        ['received', null],
        ['acknowledged', '网格员已收到，马上过去'],
        ['in_progress', null],
        ['resolved', '凌晨两点已恢复供水'],
      ],
    );
    assert.equal(view.canConfirm, true);
    const raw = JSON.stringify(view);
    assert.ok(!raw.includes('内部记录') && !raw.includes('13900000000'));

    // Reconnecting with Last-Event-ID replays what was missed.
    const replay = await harness.connect(`/api/v1/sites/${place.site.siteKey}/repairs/${code}/events`, {
      'last-event-id': live.id as string,
    });
    const missed = JSON.parse((await replay.next(isTopicEvent)).data as string);
    assert.equal(missed.type, 'repair.changed');

    const detail = (await staff('GET', `/repairs/${id}`)).json();
    assert.equal(detail.timeline.filter((entry: { public: boolean }) => !entry.public).length, 2);
    assert.deepEqual((await auditActions(id)).filter((action) => action === 'repair.updated').length, 4);
  });

  it('keeps a timeline in the order it was written, a status before the internal note sent with it', async () => {
    // Both entries come from one transaction; ordering them by time alone left their order to chance.
    for (let round = 0; round < 8; round++) {
      const id = await idOf(await report());
      const sent = await staff('POST', `/repairs/${id}/updates`, {
        status: 'acknowledged',
        note: `内部：第${round}次`,
        public: false,
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const detail = (await staff('GET', `/repairs/${id}`)).json();
      const times = detail.timeline.map((entry: { createdAt: string }) => Date.parse(entry.createdAt));
      assert.deepEqual(
        detail.timeline.map((entry: { status: string | null; public: boolean }) => [entry.status, entry.public]),
        [
          ['received', true],
          ['acknowledged', true],
          [null, false],
        ],
      );
      assert.deepEqual(
        [...times].sort((a, b) => a - b),
        times,
      );
    }
  });

  it('lets the resident confirm or reopen only after resolved, with a rating, idempotently', async () => {
    const code = await report();
    const id = await idOf(code);
    const early = await confirm(code, { outcome: 'fixed', rating: 5 });
    assert.equal(early.statusCode, 409);
    await staff('POST', `/repairs/${id}/updates`, { status: 'resolved', public: true });
    assert.equal((await confirm(code, { outcome: 'fixed', rating: 6 })).statusCode, 400);
    const key = randomUUID();
    const reopened = await confirm(code, { outcome: 'reopen', comment: '又漏了' }, key);
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'reopened');
    const replayed = await confirm(code, { outcome: 'reopen', comment: '又漏了' }, key);
    assert.equal(replayed.headers['idempotent-replayed'], 'true');
    await staff('POST', `/repairs/${id}/updates`, { status: 'resolved', public: true });
    const fixed = await confirm(code, { outcome: 'fixed', rating: 5 });
    assert.equal(fixed.json().status, 'closed');
    assert.equal(fixed.json().rating, 5);
    assert.equal(fixed.json().canConfirm, false);
  });

  it('assigns to a staff member of the community only, audited', async () => {
    const code = await report();
    const id = await idOf(code);
    const assigned = await staff('POST', `/repairs/${id}/assignment`, { assigneeId: place.worker.id });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().assignee.id, place.worker.id);
    const filtered = (await staff('GET', `/repairs?assignee=${place.worker.id}`)).json();
    assert.ok(filtered.items.some((item: { id: string }) => item.id === id));
    const other = await repairCommunity(harness.app);
    assert.equal((await staff('POST', `/repairs/${id}/assignment`, { assigneeId: other.worker.id })).statusCode, 400);
    assert.ok((await auditActions(id)).includes('repair.assigned'));
    // Another community's staff cannot see it.
    assert.equal(
      (await staffRequest(harness.app, other.adminCookie, 'GET', `/admin/api/repairs/${id}`)).statusCode,
      404,
    );
  });

  it('shows a photo publicly only once staff publish it', async () => {
    const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888888' } })
      .jpeg()
      .toBuffer();
    const body = await multipartBody({ category: place.lighting.id, description: '楼道灯不亮' }, [
      { bytes, filename: 'lamp.jpg', type: 'image/jpeg' },
    ]);
    const created = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/repairs`,
      headers: { 'content-type': body.contentType, 'idempotency-key': randomUUID() },
      payload: body.payload,
    });
    const code = created.json().trackingCode;
    const id = await idOf(code);
    const [photo] = (await staff('GET', `/repairs/${id}`)).json().photos;
    assert.equal(photo.public, false);
    const staffPhoto = await staff('GET', `/repairs/${id}/photos/${photo.id}`);
    assert.equal(staffPhoto.statusCode, 200);
    assert.equal(staffPhoto.headers['content-type'], 'image/jpeg');
    const publicPhoto = () => harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/photos/${photo.id}` });
    assert.equal((await publicPhoto()).statusCode, 404);
    const published = await staff('POST', `/repairs/${id}/photos/${photo.id}`, { public: true });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal((await publicPhoto()).statusCode, 200);
    assert.deepEqual(
      (await publicView(code)).photos.map((p: { id: string }) => p.id),
      [photo.id],
    );
  });

  it('manages repair services (admins only) with validated questions', async () => {
    const input = {
      slug: 'gas',
      names: { 'zh-CN': '燃气', en: 'Gas' },
      emergencyNotice: { 'zh-CN': '闻到燃气味请先拨打 96777。', en: 'Smell gas? Call 96777 first.' },
      questions: [
        {
          code: 'smell',
          kind: 'single',
          required: true,
          label: { en: 'Smell?' },
          options: [{ key: 'yes', label: { en: 'Yes' } }],
        },
      ],
    };
    assert.equal((await staff('POST', '/repair-services', input)).statusCode, 403);
    const created = await staff('POST', '/repair-services', input, place.adminCookie);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await staff('POST', '/repair-services', input, place.adminCookie)).statusCode, 409);
    const bad = {
      ...input,
      slug: 'gas-2',
      questions: [
        { code: 'q', kind: 'text', required: false, label: { en: 'Q' }, options: [{ key: 'a', label: { en: 'A' } }] },
      ],
    };
    assert.equal((await staff('POST', '/repair-services', bad, place.adminCookie)).statusCode, 400);
    const off = await staff(
      'PUT',
      `/repair-services/${created.json().id}`,
      { ...input, active: false },
      place.adminCookie,
    );
    assert.equal(off.statusCode, 200, off.body);
    const publicList = (
      await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repair-services` })
    ).json();
    assert.ok(!publicList.items.some((item: { slug: string }) => item.slug === 'gas'));
    assert.deepEqual(await auditActions(created.json().id), ['repair_service.created', 'repair_service.updated']);
  });

  it('issues Open311 api keys shown once and stored hashed (admins only)', async () => {
    assert.equal((await staff('POST', '/api-keys', { name: 'city' })).statusCode, 403);
    const created = await staff('POST', '/api-keys', { name: '区城管平台' }, place.adminCookie);
    assert.equal(created.statusCode, 201, created.body);
    const { key, id } = created.json();
    assert.match(key, /^cy_[A-Za-z0-9_-]{43}$/);
    const list = await staff('GET', '/api-keys', undefined, place.adminCookie);
    assert.ok(!list.body.includes(key));
    const rows = await harness.app.db.execute('select key_hash from api_keys' as never);
    assert.ok(!JSON.stringify(rows).includes(key), 'only a hash is stored');
    const revoked = await staff('POST', `/api-keys/${id}/revoke`, undefined, place.adminCookie);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revokedAt);
    assert.deepEqual(await auditActions(id), ['api_key.created', 'api_key.revoked']);
  });
});
