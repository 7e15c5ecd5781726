import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, events } from '../../../packages/server/src/db/schema.js';
import { type TestApp, testAppWithStaff } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { makeStaff, signIn } from '../../support/staff-fixtures.js';
import {
  publishedSuggestion,
  staffRequest,
  submit,
  support,
  VOTER_A,
  VOTER_B,
} from '../../support/suggestion-fixtures.js';

describe('the staff suggestion API', () => {
  let harness: TestApp;
  let siteKey: string;
  let communityId: string;
  let cookie: string;
  let staffId: string;

  before(async () => ({ harness, siteKey, communityId, cookie, staffId } = await testAppWithStaff()));
  after(() => harness.close());

  const auditOf = (id: string) =>
    harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'suggestion'), eq(auditLog.subjectId, id)))
      .orderBy(asc(auditLog.id));
  const eventsOf = (id: string) =>
    harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `suggestion:${id}`))
      .orderBy(asc(events.id));

  it('needs a session for every route', async () => {
    for (const [method, url] of [
      ['GET', '/admin/api/suggestions'],
      ['PATCH', `/admin/api/suggestions/${randomUUID()}`],
      ['POST', `/admin/api/suggestions/${randomUUID()}/merge`],
      ['GET', '/admin/api/suggestion-settings'],
    ] as const) {
      const response = await staffRequest(harness.app, '', method, url, method === 'GET' ? undefined : {});
      assert.equal(response.statusCode, 401, `${method} ${url}`);
    }
  });

  it('lists the moderation queue with name and masked phone, filtered by moderation and status', async () => {
    const created = (
      await submit(harness.app, siteKey, { text: '垃圾分类点太远了', name: '李阿姨', phone: '138 0013 8000' })
    ).json();
    const queue = await staffRequest(harness.app, cookie, 'GET', '/admin/api/suggestions?moderation=pending');
    assert.equal(queue.statusCode, 200, queue.body);
    const item = queue.json().items.find((entry: { id: string }) => entry.id === created.id);
    assert.equal(item.name, '李阿姨');
    assert.equal(item.phoneMasked, '•••••••8000');
    assert.equal(item.siteKey, siteKey);
    assert.doesNotMatch(queue.body, /138 0013 8000|13800138000/);
    const published = await staffRequest(harness.app, cookie, 'GET', '/admin/api/suggestions?moderation=published');
    assert.ok(!published.json().items.some((entry: { id: string }) => entry.id === created.id));
  });

  it('publishes, sets the status and answers, audited and announced live without staff-only fields', async () => {
    const created = (await submit(harness.app, siteKey, { text: '希望修好健身器材', phone: '13800138000' })).json();
    const patch = await staffRequest(harness.app, cookie, 'PATCH', `/admin/api/suggestions/${created.id}`, {
      moderation: 'publish',
      status: 'adopted',
      response: '已联系物业，下周更换。',
      note: '物业王经理负责',
    });
    assert.equal(patch.statusCode, 200, patch.body);
    const body = patch.json();
    assert.equal(body.moderation, 'published');
    assert.equal(body.status, 'adopted');
    assert.equal(body.response, '已联系物业，下周更换。');
    assert.ok(Date.parse(body.respondedAt) > Date.now() - 60_000);
    assert.equal(body.note, '物业王经理负责');

    const [entry] = await auditOf(created.id);
    assert.equal(entry?.action, 'suggestion.updated');
    assert.equal(entry?.actorId, staffId);
    assert.deepEqual(entry?.before, { moderation: 'pending', status: 'received', response: null, note: null });
    assert.deepEqual(entry?.after, {
      moderation: 'published',
      status: 'adopted',
      response: '已联系物业，下周更换。',
      note: '物业王经理负责',
    });
    const updated = (await eventsOf(created.id)).filter((event) => event.type === 'suggestion.updated');
    assert.equal(updated.length, 1);
    assert.equal((updated[0]?.payload as { response?: string } | undefined)?.response, '已联系物业，下周更换。');
    assert.doesNotMatch(JSON.stringify(updated[0]?.payload ?? null), /物业王经理|13800138000/);

    // A note alone changes nothing residents see: audited, not announced.
    await staffRequest(harness.app, cookie, 'PATCH', `/admin/api/suggestions/${created.id}`, { note: '已电话回访' });
    assert.equal((await eventsOf(created.id)).filter((event) => event.type === 'suggestion.updated').length, 1);
    assert.equal((await auditOf(created.id)).length, 2);

    // The board shows the answer and its date.
    const board = (await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` })).json();
    const shown = board.items.find((item: { id: string }) => item.id === created.id);
    assert.equal(shown.response, '已联系物业，下周更换。');
    assert.equal(shown.respondedAt, body.respondedAt);
  });

  it('rejects, marks spam and withdraws an answer', async () => {
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, '一条会被拒绝的建议', {
      response: '先答复',
    });
    const rejected = await staffRequest(harness.app, cookie, 'PATCH', `/admin/api/suggestions/${id}`, {
      moderation: 'reject',
      response: null,
    });
    assert.equal(rejected.json().moderation, 'rejected');
    assert.equal(rejected.json().response, null);
    assert.equal(rejected.json().respondedAt, null);
    const spam = await staffRequest(harness.app, cookie, 'PATCH', `/admin/api/suggestions/${id}`, {
      moderation: 'spam',
    });
    assert.equal(spam.json().moderation, 'spam');
    const board = (await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` })).json();
    assert.ok(!board.items.some((item: { id: string }) => item.id === id));
  });

  it('merges a duplicate: its supports move (a device that supported both counts once) and it leaves the board', async () => {
    const target = await publishedSuggestion(harness.app, siteKey, cookie, '小区需要更多停车位');
    const duplicate = await publishedSuggestion(harness.app, siteKey, cookie, '停车位不够用');
    await support(harness.app, siteKey, target.id, VOTER_A);
    await support(harness.app, siteKey, duplicate.id, VOTER_A);
    await support(harness.app, siteKey, duplicate.id, VOTER_B);
    const merged = await staffRequest(harness.app, cookie, 'POST', `/admin/api/suggestions/${duplicate.id}/merge`, {
      into: target.id,
    });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().id, target.id);
    assert.equal(merged.json().supportCount, 2);
    const board = (await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` })).json();
    assert.ok(!board.items.some((item: { id: string }) => item.id === duplicate.id));
    const followed = (
      await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions/follow/${duplicate.followCode}` })
    ).json();
    assert.equal(followed.mergedIntoId, target.id);
    assert.equal((await auditOf(duplicate.id)).at(-1)?.action, 'suggestion.merged');
    assert.ok((await eventsOf(target.id)).some((event) => event.type === 'suggestion.updated'));
    // Supporting the merged one is refused; merging again or into itself is refused.
    assert.equal((await support(harness.app, siteKey, duplicate.id, VOTER_B)).statusCode, 404);
    const again = await staffRequest(harness.app, cookie, 'POST', `/admin/api/suggestions/${duplicate.id}/merge`, {
      into: target.id,
    });
    assert.equal(again.statusCode, 409);
    const self = await staffRequest(harness.app, cookie, 'POST', `/admin/api/suggestions/${target.id}/merge`, {
      into: target.id,
    });
    assert.equal(self.statusCode, 400);
  });

  it('reveals a phone only on request, and audits the reveal', async () => {
    const created = (await submit(harness.app, siteKey, { text: '电话回访', phone: '+86 138-0013-8000' })).json();
    const revealed = await staffRequest(harness.app, cookie, 'POST', `/admin/api/suggestions/${created.id}/phone`);
    assert.equal(revealed.statusCode, 200, revealed.body);
    assert.deepEqual(revealed.json(), { phone: '+86 138-0013-8000' });
    assert.equal((await auditOf(created.id)).at(-1)?.action, 'suggestion.phone_revealed');
  });

  it('lets only admins change the settings, and audits the change', async () => {
    const put = await staffRequest(harness.app, cookie, 'PUT', '/admin/api/suggestion-settings', {
      preModerate: false,
      followUrl: null,
    });
    assert.equal(put.statusCode, 403);
    const read = await staffRequest(harness.app, cookie, 'GET', '/admin/api/suggestion-settings');
    assert.deepEqual(read.json(), { preModerate: true, followUrl: null });
    const admin = await makeStaff(harness.app.db, communityId, { role: 'admin' });
    const adminCookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    const bad = await staffRequest(harness.app, adminCookie, 'PUT', '/admin/api/suggestion-settings', {
      preModerate: false,
      followUrl: 'javascript:alert(1)//{code}',
    });
    assert.equal(bad.statusCode, 400);
    const done = await staffRequest(harness.app, adminCookie, 'PUT', '/admin/api/suggestion-settings', {
      preModerate: true,
      followUrl: 'https://www.example.org/follow/{code}',
    });
    assert.equal(done.statusCode, 200, done.body);
    const [entry] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'suggestion_settings.updated'), eq(auditLog.communityId, communityId)));
    assert.deepEqual(entry?.after, { preModerate: true, followUrl: 'https://www.example.org/follow/{code}' });
  });

  it('answers 404 for another community’s suggestion and 400 for bad changes, changing nothing', async () => {
    const other = await createCommunityWithSite(harness.app.db);
    const foreign = (await submit(harness.app, other.site.siteKey, { text: '别的社区的建议' })).json();
    for (const [method, url, body] of [
      ['GET', `/admin/api/suggestions/${foreign.id}`, undefined],
      ['PATCH', `/admin/api/suggestions/${foreign.id}`, { moderation: 'publish' }],
      ['POST', `/admin/api/suggestions/${foreign.id}/phone`, undefined],
      ['PATCH', `/admin/api/suggestions/${randomUUID()}`, { status: 'done' }],
    ] as const) {
      const response = await staffRequest(harness.app, cookie, method, url, body);
      assert.equal(response.statusCode, 404, `${method} ${url}`);
    }
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, '一条普通建议');
    const merge = await staffRequest(harness.app, cookie, 'POST', `/admin/api/suggestions/${id}/merge`, {
      into: foreign.id,
    });
    assert.equal(merge.statusCode, 404);
    for (const body of [
      {},
      { moderation: 'approve' },
      { status: 'closed' },
      { response: '   ' },
      { note: 'x'.repeat(4001) },
    ]) {
      const response = await staffRequest(harness.app, cookie, 'PATCH', `/admin/api/suggestions/${id}`, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
    }
    const after = (await staffRequest(harness.app, cookie, 'GET', `/admin/api/suggestions/${id}`)).json();
    assert.equal(after.status, 'received');
    assert.equal(after.response, null);
    assert.equal((await auditOf(id)).length, 1);
  });
});
