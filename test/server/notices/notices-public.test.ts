import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { events } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, listen, type TestApp } from '../../support/app.js';
import { auditActions } from '../../support/audit.js';
import { createBuilding } from '../../support/fixtures.js';
import { type RepairCommunity, staffRequest, withTwoRepairCommunities } from '../../support/repair-fixtures.js';
import { connectSse, isTopicEvent } from '../../support/sse-client.js';

const token = () => randomBytes(18).toString('base64url');

describe('notices for residents: the page’s place, live updates, follow and offers of help', () => {
  let harness: TestApp;
  let base: string;
  let place: RepairCommunity;
  let other: RepairCommunity;
  let building5: Awaited<ReturnType<typeof createBuilding>>;
  const ids: Record<string, string> = {};

  const staff = (method: 'GET' | 'POST', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const publish = async (title: string, scope: object, cookie = place.workerCookie) => {
    const response = await staff('POST', '/notices', { kind: 'outage', title, scope }, cookie);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  const read = (url: string, siteKey = place.site.siteKey) =>
    harness.app.inject({ url: `/api/v1/sites/${siteKey}${url}` });
  const write = (method: 'POST' | 'DELETE', url: string, body: object, siteKey = place.site.siteKey) =>
    harness.app.inject({
      method,
      url: `/api/v1/sites/${siteKey}${url}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: JSON.stringify(body),
    });
  const titles = async (query: string) => {
    const response = await read(`/notices${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().items as { title: string }[]).map((item) => item.title);
  };
  const snapshot = async () => {
    const result = (await harness.app.db.execute(
      sql`select (select count(*) from notice_offers)::int as offers, (select count(*) from notice_followers)::int as followers,
        (select count(*) from idempotency_keys)::int as keys, (select count(*) from events)::int as events`,
    )) as unknown;
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0];
  };

  before(async () => {
    ({ harness, place, other } = await withTwoRepairCommunities(await buildTestApp()));
    base = await listen(harness.app);
    building5 = await createBuilding(harness.app.db, {
      communityId: place.community.id,
      name: '5号楼',
      units: [{ name: '1单元' }],
    });
    const unit2 = (await harness.app.db.query.units.findMany()).find(
      (unit) => unit.buildingId === place.building.id && unit.id !== place.unit.id,
    );
    ids.community = await publish('全小区停电检修', { type: 'community' });
    ids.floors = await publish('3号楼1–5层停水', {
      type: 'floors',
      buildingId: place.building.id,
      floorFrom: 1,
      floorTo: 5,
    });
    ids.unit2 = await publish('3号楼2单元电梯停运', { type: 'unit', unitId: unit2?.id });
    ids.building5 = await publish('5号楼外墙施工', { type: 'building', buildingId: building5.id });
    ids.foreign = await publish('别的小区的通知', { type: 'community' }, other.workerCookie);
  });
  after(() => harness.close());

  it('shows a building’s page the community’s notices and every notice of that building, newest first', async () => {
    assert.deepEqual(await titles(`?building=${place.building.id}`), [
      '3号楼2单元电梯停运',
      '3号楼1–5层停水',
      '全小区停电检修',
    ]);
    assert.deepEqual(await titles(`?building=${building5.id}`), ['5号楼外墙施工', '全小区停电检修']);
  });

  it('shows a unit’s page its building’s notices for the whole building or its floors, not another unit’s', async () => {
    assert.deepEqual(await titles(`?unit=${place.unit.id}`), ['3号楼1–5层停水', '全小区停电检修']);
  });

  it('shows every notice of the community without a place, and none of another community', async () => {
    const all = await titles('');
    assert.deepEqual(all, ['5号楼外墙施工', '3号楼2单元电梯停运', '3号楼1–5层停水', '全小区停电检修']);
    assert.equal((await read(`/notices/${ids.foreign}`)).statusCode, 404);
    assert.equal((await read(`/notices/${ids.floors}`, other.site.siteKey)).statusCode, 404);
  });

  it('refuses a place of another community or an unknown one with a 400', async () => {
    for (const query of [`?building=${other.building.id}`, `?unit=${other.unit.id}`, `?building=${randomUUID()}`]) {
      const response = await read(`/notices${query}`);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'COURTYARD_UNKNOWN_LOCATION');
    }
    const mismatched = await read(`/notices?building=${building5.id}&unit=${place.unit.id}`);
    assert.equal(mismatched.statusCode, 400);
    assert.equal((await read('/notices?state=gone')).statusCode, 400);
    assert.equal((await read('/notices?cursor=nope')).statusCode, 400);
  });

  it('sends no staff, repair or device detail: the public shape is an allowlist', async () => {
    const notice = (await read(`/notices/${ids.floors}`)).json();
    assert.deepEqual(Object.keys(notice).sort(), [
      'body',
      'closedAt',
      'closingText',
      'createdAt',
      'expectedEndAt',
      'followerCount',
      'id',
      'kind',
      'offers',
      'scope',
      'startsAt',
      'title',
      'updates',
    ]);
    assert.equal(notice.scope.buildingName, '3号楼');
  });

  it('delivers a new update to a page at once over the event stream', async () => {
    const stream = await connectSse(
      `${base}/api/v1/sites/${place.site.siteKey}/events?topics=notice:${ids.floors},notice:${ids.community}`,
    );
    try {
      await stream.next((message) => message.id !== undefined);
      const posted = await staff('POST', `/notices/${ids.floors}/updates`, { text: '维修工已到场，正在更换水管' });
      assert.equal(posted.statusCode, 201, posted.body);
      const message = await stream.next(isTopicEvent, 10_000);
      assert.equal(message.event, 'notice.updated');
      const data = JSON.parse(message.data as string);
      assert.equal(data.topic, `notice:${ids.floors}`);
      assert.equal(data.payload.update.text, '维修工已到场，正在更换水管');
      assert.equal(JSON.stringify(data).includes(place.worker.id), false);
      const closed = await staff('POST', `/notices/${ids.community}/close`, { closingText: '已恢复供电' });
      assert.equal(closed.statusCode, 200);
      const closing = await stream.next(isTopicEvent, 10_000);
      assert.equal(closing.event, 'notice.closed');
      assert.equal(JSON.parse(closing.data as string).payload.closingText, '已恢复供电');
    } finally {
      stream.close();
    }
  });

  it('counts a device’s follow once however often it asks, and lets it stop', async () => {
    const device = token();
    const first = await write('POST', `/notices/${ids.floors}/follow`, { voterToken: device });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { following: true, followerCount: 1 });
    const again = await write('POST', `/notices/${ids.floors}/follow`, { voterToken: device });
    assert.deepEqual(again.json(), { following: true, followerCount: 1 });
    const second = await write('POST', `/notices/${ids.floors}/follow`, { voterToken: token() });
    assert.equal(second.json().followerCount, 2);
    const stop = await write('DELETE', `/notices/${ids.floors}/follow`, { voterToken: device });
    assert.deepEqual(stop.json(), { following: false, followerCount: 1 });
    assert.equal((await read(`/notices/${ids.floors}`)).json().followerCount, 1);
  });

  it('keeps offers of help for staff; once published they show with the phone masked', async () => {
    const sent = await write('POST', `/notices/${ids.floors}/offers`, {
      text: '302有桶装水，随时敲门，电话13800138000',
      voterToken: token(),
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().moderation, 'pending');
    assert.deepEqual((await read(`/notices/${ids.floors}`)).json().offers, []);
    const honeypot = await write('POST', `/notices/${ids.floors}/offers`, { text: '广告', website: 'http://spam' });
    assert.equal(honeypot.statusCode, 201);
    assert.deepEqual(Object.keys(honeypot.json()).sort(), ['id', 'moderation']);
    const detail = (await staff('GET', `/notices/${ids.floors}`)).json();
    const moderations = Object.fromEntries(
      detail.offers.map((offer: { id: string; moderation: string }) => [offer.id, offer.moderation]),
    );
    assert.deepEqual(moderations, { [sent.json().id]: 'pending', [honeypot.json().id]: 'spam' });
    // Staff's console hears of both alike, by the notice's id alone: no text, nothing to tell spam apart.
    const received = await harness.app.db
      .select({ payload: events.payload })
      .from(events)
      .where(and(eq(events.topic, `notice:${ids.floors}`), eq(events.type, 'notice.offer_received')));
    assert.deepEqual(
      received.map((event) => event.payload),
      [{ id: ids.floors }, { id: ids.floors }],
    );
    const published = await staff('POST', `/notices/${ids.floors}/offers/${sent.json().id}/moderation`, {
      action: 'publish',
    });
    assert.equal(published.statusCode, 200, published.body);
    const offers = (await read(`/notices/${ids.floors}`)).json().offers as { text: string }[];
    assert.deepEqual(
      offers.map((offer) => offer.text),
      ['302有桶装水，随时敲门，电话138••••8000'],
    );
    // Taken down again: gone from the page, and its text is not sent to pages a second time.
    const rejected = await staff('POST', `/notices/${ids.floors}/offers/${sent.json().id}/moderation`, {
      action: 'reject',
    });
    assert.equal(rejected.statusCode, 200);
    assert.deepEqual((await read(`/notices/${ids.floors}`)).json().offers, []);
    // Rejected again (nothing changes) and then marked as spam (never shown either way): pages hear nothing.
    for (const action of ['reject', 'spam']) {
      const moderated = await staff('POST', `/notices/${ids.floors}/offers/${sent.json().id}/moderation`, { action });
      assert.equal(moderated.statusCode, 200, moderated.body);
    }
    // The repeated rejection changed nothing, so it is not audited either.
    assert.deepEqual(await auditActions(harness.app.db, sent.json().id), [
      'notice.offer_moderated',
      'notice.offer_moderated',
      'notice.offer_moderated',
    ]);
    const offerEvents = await harness.app.db
      .select()
      .from(events)
      .where(and(eq(events.topic, `notice:${ids.floors}`), eq(events.type, 'notice.offer')))
      .orderBy(asc(events.id));
    assert.deepEqual(
      offerEvents.map((event) => event.payload),
      [
        { id: ids.floors, offer: offers[0] ? { ...offers[0], id: sent.json().id } : {}, shown: true },
        { id: ids.floors, offer: { id: sent.json().id }, shown: false },
      ],
    );
  });

  it('refuses bad follows and offers with a 4xx and writes nothing', async () => {
    const before = await snapshot();
    const cases: [string, 'POST' | 'DELETE', string, object, number][] = [
      ['short token', 'POST', `/notices/${ids.floors}/follow`, { voterToken: 'x' }, 400],
      ['no token', 'POST', `/notices/${ids.floors}/follow`, {}, 400],
      ['empty offer', 'POST', `/notices/${ids.floors}/offers`, { text: '' }, 400],
      ['blank offer', 'POST', `/notices/${ids.floors}/offers`, { text: '   ' }, 400],
      ['long offer', 'POST', `/notices/${ids.floors}/offers`, { text: '水'.repeat(301) }, 400],
      ['extra field', 'POST', `/notices/${ids.floors}/offers`, { text: '有水', phone: '13800138000' }, 400],
      ['unknown notice', 'POST', `/notices/${randomUUID()}/offers`, { text: '有水' }, 404],
      ['other community', 'POST', `/notices/${ids.foreign}/offers`, { text: '有水' }, 404],
      ['other community follow', 'POST', `/notices/${ids.foreign}/follow`, { voterToken: token() }, 404],
      ['closed notice', 'POST', `/notices/${ids.community}/offers`, { text: '有水' }, 409],
    ];
    for (const [what, method, url, body, status] of cases) {
      const response = await write(method, url, body);
      assert.equal(response.statusCode, status, `${what}: ${response.body}`);
      assert.ok(response.json().error.code, what);
    }
    const keyless = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/notices/${ids.floors}/offers`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: '有水' }),
    });
    assert.equal(keyless.statusCode, 400);
    assert.equal(keyless.json().error.code, 'COURTYARD_IDEMPOTENCY_KEY_REQUIRED');
    assert.deepEqual(await snapshot(), before);
  });

  it('announces a new notice and its end on the lists of the pages showing its place, not on other buildings’', async () => {
    const eventsUrl = (topics: string, siteKey = place.site.siteKey) =>
      `${base}/api/v1/sites/${siteKey}/events?topics=${topics}`;
    // Building 5's page, building 3's page, a page without a place, and another community's page.
    const five = await connectSse(eventsUrl(`notices:community,notices:${building5.id}`));
    const three = await connectSse(eventsUrl(`notices:community,notices:${place.building.id}`));
    const all = await connectSse(eventsUrl('notices:all'));
    const foreign = await connectSse(eventsUrl('notices:all,notices:community', other.site.siteKey));
    const streams = [five, three, all, foreign];
    try {
      for (const stream of streams) await stream.next((message) => message.id !== undefined);
      const next = async (stream: typeof five) => {
        const data = JSON.parse((await stream.next(isTopicEvent, 10_000)).data as string);
        return { topic: data.topic, type: data.type, id: data.payload.notice?.id ?? data.payload.id, data };
      };

      const outage = await publish('5号楼1–5层停水', {
        type: 'floors',
        buildingId: building5.id,
        floorFrom: 1,
        floorTo: 5,
      });
      const added = await next(five);
      assert.deepEqual([added.topic, added.type, added.id], [`notices:${building5.id}`, 'notices.added', outage]);
      assert.deepEqual(added.data.payload.notice, (await read(`/notices/${outage}`)).json(), 'as the list shows it');
      assert.deepEqual((await next(all)).id, outage);
      const closed = await staff('POST', `/notices/${outage}/close`, { closingText: '02:00 已恢复供水' });
      assert.equal(closed.statusCode, 200, closed.body);
      const ended = await next(five);
      assert.deepEqual(
        [ended.type, ended.id, ended.data.payload.closingText],
        ['notices.closed', outage, '02:00 已恢复供水'],
      );
      assert.deepEqual([(await next(all)).type], ['notices.closed']);

      // A community-wide notice reaches every building's page; it is the first thing building 3's and the
      // other community's pages hear, so building 5's outage never reached them.
      const everyone = await publish('全小区明日停电', { type: 'community' });
      for (const stream of [five, three, all]) {
        const event = await next(stream);
        assert.deepEqual(
          [event.topic === 'notices:all' || event.topic === 'notices:community', event.id],
          [true, everyone],
        );
      }
      const theirs = await publish('别的小区停水', { type: 'community' }, other.workerCookie);
      const first = await next(foreign);
      assert.equal(first.id, theirs);
      // Two list events per change, whatever its scope.
      const listEvents = await harness.app.db
        .select({ topic: events.topic })
        .from(events)
        .where(and(eq(events.type, 'notices.added'), sql`${events.payload}->'notice'->>'id' = ${outage}`));
      assert.deepEqual(
        listEvents.map((event) => event.topic).sort(),
        ['notices:all', `notices:${building5.id}`].sort(),
      );
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('refuses a list topic that is not a topic with a 400', async () => {
    for (const topics of ['notices:', 'notices:a,b', `notices:${'a'.repeat(65)}`, 'noticez:all']) {
      const response = await read(`/events?topics=${encodeURIComponent(topics)}`);
      assert.equal(response.statusCode, 400, `${topics}: ${response.body}`);
    }
  });
});
