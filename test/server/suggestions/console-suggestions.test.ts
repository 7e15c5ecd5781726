// The staff API the console's Inbox and Suggestions screens use: the inbox feed, the community-wide live
// stream, approve-and-trust, and suggestion photos for staff.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { auditLog, suggestionTrustedDevices } from '../../../packages/server/src/db/schema.js';
import { type LiveTestApp, liveTestApp } from '../../support/app.js';
import { multipartBody, postRepair, type RepairCommunity, repairCommunity } from '../../support/repair-fixtures.js';
import { isEvent } from '../../support/sse-client.js';
import { makeCommunity, makeStaff, signIn } from '../../support/staff-fixtures.js';
import { staffRequest, submit } from '../../support/suggestion-fixtures.js';

interface InboxItem {
  kind: string;
  id: string;
  reason: string;
  excerpt: string;
  trackingCode: string | null;
  createdAt: string;
}

describe('the console inbox and suggestion moderation API', () => {
  let harness: LiveTestApp;
  let place: RepairCommunity;
  let otherCookie: string;

  before(async () => {
    harness = await liveTestApp();
    place = await repairCommunity(harness.app);
    const other = await makeCommunity(harness.app.db);
    const stranger = await makeStaff(harness.app.db, other.id, { role: 'admin' });
    otherCookie = (await signIn(harness.app, stranger.email, stranger.password)).cookie;
  });
  after(() => harness.close());

  const staff = (method: 'GET' | 'PATCH' | 'POST' | 'PUT', url: string, body?: unknown, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const remove = (url: string, cookie = place.workerCookie) =>
    harness.app.inject({ method: 'DELETE', url: `/admin/api${url}`, headers: { cookie } });
  const suggest = async (body: Record<string, unknown>) => {
    const response = await submit(harness.app, place.site.siteKey, body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string };
  };
  const moderationOf = async (id: string) => (await staff('GET', `/suggestions/${id}`)).json().moderation as string;
  const report = async (description: string) => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      buildingId: place.building.id,
      description,
      answers: { where: 'kitchen' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const code = response.json().trackingCode as string;
    const list = await staff('GET', '/repairs?limit=100');
    const found = list.json().items.find((item: { trackingCode: string }) => item.trackingCode === code);
    return { code, id: found.id as string };
  };
  const inbox = async (query = '', cookie = place.workerCookie) => {
    const response = await staff('GET', `/inbox${query}`, undefined, cookie);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as {
      items: InboxItem[];
      nextCursor: string | null;
      count: { total: number; suggestions: number; repairs: number };
    };
  };
  const allInbox = async () => {
    const items: InboxItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await inbox(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  it('needs a session for the inbox, the stream and the new suggestion routes', async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ['GET', '/inbox'],
      ['GET', '/events'],
      ['POST', `/suggestions/${id}/approve-and-trust`],
      ['DELETE', `/suggestions/${id}/trust`],
      ['GET', `/suggestions/${id}/photos/${randomUUID()}`],
    ] as const) {
      const response = await harness.app.inject({ method, url: `/admin/api${url}` });
      assert.equal(response.statusCode, 401, `${method} ${url}`);
      assert.equal(response.json().error.code, 'COURTYARD_UNAUTHENTICATED');
    }
  });

  it('lists what is new across suggestions and repairs, newest first, paged by cursor, with a count', async () => {
    const pending = await suggest({ text: '小区东门晚上太黑，希望加一盏路灯' });
    const answered = await suggest({ text: '希望增加快递柜' });
    await staff('PATCH', `/suggestions/${answered.id}`, { moderation: 'publish', response: '已联系快递公司' });
    const unanswered = await suggest({ text: '健身器材坏了' });
    await staff('PATCH', `/suggestions/${unanswered.id}`, { moderation: 'publish' });
    const rejected = await suggest({ text: '广告' });
    await staff('PATCH', `/suggestions/${rejected.id}`, { moderation: 'reject' });
    const leak = await report('厨房水管爆了');
    const assigned = await report('楼道灯不亮');
    const assignment = await staff('POST', `/repairs/${assigned.id}/assignment`, { assigneeId: place.worker.id });
    assert.equal(assignment.statusCode, 200, assignment.body);

    const items = await allInbox();
    const ids = items.map((item) => item.id);
    assert.deepEqual(
      items.map((item) => [item.kind, item.reason]),
      [
        ['repair', 'received'],
        ['suggestion', 'unanswered'],
        ['suggestion', 'pending'],
      ],
    );
    assert.deepEqual(ids, [leak.id, unanswered.id, pending.id]);
    assert.equal(items[0]?.trackingCode, leak.code);
    assert.equal(items[0]?.excerpt, '厨房水管爆了');
    const sorted = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    assert.deepEqual(sorted, items);
    const first = await inbox('?limit=2');
    assert.deepEqual(first.count, { total: 3, suggestions: 2, repairs: 1, rotaGaps: 0, toReview: 0 });
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
  });

  it('keeps another community out of the inbox and refuses a bad cursor with a 400', async () => {
    const theirs = await inbox('', otherCookie);
    assert.deepEqual(theirs.items, []);
    assert.equal(theirs.count.total, 0);
    for (const query of ['?cursor=not-a-cursor', '?limit=0', '?limit=101', '?other=1']) {
      const response = await staff('GET', `/inbox${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
    }
  });

  it("streams every live event of the staff member's community, and no other community's", async () => {
    const stream = await harness.connect('/admin/api/events', { cookie: place.workerCookie });
    assert.equal(stream.response.status, 200);
    assert.match(stream.response.headers.get('content-type') ?? '', /text\/event-stream/);
    const strangers = await harness.connect('/admin/api/events', { cookie: otherCookie });
    await stream.next((message) => message.comments.includes('connected'));
    await strangers.next((message) => message.comments.includes('connected'));

    const created = await suggest({ text: '希望楼下装个长椅', phone: '13912345678' });
    const event = await stream.next(isEvent);
    assert.equal(event.event, 'suggestion.created');
    const data = JSON.parse(event.data as string);
    assert.equal(data.topic, `suggestion:${created.id}`);
    assert.doesNotMatch(event.data as string, /13912345678/);
    const repair = await report('电梯停了');
    const repairEvent = await stream.next(isEvent);
    assert.equal(repairEvent.event, 'repair.created');
    assert.equal(JSON.parse(repairEvent.data as string).topic, `repair:${repair.code}`);
    await assert.rejects(strangers.next(isEvent, 600), /timed out/);

    // A reconnecting console replays what it missed.
    const resumed = await harness.connect('/admin/api/events', {
      cookie: place.workerCookie,
      'last-event-id': event.id as string,
    });
    const replayed = await resumed.next(isEvent);
    assert.equal(replayed.id, repairEvent.id);
  });

  it('ends the staff stream once its session is signed out', async () => {
    const { cookie } = await signIn(harness.app, place.worker.email, place.worker.password);
    const stream = await harness.connect('/admin/api/events', { cookie });
    await stream.next((message) => message.comments.includes('connected'));
    const signOut = await harness.app.inject({ method: 'DELETE', url: '/admin/api/session', headers: { cookie } });
    assert.equal(signOut.statusCode, 204);
    const ended = await Promise.race([
      stream.ended.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    assert.ok(ended, 'the stream ended after sign-out');
    const again = await fetch(`${harness.base}/admin/api/events`, { headers: { cookie } });
    assert.equal(again.status, 401);
  });

  it('approve-and-trust publishes, trusts the device that sent it, and that device skips the queue', async () => {
    const device = 'trustedDeviceToken0000001';
    const first = await suggest({ text: '建议周末开放活动室', phone: '139 0000 1111', voterToken: device });
    assert.equal(await moderationOf(first.id), 'pending');
    const trusted = await staff('POST', `/suggestions/${first.id}/approve-and-trust`);
    assert.equal(trusted.statusCode, 200, trusted.body);
    assert.equal(trusted.json().moderation, 'published');
    assert.equal(trusted.json().authorDevice, true);
    assert.equal(trusted.json().authorTrusted, true);

    const later = await suggest({ text: '活动室需要空调', voterToken: device });
    assert.equal(await moderationOf(later.id), 'published');
    const stranger = await suggest({ text: '活动室需要空调', voterToken: 'anotherDeviceToken00000001' });
    assert.equal(await moderationOf(stranger.id), 'pending');
    const honeypot = await suggest({ text: '买药', voterToken: device, website: 'http://spam.example' });
    assert.equal(await moderationOf(honeypot.id), 'spam');

    const actions = await harness.app.db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'suggestion'), eq(auditLog.subjectId, first.id)))
      .orderBy(asc(auditLog.id));
    assert.deepEqual(
      actions.map((row) => row.action),
      ['suggestion.updated', 'suggestion.author_trusted'],
    );
    assert.deepEqual(actions[0]?.after, { moderation: 'published' });
    assert.doesNotMatch(JSON.stringify(actions), /1111|trustedDevice/);

    // Trusting again changes nothing and audits nothing more.
    assert.equal((await staff('POST', `/suggestions/${later.id}/approve-and-trust`)).statusCode, 200);
    const rows = await harness.app.db
      .select()
      .from(suggestionTrustedDevices)
      .where(eq(suggestionTrustedDevices.communityId, place.community.id));
    assert.equal(rows.length, 1);
    assert.doesNotMatch(rows[0]?.deviceHash ?? '', /trustedDevice/, 'the token is kept as a keyed hash only');

    const untrusted = await remove(`/suggestions/${first.id}/trust`);
    assert.equal(untrusted.statusCode, 200, untrusted.body);
    assert.equal(untrusted.json().authorTrusted, false);
    assert.equal(await moderationOf((await suggest({ text: '又一条', voterToken: device })).id), 'pending');
  });

  it('refuses approve-and-trust without a device (409, nothing written), for another community (404) and cross-site (403)', async () => {
    const anonymous = await suggest({ text: '没有设备标识的建议', phone: '13700009999' });
    const response = await staff('POST', `/suggestions/${anonymous.id}/approve-and-trust`);
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'COURTYARD_CONFLICT');
    const still = await staff('GET', `/suggestions/${anonymous.id}`);
    assert.equal(still.json().moderation, 'pending');
    assert.equal(still.json().authorDevice, false);

    const withDevice = await suggest({ text: '有设备标识的建议', voterToken: 'someDeviceToken000000001' });
    const foreign = await staff('POST', `/suggestions/${withDevice.id}/approve-and-trust`, undefined, otherCookie);
    assert.equal(foreign.statusCode, 404);
    assert.equal((await remove(`/suggestions/${withDevice.id}/trust`, otherCookie)).statusCode, 404);
    const crossSite = await harness.app.inject({
      method: 'POST',
      url: `/admin/api/suggestions/${withDevice.id}/approve-and-trust`,
      headers: { cookie: place.workerCookie, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.json().error.code, 'COURTYARD_CROSS_SITE_REQUEST');
    assert.equal((await staff('GET', `/suggestions/${withDevice.id}`)).json().moderation, 'pending');
    assert.equal((await staff('POST', '/suggestions/not-an-id/approve-and-trust')).statusCode, 400);
  });

  it("serves a suggestion's photo to its community's staff only", async () => {
    const jpeg = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
    const { payload, contentType } = await multipartBody({ text: '垃圾堆在楼道里' }, [
      { bytes: jpeg, filename: 'photo.jpg', type: 'image/jpeg' },
    ]);
    const sent = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/suggestions`,
      headers: { 'content-type': contentType, 'idempotency-key': randomUUID() },
      payload,
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const id = sent.json().id as string;
    const detail = (await staff('GET', `/suggestions/${id}`)).json();
    assert.equal(detail.photoIds.length, 1);
    const url = `/suggestions/${id}/photos/${detail.photoIds[0]}`;
    const photo = await staff('GET', url);
    assert.equal(photo.statusCode, 200);
    assert.match(photo.headers['content-type'] as string, /^image\//);
    assert.equal(photo.headers['cache-control'], 'private, no-store');
    const meta = await sharp(photo.rawPayload).metadata();
    assert.equal(meta.width, 120);
    assert.equal((await staff('GET', url, undefined, otherCookie)).statusCode, 404);
    assert.equal((await staff('GET', `/suggestions/${id}/photos/${randomUUID()}`)).statusCode, 404);
  });
});
