import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { events } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createBuilding } from '../../support/fixtures.js';
import { type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { publishedSuggestion, submit } from '../../support/suggestion-fixtures.js';

const token = () => randomBytes(18).toString('base64url');

describe('topics for residents: the page’s place, support, opinions before the meeting, nothing personal', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;
  const ids: Record<string, string> = {};

  const staff = async (url: string, body?: object, status = 201) => {
    const response = await staffRequest(
      harness.app,
      place.workerCookie,
      body ? 'POST' : 'GET',
      `/admin/api${url}`,
      body,
    );
    assert.equal(response.statusCode, status, response.body);
    return response.json();
  };
  const read = (url: string, siteKey = place.site.siteKey) =>
    harness.app.inject({ url: `/api/v1/sites/${siteKey}${url}` });
  const write = (method: 'POST' | 'DELETE', url: string, body: object | string, siteKey = place.site.siteKey) =>
    harness.app.inject({
      method,
      url: `/api/v1/sites/${siteKey}${url}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const titles = async (query: string) => {
    const response = await read(`/topics${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().items as { title: string }[]).map((item) => item.title).sort();
  };
  const snapshot = async () => {
    const result = (await harness.app.db.execute(
      sql`select (select count(*) from topic_opinions)::int as opinions, (select count(*) from topic_supports)::int as supports,
        (select coalesce(sum(support_count), 0))::int as counted from topics`,
    )) as unknown;
    const keys = (await harness.app.db.execute(sql`select count(*)::int as keys from idempotency_keys`)) as unknown;
    const rows = (value: unknown) => (Array.isArray(value) ? value : (value as { rows: unknown[] }).rows);
    return { ...(rows(result)[0] as object), ...(rows(keys)[0] as object) };
  };

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
    other = await repairCommunity(harness.app);
    const building5 = await createBuilding(harness.app.db, { communityId: place.community.id, name: '5号楼' });
    ids.building5 = building5.id;
    ids.community = (await staff('/topics', { scope: { type: 'community' }, title: '小区停车管理' })).id;
    ids.unit = (await staff('/topics', { scope: { type: 'unit', unitId: place.unit.id }, title: '1单元加装电梯' })).id;
    ids.five = (
      await staff('/topics', { scope: { type: 'building', buildingId: building5.id }, title: '5号楼外墙' })
    ).id;
    await staff('/representatives', {
      role: 'building-leader',
      buildingId: place.building.id,
      unitId: place.unit.id,
      displayName: '王阿姨',
    });
  });
  after(() => harness.close());

  it('lists the topics of a building or unit with community-wide ones, and 400s a place of another community', async () => {
    assert.deepEqual(await titles(''), ['1单元加装电梯', '5号楼外墙', '小区停车管理']);
    assert.deepEqual(await titles(`?unit=${place.unit.id}`), ['1单元加装电梯', '小区停车管理']);
    assert.deepEqual(await titles(`?building=${ids.building5}`), ['5号楼外墙', '小区停车管理']);
    assert.equal((await read(`/topics?building=${other.building.id}`)).statusCode, 400);
    assert.equal((await read(`/topics/${ids.unit}`, other.site.siteKey)).statusCode, 404);
  });

  it('counts one support per device, and a withdrawal', async () => {
    const voter = token();
    for (const expected of [1, 1]) {
      const response = await write('POST', `/topics/${ids.unit}/supports`, { voterToken: voter });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { supported: true, supportCount: expected });
    }
    assert.equal((await write('POST', `/topics/${ids.unit}/supports`, { voterToken: token() })).json().supportCount, 2);
    assert.equal((await write('DELETE', `/topics/${ids.unit}/supports`, { voterToken: voter })).json().supportCount, 1);
  });

  it('keeps opinions for staff, shows published ones with phone numbers masked, and closes them once deliberated', async () => {
    const sent = await write('POST', `/topics/${ids.unit}/opinions`, {
      text: '同意装，有事打13800138000',
      voterToken: token(),
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.deepEqual(Object.keys(sent.json()).sort(), ['id', 'moderation']);
    const spam = await write('POST', `/topics/${ids.unit}/opinions`, { text: '广告', website: 'http://spam.example' });
    assert.deepEqual(spam.json().moderation, 'pending');
    assert.deepEqual((await read(`/topics/${ids.unit}`)).json().opinions, []);
    await staff(`/topics/${ids.unit}/opinions/${sent.json().id}/moderation`, { action: 'publish' }, 200);
    const topic = (await read(`/topics/${ids.unit}`)).json();
    assert.deepEqual(
      topic.opinions.map((opinion: { text: string }) => opinion.text),
      ['同意装，有事打138••••8000'],
    );
    const staffView = await staff(`/topics/${ids.unit}`, undefined, 200);
    assert.deepEqual(staffView.opinions.map((opinion: { moderation: string }) => opinion.moderation).sort(), [
      'published',
      'spam',
    ]);
    await staff(`/topics/${ids.unit}/status`, { status: 'scheduled', reason: '开会' }, 200);
    await staff(`/topics/${ids.unit}/status`, { status: 'deliberated', reason: '已讨论' }, 200);
    const late = await write('POST', `/topics/${ids.unit}/opinions`, { text: '我也同意' });
    assert.equal(late.statusCode, 409, late.body);
  });

  it('answers bad input with a 4xx in the error shape and writes nothing', async () => {
    const before = await snapshot();
    const cases: [string, object | string, number][] = [
      [`/topics/${ids.community}/supports`, { voterToken: 'short' }, 400],
      [`/topics/${ids.community}/supports`, {}, 400],
      [`/topics/${ids.community}/opinions`, { text: '   ' }, 400],
      [`/topics/${ids.community}/opinions`, { text: 'x'.repeat(501) }, 400],
      [`/topics/${ids.community}/opinions`, { text: 'ok', extra: true }, 400],
      [`/topics/${ids.community}/opinions`, '{not json', 400],
      [`/topics/${randomUUID()}/opinions`, { text: 'ok' }, 404],
      [`/topics/${ids.unit}/opinions`, { text: 'ok' }, 409],
    ];
    for (const [url, body, status] of cases) {
      const response = await write('POST', url, body);
      assert.equal(response.statusCode, status, `${url} ${JSON.stringify(body)}: ${response.body}`);
      assert.equal(typeof response.json().error.code, 'string');
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('never carries staff, devices, pending opinions or contact details in a public answer', async () => {
    const body = (await read(`/topics/${ids.unit}`)).body;
    const topic = JSON.parse(body);
    assert.deepEqual(
      topic.representatives.map((person: object) => Object.keys(person).sort()),
      [['buildingName', 'displayName', 'id', 'role', 'unitName']],
    );
    for (const secret of [
      place.worker.id,
      place.worker.email,
      '13800138000',
      '广告',
      'createdBy',
      'deviceHash',
      'moderation',
    ]) {
      assert.ok(!body.includes(secret), `public topic carries ${secret}`);
    }
  });

  it('tells the follower of a suggestion which topic it became, with nothing about the sender or staff', async () => {
    const sent = await submit(harness.app, place.site.siteKey, {
      text: '3单元电梯老是停，希望议一议',
      name: '李先生',
      phone: '13912345678',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const { id, followCode } = sent.json();
    const follow = () => read(`/suggestions/follow/${followCode}`);
    assert.deepEqual((await follow()).json().topics, []);

    const topic = await staff('/topics', { scope: { type: 'community' }, title: '电梯维保', suggestionIds: [id] });
    const response = await follow();
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().topics, [{ id: topic.id, title: '电梯维保' }]);
    // Its live event carries the same list, so an open follow page takes it as any changed field.
    const [told] = await harness.app.db
      .select()
      .from(events)
      .where(and(eq(events.topic, `suggestion:${id}`), eq(events.type, 'suggestion.topic')));
    assert.deepEqual((told?.payload as { topics?: unknown } | undefined)?.topics, response.json().topics);
    for (const secret of ['李先生', '13912345678', place.worker.id, 'createdBy', 'suggestionIds']) {
      assert.ok(!response.body.includes(secret), `follow answer carries ${secret}`);
    }
    // Another community's site does not find it by the code.
    assert.equal((await read(`/suggestions/follow/${followCode}`, other.site.siteKey)).statusCode, 404);
  });

  it('shows on the board which topic a suggestion became (id and public title only), for its supporters', async () => {
    const { id } = await publishedSuggestion(
      harness.app,
      place.site.siteKey,
      place.workerCookie,
      '北门路灯坏了，晚上太黑',
    );
    const plain = await publishedSuggestion(harness.app, place.site.siteKey, place.workerCookie, '垃圾桶不够用');
    const board = async () => {
      const response = await read('/suggestions?limit=50');
      assert.equal(response.statusCode, 200, response.body);
      const items = response.json().items as { id: string; topics: unknown }[];
      return { body: response.body, topicsOf: (which: string) => items.find((item) => item.id === which)?.topics };
    };
    assert.deepEqual((await board()).topicsOf(id), []);
    const topic = await staff('/topics', {
      scope: { type: 'community' },
      title: '北门照明',
      summary: '内部备注不公开以外的说明',
      suggestionIds: [id],
    });
    const after = await board();
    assert.deepEqual(after.topicsOf(id), [{ id: topic.id, title: '北门照明' }]);
    assert.deepEqual(after.topicsOf(plain.id), []);
    for (const secret of ['summary', 'createdBy', place.worker.id, 'suggestionIds', 'status":"proposed']) {
      assert.ok(!after.body.includes(secret), `board carries ${secret}`);
    }
  });

  it('tells the follower of a suggestion merged into another that the other became a topic, on the page and live', async () => {
    const target = await publishedSuggestion(
      harness.app,
      place.site.siteKey,
      place.workerCookie,
      '小区东门需要无障碍坡道',
    );
    const duplicate = await publishedSuggestion(harness.app, place.site.siteKey, place.workerCookie, '东门加个坡道');
    await staff(`/suggestions/${duplicate.id}/merge`, { into: target.id }, 200);
    const follow = async () => {
      const response = await read(`/suggestions/follow/${duplicate.followCode}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    assert.deepEqual((await follow()).topics, []);
    const topic = await staff('/topics', {
      scope: { type: 'community' },
      title: '东门无障碍',
      suggestionIds: [target.id],
    });
    const followed = await follow();
    assert.equal(followed.mergedIntoId, target.id);
    assert.deepEqual(followed.topics, [{ id: topic.id, title: '东门无障碍' }]);
    const [told] = await harness.app.db
      .select()
      .from(events)
      .where(and(eq(events.topic, `suggestion:${duplicate.id}`), eq(events.type, 'suggestion.topic')));
    const payload = told?.payload as { id?: string; topics?: unknown } | undefined;
    assert.deepEqual({ id: payload?.id, topics: payload?.topics }, { id: duplicate.id, topics: followed.topics });
  });

  it('tells the follower of a suggestion merged into one already discussed as a topic, on the page and live', async () => {
    const target = await publishedSuggestion(harness.app, place.site.siteKey, place.workerCookie, '南门外卖车乱停');
    const topic = await staff('/topics', {
      scope: { type: 'community' },
      title: '南门秩序',
      suggestionIds: [target.id],
    });
    const duplicate = await publishedSuggestion(harness.app, place.site.siteKey, place.workerCookie, '南门电动车太多');
    await staff(`/suggestions/${duplicate.id}/merge`, { into: target.id }, 200);
    const followed = (await read(`/suggestions/follow/${duplicate.followCode}`)).json();
    assert.deepEqual(followed.topics, [{ id: topic.id, title: '南门秩序' }]);
    const [told] = await harness.app.db
      .select()
      .from(events)
      .where(and(eq(events.topic, `suggestion:${duplicate.id}`), eq(events.type, 'suggestion.topic')));
    assert.deepEqual(told?.payload, { id: duplicate.id, topics: followed.topics });
  });
});
