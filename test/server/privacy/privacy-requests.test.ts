import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, events, photos, repairRequests, suggestions } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunityWithSite, createPhoto } from '../../support/fixtures.js';
import { postRepair, type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { communityWithStaff } from '../../support/staff-fixtures.js';
import { submit, staffRequest as suggestionStaffRequest } from '../../support/suggestion-fixtures.js';

describe('a resident erasing their personal data, and staff exporting a submission', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let otherSiteKey: string;

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
    otherSiteKey = (await createCommunityWithSite(harness.app.db)).site.siteKey;
  });
  after(() => harness.close());

  const db = () => harness.app.db;
  const report = async () => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      buildingId: place.building.id,
      unitId: place.unit.id,
      room: '501',
      locationText: '厨房水槽下面',
      description: '厨房水管爆了',
      answers: { where: 'kitchen' },
      name: '王阿姨',
      phone: '13800138000',
    });
    assert.equal(response.statusCode, 201, response.body);
    const { trackingCode: code, residentKey } = response.json() as { trackingCode: string; residentKey: string };
    // The widget form asks no email; Open311 clients send one.
    const [row] = await db()
      .update(repairRequests)
      .set({ contactEmail: 'wang@example.org' })
      .where(eq(repairRequests.trackingCode, code))
      .returning({ id: repairRequests.id });
    return { code, id: row!.id, residentKey };
  };
  const suggest = async () => {
    const response = await submit(harness.app, place.site.siteKey, {
      text: '希望在3号楼门口加装扶手',
      name: '李大爷',
      phone: '13900139000',
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; followCode: string; residentKey: string };
  };
  const addPhoto = (kind: string, ownerId: string, visible: boolean) =>
    createPhoto(db(), { communityId: place.community.id, ownerKind: kind, ownerId, public: visible });
  const erase = (path: string, residentKey: string, key: string | null = randomUUID(), siteKey = place.site.siteKey) =>
    harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/sites/${siteKey}/${path}/personal-data`,
      headers: { ...(key ? { 'idempotency-key': key } : {}), 'resident-key': residentKey },
    });
  const auditOf = (type: string, id: string) =>
    db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, type), eq(auditLog.subjectId, id)))
      .orderBy(asc(auditLog.id));
  const admin = (method: 'GET' | 'PUT', url: string, body?: object, cookie = place.adminCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);

  it('erases a repair’s contact, room and private photos by tracking code and key, keeping the request', async () => {
    const { code, id, residentKey } = await report();
    const privatePhoto = await addPhoto('repair', id, false);
    const publicPhoto = await addPhoto('repair', id, true);
    const key = randomUUID();
    // Residents may type the code in lower case with spaces; the server normalises it.
    const response = await erase(`repairs/${code.toLowerCase()}`, residentKey.toLowerCase(), key);
    assert.equal(response.statusCode, 204, response.body);
    assert.equal(response.body, '');

    const [row] = await db().select().from(repairRequests).where(eq(repairRequests.id, id));
    assert.equal(row?.contactName, null);
    assert.equal(row?.contactPhone, null);
    assert.equal(row?.contactEmail, null);
    assert.equal(row?.room, null);
    assert.equal(row?.locationText, null);
    assert.equal(row?.description, '厨房水管爆了');
    assert.equal(row?.unitId, place.unit.id);
    const left = await db().select({ id: photos.id }).from(photos).where(eq(photos.ownerId, id));
    assert.deepEqual(
      left.map((photo) => photo.id),
      [publicPhoto],
    );
    assert.notEqual(privatePhoto, publicPhoto);

    const trail = await auditOf('repair', id);
    const entry = trail.find((item) => item.action === 'privacy.erased_by_resident');
    assert.equal(entry?.actorType, 'resident');
    assert.deepEqual(entry?.after, { contact: true, photos: 1 });
    assert.doesNotMatch(JSON.stringify(trail), /13800138000|王阿姨|wang@example/);
    const [event] = await db()
      .select()
      .from(events)
      .where(and(eq(events.topic, `repair:${code}`), eq(events.type, 'personal_data.erased')));
    assert.deepEqual(event?.payload, {});

    // The public tracking page still works.
    const view = await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}` });
    assert.equal(view.statusCode, 200);

    // A retry of the same request replays; a new request finds nothing more to erase and records nothing.
    const replay = await erase(`repairs/${code.toLowerCase()}`, residentKey.toLowerCase(), key);
    assert.equal(replay.statusCode, 204);
    const again = await erase(`repairs/${code}`, residentKey);
    assert.equal(again.statusCode, 204);
    assert.equal(
      (await auditOf('repair', id)).filter((item) => item.action === 'privacy.erased_by_resident').length,
      1,
    );
  });

  it('erases a suggestion’s name, phone and private photo by follow code and key, keeping its text', async () => {
    const created = await suggest();
    await addPhoto('suggestion', created.id, false);
    const response = await erase(`suggestions/follow/${created.followCode}`, created.residentKey);
    assert.equal(response.statusCode, 204, response.body);
    const [row] = await db().select().from(suggestions).where(eq(suggestions.id, created.id));
    assert.equal(row?.authorName, null);
    assert.equal(row?.phone, null);
    assert.equal(row?.text, '希望在3号楼门口加装扶手');
    assert.equal((await db().select().from(photos).where(eq(photos.ownerId, created.id))).length, 0);
    const trail = await auditOf('suggestion', created.id);
    assert.deepEqual(trail.at(-1)?.after, { contact: true, photos: 1 });
    const follow = await harness.app.inject({
      url: `/api/v1/sites/${place.site.siteKey}/suggestions/follow/${created.followCode}`,
    });
    assert.equal(follow.statusCode, 200);
  });

  it('refuses another community’s code (403, as an unknown one), malformed codes (400) and a missing Idempotency-Key (400), erasing nothing', async () => {
    const { code, id, residentKey } = await report();
    const created = await suggest();

    const foreignRepair = await erase(`repairs/${code}`, residentKey, randomUUID(), otherSiteKey);
    assert.equal(foreignRepair.statusCode, 403);
    assert.equal(foreignRepair.json().error.code, 'COURTYARD_RESIDENT_KEY_INVALID');
    const foreignSuggestion = await erase(
      `suggestions/follow/${created.followCode}`,
      created.residentKey,
      randomUUID(),
      otherSiteKey,
    );
    assert.equal(foreignSuggestion.statusCode, 403);

    const badTracking = await erase('repairs/not-a-code!', residentKey);
    assert.equal(badTracking.statusCode, 400);
    assert.equal(badTracking.json().error.code, 'COURTYARD_MALFORMED_TRACKING_CODE');
    const badFollow = await erase('suggestions/follow/%E7%94%B5%E6%A2%AF', residentKey);
    assert.equal(badFollow.statusCode, 400);
    assert.equal(badFollow.json().error.code, 'COURTYARD_VALIDATION');
    const unknown = await erase('repairs/R-0000-0000', residentKey);
    assert.equal(unknown.statusCode, 403);

    const keyless = await erase(`repairs/${code}`, residentKey, null);
    assert.equal(keyless.statusCode, 400);
    assert.equal(keyless.json().error.code, 'COURTYARD_IDEMPOTENCY_KEY_REQUIRED');

    const [repair] = await db().select().from(repairRequests).where(eq(repairRequests.id, id));
    assert.equal(repair?.contactPhone, '13800138000');
    const [suggestion] = await db().select().from(suggestions).where(eq(suggestions.id, created.id));
    assert.equal(suggestion?.phone, '13900139000');
  });

  it('lets an admin export everything held about a repair, and audits the export', async () => {
    const { code, id } = await report();
    const photoId = await addPhoto('repair', id, false);
    const worker = (url: string, body: object) =>
      staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}${url}`, body);
    assert.equal((await worker('/updates', { status: 'acknowledged', public: true })).statusCode, 201);
    assert.equal((await worker('/updates', { note: '明早派人', public: false })).statusCode, 201);
    const reveal = await worker('/reveal-contact', {});
    assert.equal(reveal.statusCode, 200, reveal.body);

    const response = await admin('GET', `/repairs/${id}/export`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    const exported = response.json();
    assert.equal(exported.kind, 'repair');
    assert.equal(exported.repair.trackingCode, code);
    assert.equal(exported.repair.contactPhone, '13800138000');
    assert.equal(exported.repair.contactEmail, 'wang@example.org');
    assert.equal(exported.repair.room, '501');
    assert.deepEqual(exported.repair.answers, { where: 'kitchen' });
    assert.deepEqual(
      exported.photos.map((photo: { id: string; public: boolean }) => [photo.id, photo.public]),
      [[photoId, false]],
    );
    assert.equal('bytes' in exported.photos[0], false);
    assert.deepEqual(
      exported.timeline.map((entry: { type: string; status: string | null }) => [entry.type, entry.status]),
      [
        ['created', 'received'],
        ['update', 'acknowledged'],
        ['update', null],
      ],
    );
    assert.equal(exported.timeline[2].note, '明早派人');
    assert.equal(exported.timeline[2].public, false);
    assert.ok(exported.audit.some((entry: { action: string }) => entry.action === 'repair.contact_revealed'));
    assert.deepEqual(exported.retention, { contactDays: 180, photoDays: 180 });

    const trail = await auditOf('repair', id);
    const exportedEntry = trail.at(-1);
    assert.equal(exportedEntry?.action, 'privacy.exported');
    assert.equal(exportedEntry?.actorId, place.admin.id);
  });

  it('exports a suggestion with its timeline and the resident’s erasure in its audit trail', async () => {
    const created = await suggest();
    const answered = await suggestionStaffRequest(
      harness.app,
      place.adminCookie,
      'PATCH',
      `/admin/api/suggestions/${created.id}`,
      {
        moderation: 'publish',
        response: '已安排施工',
      },
    );
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal((await erase(`suggestions/follow/${created.followCode}`, created.residentKey)).statusCode, 204);
    const response = await admin('GET', `/suggestions/${created.id}/export`);
    assert.equal(response.statusCode, 200, response.body);
    const exported = response.json();
    assert.equal(exported.kind, 'suggestion');
    assert.equal(exported.suggestion.text, '希望在3号楼门口加装扶手');
    assert.equal(exported.suggestion.phone, null);
    assert.equal(exported.suggestion.response, '已安排施工');
    const types = exported.timeline.map((entry: { type: string }) => entry.type);
    // Publishing and answering also announce themselves for webhooks (suggestion.published, .answered).
    assert.deepEqual(types, [
      'suggestion.created',
      'suggestion.updated',
      'suggestion.published',
      'suggestion.answered',
      'personal_data.erased',
    ]);
    const actions = exported.audit.map((entry: { action: string }) => entry.action);
    assert.ok(actions.includes('privacy.erased_by_resident'), actions.join());
  });

  it('keeps exports and retention settings to admins of the same community', async () => {
    const { id } = await report();
    const created = await suggest();
    for (const url of [`/repairs/${id}/export`, `/suggestions/${created.id}/export`, '/retention-settings']) {
      const asWorker = await admin('GET', url, undefined, place.workerCookie);
      assert.equal(asWorker.statusCode, 403, url);
      assert.equal(asWorker.json().error.code, 'COURTYARD_FORBIDDEN');
      assert.equal((await admin('GET', url, undefined, '')).statusCode, 401, url);
    }
    const putAsWorker = await admin('PUT', '/retention-settings', { contactDays: 1, photoDays: 1 }, place.workerCookie);
    assert.equal(putAsWorker.statusCode, 403);

    const otherCookie = (await communityWithStaff(harness.app, { role: 'admin' })).cookie;
    assert.equal((await admin('GET', `/repairs/${id}/export`, undefined, otherCookie)).statusCode, 404);
    assert.equal((await admin('GET', `/suggestions/${created.id}/export`, undefined, otherCookie)).statusCode, 404);
    assert.equal((await admin('GET', `/suggestions/${randomUUID()}/export`)).statusCode, 404);
    const malformed = await admin('GET', '/repairs/not-an-id/export');
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'COURTYARD_VALIDATION');
    const exportAudits = (await auditOf('repair', id)).filter((entry) => entry.action === 'privacy.exported');
    assert.equal(exportAudits.length, 0);
  });

  it('lets an admin read and change the retention settings, validated and audited', async () => {
    const read = await admin('GET', '/retention-settings');
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), { contactDays: 180, photoDays: 180 });
    for (const body of [
      { contactDays: -1, photoDays: 30 },
      { contactDays: 30, photoDays: 5000 },
      { contactDays: 30 },
      { contactDays: 30, photoDays: 30, extra: true },
      { contactDays: '30', photoDays: 30 },
    ]) {
      const refused = await admin('PUT', '/retention-settings', body);
      assert.equal(refused.statusCode, 400, JSON.stringify(body));
      assert.equal(refused.json().error.code, 'COURTYARD_VALIDATION');
    }
    assert.deepEqual((await admin('GET', '/retention-settings')).json(), { contactDays: 180, photoDays: 180 });

    const changed = await admin('PUT', '/retention-settings', { contactDays: 30, photoDays: 365 });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual((await admin('GET', '/retention-settings')).json(), { contactDays: 30, photoDays: 365 });
    const [entry] = (await auditOf('community', place.community.id)).filter(
      (item) => item.action === 'retention_settings.updated',
    );
    assert.deepEqual(entry?.before, { contactDays: 180, photoDays: 180 });
    assert.deepEqual(entry?.after, { contactDays: 30, photoDays: 365 });
    assert.equal(entry?.actorId, place.admin.id);
  });
});
