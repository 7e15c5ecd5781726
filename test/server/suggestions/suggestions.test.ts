import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { events, suggestionSupports, suggestions } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp, testAppWithStaff } from '../../support/app.js';
import { createCategory, createCommunityWithSite } from '../../support/fixtures.js';
import { PROOF_HEADER, solve } from '../../support/proof-of-work.js';
import { communityWithStaff } from '../../support/staff-fixtures.js';
import {
  publishedSuggestion,
  staffRequest,
  submit,
  support,
  VOTER_A,
  VOTER_B,
} from '../../support/suggestion-fixtures.js';

describe('the public suggestion API', () => {
  let harness: TestApp;
  let siteKey: string;
  let communityId: string;
  let cookie: string;
  let categoryId: string;

  before(async () => {
    ({ harness, siteKey, communityId, cookie } = await testAppWithStaff());
    categoryId = (await createCategory(harness.app.db, { communityId, kind: 'suggestion' })).id;
  });
  after(() => harness.close());

  it('stores a new suggestion as pending with a follow code and the hosted follow link', async () => {
    const response = await submit(harness.app, siteKey, { text: '  三号楼电梯经常坏，希望尽快更换  ', categoryId });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), ['followCode', 'followUrl', 'id', 'residentKey', 'status']);
    assert.equal(body.status, 'received');
    assert.match(body.followCode, /^[2-9A-HJKMNP-Z]{10}$/);
    assert.equal(body.followUrl, `http://localhost:8080/p/${siteKey}/follow/${body.followCode}`);
    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, body.id));
    assert.equal(row?.text, '三号楼电梯经常坏，希望尽快更换');
    assert.equal(row?.categoryId, categoryId);
    assert.equal(row?.moderation, 'pending');
    // Pending suggestions are not on the board.
    const list = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` });
    assert.ok(!list.json().items.some((item: { id: string }) => item.id === body.id));
  });

  it('shows a pending suggestion to its follower by code, and 404 for an unknown code', async () => {
    const { followCode, id } = (await submit(harness.app, siteKey, { text: '小区门口路灯不亮' })).json();
    const followed = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions/follow/${followCode}` });
    assert.equal(followed.statusCode, 200, followed.body);
    assert.equal(followed.json().id, id);
    assert.equal(followed.json().moderation, 'pending');
    assert.equal(followed.json().text, '小区门口路灯不亮');
    const unknown = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions/follow/ABCDEFGHJK` });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'COURTYARD_NOT_FOUND');
    const malformed = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions/follow/abc` });
    assert.equal(malformed.statusCode, 400);
  });

  it('publishes at once when the community turns pre-moderation off', async () => {
    const { site, cookie: adminCookie } = await communityWithStaff(harness.app, { role: 'admin' });
    const put = await staffRequest(harness.app, adminCookie, 'PUT', '/admin/api/suggestion-settings', {
      preModerate: false,
      followUrl: 'https://www.example.org/follow?code={code}',
    });
    assert.equal(put.statusCode, 200, put.body);
    const created = (await submit(harness.app, site.siteKey, { text: '希望增加健身器材' })).json();
    assert.ok(!('moderation' in created), 'the answer is the same whether it waits or not');
    assert.equal(created.followUrl, `https://www.example.org/follow?code=${created.followCode}`);
    const list = (await harness.app.inject({ url: `/api/v1/sites/${site.siteKey}/suggestions` })).json();
    assert.deepEqual(
      list.items.map((item: { id: string }) => item.id),
      [created.id],
    );
  });

  it('keeps a honeypot hit as spam for staff to review instead of dropping it, answering as for any other', async () => {
    const response = await submit(harness.app, siteKey, { text: 'cheap watches', website: 'http://spam.example' });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(Object.keys(response.json()).sort(), ['followCode', 'followUrl', 'id', 'residentKey', 'status']);
    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, response.json().id));
    assert.equal(row?.moderation, 'spam');
    assert.equal(row?.reviewReason, 'honeypot');
  });

  it('lists published suggestions newest or most supported first, by status, with a cursor', async () => {
    const { site, cookie: staffCookie } = await communityWithStaff(harness.app);
    const first = await publishedSuggestion(harness.app, site.siteKey, staffCookie, '第一条建议');
    const second = await publishedSuggestion(harness.app, site.siteKey, staffCookie, '第二条建议', {
      status: 'adopted',
    });
    const third = await publishedSuggestion(harness.app, site.siteKey, staffCookie, '第三条建议');
    await support(harness.app, site.siteKey, first.id, VOTER_A);
    await support(harness.app, site.siteKey, first.id, VOTER_B);
    await support(harness.app, site.siteKey, second.id, VOTER_A);
    const list = async (query: string) =>
      (await harness.app.inject({ url: `/api/v1/sites/${site.siteKey}/suggestions?${query}` })).json();

    assert.deepEqual(
      (await list('')).items.map((item: { id: string }) => item.id),
      [third.id, second.id, first.id],
    );
    const bySupport = await list('sort=supported');
    assert.deepEqual(
      bySupport.items.map((item: { id: string; supportCount: number }) => [item.id, item.supportCount]),
      [
        [first.id, 2],
        [second.id, 1],
        [third.id, 0],
      ],
    );
    assert.deepEqual(
      (await list('status=adopted')).items.map((item: { id: string }) => item.id),
      [second.id],
    );
    // Pages of one follow each other without gaps or repeats, in both orders.
    for (const sort of ['newest', 'supported']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((item: { id: string }) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        (await list(`sort=${sort}`)).items.map((item: { id: string }) => item.id),
      );
    }
    const bad = await harness.app.inject({ url: `/api/v1/sites/${site.siteKey}/suggestions?cursor=nonsense` });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'COURTYARD_VALIDATION');
  });

  it('counts one support per device, withdraws it, and 50 concurrent supports from one token count once', async () => {
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, '楼道里堆放杂物，请清理');
    const first = await support(harness.app, siteKey, id, VOTER_A);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { supported: true, supportCount: 1 });
    assert.deepEqual((await support(harness.app, siteKey, id, VOTER_A)).json(), { supported: true, supportCount: 1 });
    assert.deepEqual((await support(harness.app, siteKey, id, VOTER_B)).json(), { supported: true, supportCount: 2 });
    const withdrawn = await support(harness.app, siteKey, id, VOTER_A, 'DELETE');
    assert.deepEqual(withdrawn.json(), { supported: false, supportCount: 1 });
    assert.deepEqual((await support(harness.app, siteKey, id, VOTER_A, 'DELETE')).json(), {
      supported: false,
      supportCount: 1,
    });

    const crowd = 'crowdCrowdCrowdCrowdCrowd';
    const answers = await Promise.all(Array.from({ length: 50 }, () => support(harness.app, siteKey, id, crowd)));
    for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
    const rows = await harness.app.db.select().from(suggestionSupports).where(eq(suggestionSupports.suggestionId, id));
    assert.equal(rows.length, 2);
    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, id));
    assert.equal(row?.supportCount, 2);
    // The token is stored only as a keyed hash.
    assert.ok(rows.every((stored) => !stored.voterHash.includes(crowd) && !stored.voterHash.includes(VOTER_B)));
  });

  it('emits the new support count on the suggestion topic', async () => {
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, '希望增设快递柜');
    await support(harness.app, siteKey, id, VOTER_A);
    const emitted = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `suggestion:${id}`));
    const supports = emitted.filter((event) => event.type === 'suggestion.supports');
    assert.deepEqual(supports.at(-1)?.payload, { id, supportCount: 1 });
    assert.ok(emitted.every((event) => event.communityId === communityId));
  });

  it('refuses supports for pending, unknown or malformed suggestions, and bad voter tokens', async () => {
    const pending = (await submit(harness.app, siteKey, { text: '待审核的建议' })).json();
    for (const id of [pending.id, randomUUID()]) {
      const response = await support(harness.app, siteKey, id, VOTER_A);
      assert.equal(response.statusCode, 404, response.body);
      assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
    }
    assert.equal((await support(harness.app, siteKey, 'not-a-uuid', VOTER_A)).statusCode, 400);
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, '已发布的建议');
    for (const token of ['short', 'has spaces in it and is long', 'x'.repeat(65)]) {
      assert.equal((await support(harness.app, siteKey, id, token)).statusCode, 400, token);
    }
  });

  it('finds similar published suggestions in Chinese, and none among pending ones', async () => {
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, '三号楼的电梯坏了好几天，老人上下楼很困难');
    await submit(harness.app, siteKey, { text: '五号楼电梯坏了（待审核）' });
    await publishedSuggestion(harness.app, siteKey, cookie, '希望在小区里多种一些树');
    const similar = async (q: string) =>
      (
        await harness.app.inject({
          url: `/api/v1/sites/${siteKey}/suggestions/similar?q=${encodeURIComponent(q)}`,
        })
      ).json();
    const found = await similar('电梯坏了');
    assert.equal(found.items[0]?.id, id, JSON.stringify(found));
    assert.ok(found.items.every((item: { text: string }) => !item.text.includes('待审核')));
    assert.deepEqual(Object.keys(found.items[0]).sort(), ['id', 'status', 'supportCount', 'text']);
    assert.deepEqual((await similar('完全无关的内容')).items, []);
    const short = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions/similar?q=a` });
    assert.equal(short.statusCode, 400);
  });

  it('replays a retried submission instead of storing it twice', async () => {
    const key = randomUUID();
    const text = `重试的建议 ${randomUUID()}`;
    const first = await submit(harness.app, siteKey, { text }, key);
    const again = await submit(harness.app, siteKey, { text }, key);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    const rows = await harness.app.db.select().from(suggestions).where(eq(suggestions.text, text));
    assert.equal(rows.length, 1);
    const other = await submit(harness.app, siteKey, { text: `${text}!` }, key);
    assert.equal(other.statusCode, 422);
  });

  it('keeps communities apart: B neither lists, follows nor supports A’s suggestions', async () => {
    const { id, followCode } = await publishedSuggestion(harness.app, siteKey, cookie, '社区A的建议');
    const other = (await createCommunityWithSite(harness.app.db)).site.siteKey;
    const list = (await harness.app.inject({ url: `/api/v1/sites/${other}/suggestions` })).json();
    assert.deepEqual(list.items, []);
    const follow = await harness.app.inject({ url: `/api/v1/sites/${other}/suggestions/follow/${followCode}` });
    assert.equal(follow.statusCode, 404);
    assert.equal((await support(harness.app, other, id, VOTER_A)).statusCode, 404);
    const similar = await harness.app.inject({ url: `/api/v1/sites/${other}/suggestions/similar?q=社区A的建议` });
    assert.deepEqual(similar.json().items, []);
  });

  it('serves the hosted follow page with the board widget for that code, under a strict CSP', async () => {
    const { followCode } = (await submit(harness.app, siteKey, { text: '跟进页面测试' })).json();
    const page = await harness.app.inject({ url: `/p/${siteKey}/follow/${followCode}` });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
    assert.match(page.body, /<html lang="zh-CN">/);
    assert.ok(page.body.includes(`<courtyard-suggestion-board follow="${followCode}"></courtyard-suggestion-board>`));
    assert.ok(page.body.includes(`<script src="/embed/v1/courtyard.js" data-site="${siteKey}" async></script>`));
    assert.doesNotMatch(page.body, /跟进页面测试/, 'the text comes from the API, not the page');
    const other = (await createCommunityWithSite(harness.app.db)).site.siteKey;
    for (const url of [
      `/p/${siteKey}/follow/ABCDEFGHJK`,
      `/p/${other}/follow/${followCode}`,
      `/p/nosuchsite/follow/${followCode}`,
    ]) {
      assert.equal((await harness.app.inject({ url })).statusCode, 404, url);
    }
    assert.equal((await harness.app.inject({ url: `/p/${siteKey}/follow/<script>` })).statusCode, 400);
  });

  it('asks a sender past the soft rate limit for a proof of work, then stores the suggestion as any other', async () => {
    const limited = await buildTestApp({
      env: { COURTYARD_RATE_IP_SOFT: '1', COURTYARD_RATE_IP_HARD: '100', COURTYARD_POW_DIFFICULTY: '20' },
    });
    try {
      const { site } = await createCommunityWithSite(limited.app.db);
      const first = await submit(limited.app, site.siteKey, { text: '第一条' });
      assert.equal(first.statusCode, 201, first.body);
      const key = randomUUID();
      const asked = await submit(limited.app, site.siteKey, { text: '第二条' }, key);
      const proof = await solve(asked);
      const second = await submit(limited.app, site.siteKey, { text: '第二条' }, key, { [PROOF_HEADER]: proof });
      assert.equal(second.statusCode, 201, second.body);
      const [row] = await limited.app.db.select().from(suggestions).where(eq(suggestions.id, second.json().id));
      assert.equal(row?.text, '第二条');
      assert.equal(row?.moderation, 'pending');
    } finally {
      await limited.close();
    }
  });
});
