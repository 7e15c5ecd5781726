// The tracking code reads a repair; confirming, reopening, rating and erasing also need the resident key the
// reporter's device was given. Staff confirm or erase on the resident's request, audited.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  auditLog,
  events,
  idempotencyKeys,
  repairRequests,
  repairUpdates,
} from '../../../packages/server/src/db/schema.js';
import type { TestApp } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { postRepair, type RepairCommunity, repairTestApp, staffRequest } from '../../support/repair-fixtures.js';
import { communityWithStaff } from '../../support/staff-fixtures.js';

const KEY_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

describe('the resident key of a repair request', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  before(async () => ({ harness, place } = await repairTestApp()));
  after(() => harness.close());

  const db = () => harness.app.db;
  /** A resident's leak report with a name and phone, sent (again, with the same key) as the widget does. */
  const sendLeak = (idempotencyKey: string) =>
    postRepair(
      harness.app,
      place.site.siteKey,
      {
        category: place.leak.id,
        buildingId: place.building.id,
        room: '501',
        description: '厨房水管爆了',
        answers: { where: 'kitchen' },
        name: '王阿姨',
        phone: '13800138000',
      },
      idempotencyKey,
    );
  const report = async (idempotencyKey = randomUUID()) => {
    const response = await sendLeak(idempotencyKey);
    assert.equal(response.statusCode, 201, response.body);
    const { trackingCode, residentKey } = response.json() as { trackingCode: string; residentKey: string };
    const [row] = await db().select().from(repairRequests).where(eq(repairRequests.trackingCode, trackingCode));
    return { code: trackingCode, residentKey, id: row!.id };
  };
  const resolve = async (id: string) => {
    const response = await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      status: 'resolved',
      note: '已更换水管',
      public: true,
    });
    assert.equal(response.statusCode, 201, response.body);
  };
  const confirm = (code: string, body: object, headers: Record<string, string> = {}, siteKey = place.site.siteKey) =>
    harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/repairs/${code}/confirmation`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
      payload: JSON.stringify(body),
    });
  const erase = (code: string, headers: Record<string, string> = {}) =>
    harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}/personal-data`,
      headers: { 'idempotency-key': randomUUID(), ...headers },
    });
  const rowOf = async (id: string) => (await db().select().from(repairRequests).where(eq(repairRequests.id, id)))[0]!;
  const confirmations = async (id: string) =>
    db()
      .select()
      .from(repairUpdates)
      .where(and(eq(repairUpdates.repairId, id), eq(repairUpdates.kind, 'confirmation')));
  const eventsOf = async (code: string) =>
    db()
      .select({ type: events.type })
      .from(events)
      .where(eq(events.topic, `repair:${code}`));
  const refusal = (response: LightMyRequestResponse) => ({ status: response.statusCode, body: response.json() });
  const INVALID = {
    status: 403,
    body: {
      error: { code: 'COURTYARD_RESIDENT_KEY_INVALID', message: 'The resident key does not belong to this code.' },
    },
  };

  it('gives the reporter a 100-bit key once, the same again on a retry, and keeps neither it nor its text anywhere', async () => {
    const idempotencyKey = randomUUID();
    const { code, residentKey, id } = await report(idempotencyKey);
    assert.match(residentKey, KEY_SHAPE);
    const retry = await sendLeak(idempotencyKey);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(
      { code: retry.json().trackingCode, key: retry.json().residentKey },
      { code, key: residentKey },
      'a retry from the outbox gets the same answer',
    );
    const other = await report();
    assert.notEqual(other.residentKey, residentKey);

    const row = await rowOf(id);
    assert.ok(row.residentKeyHash, 'a hash is kept');
    const bare = residentKey.replaceAll('-', '');
    const [stored] = await db()
      .select({ body: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, idempotencyKey));
    for (const [where, text] of [
      ['the repair row', JSON.stringify(row)],
      ['the stored answer', JSON.stringify(stored?.body)],
    ] as const) {
      assert.ok(!text.includes(bare) && !text.includes(residentKey), `${where} holds the key`);
    }
    assert.ok(JSON.stringify(stored?.body).includes(code), 'the stored answer is the one replayed');

    // The public view, read with the code alone, says nothing of the key.
    const view = await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}` });
    assert.equal(view.statusCode, 200);
    assert.doesNotMatch(view.body, /residentKey/);
  });

  it('refuses to confirm with the tracking code alone, and changes nothing', async () => {
    const { code, id } = await report();
    await resolve(id);
    const before = await eventsOf(code);
    for (const body of [
      { outcome: 'fixed', rating: 1 },
      { outcome: 'reopen', comment: '根本没修' },
    ]) {
      const response = await confirm(code, body);
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().error.code, 'COURTYARD_RESIDENT_KEY_REQUIRED');
      assert.match(response.json().error.message, /private link/);
    }
    const row = await rowOf(id);
    assert.equal(row.status, 'resolved');
    assert.equal(row.rating, null);
    assert.deepEqual(await confirmations(id), []);
    assert.deepEqual(await eventsOf(code), before);
  });

  it('answers a wrong key exactly as an unknown code, or a code of another community, and changes nothing', async () => {
    const { code, residentKey, id } = await report();
    await resolve(id);
    const wrongKey = (await report()).residentKey;
    const other = await createCommunityWithSite(db());

    const wrong = refusal(await confirm(code, { outcome: 'fixed', residentKey: wrongKey }));
    const garbage = refusal(await confirm(code, { outcome: 'fixed', residentKey: 'not a key at all' }));
    const unknown = refusal(await confirm('R-0000-0000', { outcome: 'fixed', residentKey }));
    const elsewhere = refusal(await confirm(code, { outcome: 'fixed', residentKey }, {}, other.site.siteKey));
    const wrongHeader = refusal(await confirm(code, { outcome: 'fixed' }, { 'resident-key': wrongKey }));
    const wrongErase = refusal(await erase(code, { 'resident-key': wrongKey }));
    const unknownErase = refusal(await erase('R-0000-0000', { 'resident-key': residentKey }));
    for (const answer of [wrong, garbage, unknown, elsewhere, wrongHeader, wrongErase, unknownErase]) {
      assert.deepEqual(answer, INVALID);
    }
    const row = await rowOf(id);
    assert.equal(row.status, 'resolved');
    assert.equal(row.contactPhone, '13800138000');
    assert.deepEqual(await confirmations(id), []);
  });

  it('confirms and rates with the key in the body, reopens with it in the header (case and dashes forgiven)', async () => {
    const first = await report();
    await resolve(first.id);
    const fixed = await confirm(first.code, { outcome: 'fixed', rating: 4, residentKey: first.residentKey });
    assert.equal(fixed.statusCode, 200, fixed.body);
    assert.equal(fixed.json().status, 'closed');
    assert.equal(fixed.json().rating, 4);
    assert.doesNotMatch(fixed.body, /residentKey/);

    const second = await report();
    await resolve(second.id);
    const typed = second.residentKey.toLowerCase().replaceAll('-', ' ');
    const reopened = await confirm(second.code, { outcome: 'reopen', comment: '又漏了' }, { 'resident-key': typed });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'reopened');
    assert.equal((await confirmations(second.id)).length, 1);
  });

  it('erases the contact with the key only: the code alone is refused and erases nothing', async () => {
    const { code, residentKey, id } = await report();
    const refused = await erase(code);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'COURTYARD_RESIDENT_KEY_REQUIRED');
    assert.equal((await rowOf(id)).contactPhone, '13800138000');
    assert.ok(!(await eventsOf(code)).some((event) => event.type === 'personal_data.erased'));

    const erased = await erase(code, { 'resident-key': residentKey });
    assert.equal(erased.statusCode, 204, erased.body);
    const row = await rowOf(id);
    assert.deepEqual([row.contactName, row.contactPhone, row.room], [null, null, null]);
  });

  it('lets a request without a key (sent before keys, or through Open311) be confirmed only by staff', async () => {
    const { code, residentKey, id } = await report();
    await db().update(repairRequests).set({ residentKeyHash: null }).where(eq(repairRequests.id, id));
    await resolve(id);
    assert.deepEqual(refusal(await confirm(code, { outcome: 'fixed', residentKey })), INVALID);
    assert.deepEqual(refusal(await erase(code, { 'resident-key': residentKey })), INVALID);
    // The resident calls; staff close it for them.
    const closed = await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      status: 'closed',
      note: '居民电话确认已修好',
      public: true,
    });
    assert.equal(closed.statusCode, 201, closed.body);
    assert.equal((await rowOf(id)).status, 'closed');
  });
});

describe('staff erasing a repair’s or suggestion’s personal data on the resident’s request', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  before(async () => ({ harness, place } = await repairTestApp()));
  after(() => harness.close());

  const eraseAsStaff = (kind: 'repairs' | 'suggestions', id: string, cookie = place.workerCookie, headers = {}) =>
    harness.app.inject({
      method: 'DELETE',
      url: `/admin/api/${kind}/${id}/personal-data`,
      headers: { cookie, ...headers },
    });

  it('erases a repair’s contact, room and private photos for any staff member, audited with who did it', async () => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      room: '501',
      locationText: '厨房水槽下面',
      description: '厨房水管爆了',
      answers: { where: 'kitchen' },
      name: '王阿姨',
      phone: '13800138000',
    });
    const code = response.json().trackingCode as string;
    const [row] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.trackingCode, code));

    const erased = await eraseAsStaff('repairs', row!.id);
    assert.equal(erased.statusCode, 200, erased.body);
    assert.deepEqual(erased.json(), { contact: true, photos: 0 });
    const [after] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.id, row!.id));
    assert.deepEqual(
      [after?.contactName, after?.contactPhone, after?.room, after?.locationText],
      [null, null, null, null],
    );
    assert.equal(after?.description, '厨房水管爆了');

    // A second request finds nothing left, and is recorded all the same: every staff action is.
    assert.deepEqual((await eraseAsStaff('repairs', row!.id, place.adminCookie)).json(), { contact: false, photos: 0 });
    const trail = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, row!.id), eq(auditLog.action, 'privacy.erased_by_staff')));
    assert.deepEqual(
      trail.map((entry) => [entry.actorType, entry.actorId, entry.after]),
      [
        ['staff', place.worker.id, { contact: true, photos: 0 }],
        ['staff', place.admin.id, { contact: false, photos: 0 }],
      ],
    );
    assert.doesNotMatch(JSON.stringify(trail), /13800138000|王阿姨|501/);
    const announced = await harness.app.db
      .select({ payload: events.payload })
      .from(events)
      .where(and(eq(events.topic, `repair:${code}`), eq(events.type, 'personal_data.erased')));
    assert.deepEqual(announced, [{ payload: {} }]);
  });

  it('erases a suggestion’s name and phone, audited', async () => {
    const sent = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/suggestions`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: JSON.stringify({ text: '希望加装扶手', name: '李大爷', phone: '13900139000' }),
    });
    const { id } = sent.json() as { id: string };
    const erased = await eraseAsStaff('suggestions', id);
    assert.equal(erased.statusCode, 200, erased.body);
    assert.deepEqual(erased.json(), { contact: true, photos: 0 });
    const [entry] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'privacy.erased_by_staff')));
    assert.equal(entry?.actorId, place.worker.id);
  });

  it('keeps another community’s submissions out of reach (404), and refuses no session (401) or a cross-site request (403)', async () => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      description: '楼道灯坏了',
      answers: { where: 'kitchen' },
      phone: '13800138000',
    });
    const code = response.json().trackingCode as string;
    const [row] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.trackingCode, code));
    const strangerCookie = (await communityWithStaff(harness.app, { role: 'admin' })).cookie;

    assert.equal((await eraseAsStaff('repairs', row!.id, strangerCookie)).statusCode, 404);
    assert.equal((await eraseAsStaff('suggestions', randomUUID())).statusCode, 404);
    assert.equal((await eraseAsStaff('repairs', row!.id, '')).statusCode, 401);
    const crossSite = await eraseAsStaff('repairs', row!.id, place.workerCookie, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    const [left] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.id, row!.id));
    assert.equal(left?.contactPhone, '13800138000');
  });
});

describe('resident-key refusals and the public write limits', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  before(
    async () =>
      ({ harness, place } = await repairTestApp({ env: { COURTYARD_RATE_IP_HARD: '4', COURTYARD_RATE_IP_SOFT: '4' } })),
  );
  after(() => harness.close());

  it('counts wrong keys against the per-address hard limit, so guessing is stopped with 429', async () => {
    const guess = (address: string) =>
      harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${place.site.siteKey}/repairs/R-0000-0000/confirmation`,
        remoteAddress: address,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          'resident-key': 'AAAA-BBBB-CCCC-DDDD-EEEE',
        },
        payload: JSON.stringify({ outcome: 'fixed' }),
      });
    const answers: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) answers.push((await guess('203.0.113.9')).statusCode);
    assert.deepEqual(answers, [403, 403, 403, 403, 429, 429]);
    assert.equal((await guess('203.0.113.10')).statusCode, 403, 'another address is not held back');
  });
});
