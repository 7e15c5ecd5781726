import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, events, repairRequests, suggestions } from '../../../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../../../support/app.js';
import {
  countRepairs,
  postRepair,
  type RepairCommunity,
  repairCommunity,
} from '../../../../support/repair-fixtures.js';
import { deliveriesOf, makeEndpoint } from '../../../../support/webhook-fixtures.js';

describe('staff record what arrives elsewhere, on a resident’s behalf', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  const record = (
    kind: 'repairs' | 'suggestions',
    body: object,
    options: { cookie?: string; key?: string | null; headers?: Record<string, string> } = {},
  ) =>
    harness.app.inject({
      method: 'POST',
      url: `/admin/api/${kind}`,
      headers: {
        'content-type': 'application/json',
        ...(options.cookie === '' ? {} : { cookie: options.cookie ?? place.workerCookie }),
        ...(options.key === null ? {} : { 'idempotency-key': options.key ?? randomUUID() }),
        ...options.headers,
      },
      payload: JSON.stringify(body),
    });
  const phoneRepair = (extra: object = {}) => ({
    source: 'phone',
    contactConsent: true,
    contactNote: '晚上六点后打电话',
    category: place.leak.id,
    buildingId: place.building.id,
    unitId: place.unit.id,
    room: '501',
    description: '电话报修：厨房水管漏水',
    answers: { where: 'kitchen' },
    name: '王阿姨',
    phone: '13800138000',
    ...extra,
  });
  const wechatSuggestion = (extra: object = {}) => ({
    source: 'wechat-group',
    contactConsent: false,
    text: '群里说：希望三号楼门口加一个长椅',
    categoryId: place.suggestion.id,
    name: '李大爷',
    ...extra,
  });
  const countSuggestions = async () =>
    (
      await harness.app.db
        .select({ count: sql<number>`count(*)::int` })
        .from(suggestions)
        .where(eq(suggestions.communityId, place.community.id))
    )[0]!.count;
  const auditOf = (subjectId: string) =>
    harness.app.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId));

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
  });
  after(() => harness.close());

  it('records a phone repair: the tracking code to read out, the widget’s timeline, audited with the staff member, live and to webhooks', async () => {
    const endpoint = await makeEndpoint(harness.app.db, {
      communityId: place.community.id,
      url: 'https://hooks.example.org/repairs',
      events: ['repair.created'],
    });
    const response = await record('repairs', phoneRepair());
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json();
    assert.match(created.trackingCode, /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(created.status, 'received');
    assert.ok(created.trackUrl.endsWith(`/p/${place.site.siteKey}/track/${created.trackingCode}`), created.trackUrl);
    assert.equal('residentKey' in created, false);

    const [row] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.id, created.id));
    assert.equal(row?.source, 'phone');
    assert.equal(row?.contactConsent, true);
    assert.equal(row?.contactNote, '晚上六点后打电话');
    assert.equal(row?.contactPhone, '13800138000');
    assert.equal(row?.siteId, place.site.id);

    // The resident follows it like any other; nothing staff-only leaves through the public view.
    const publicView = await harness.app.inject({
      url: `/api/v1/sites/${place.site.siteKey}/repairs/${created.trackingCode}`,
    });
    assert.equal(publicView.statusCode, 200, publicView.body);
    assert.equal(publicView.json().timeline[0].kind, 'created');
    for (const secret of ['晚上六点后', '13800138000', '王阿姨', 'phone']) assert.ok(!publicView.body.includes(secret));

    const detail = await harness.app.inject({
      url: `/admin/api/repairs/${created.id}`,
      headers: { cookie: place.adminCookie },
    });
    assert.equal(detail.json().source, 'phone');
    assert.equal(detail.json().timeline[0].author, 'resident', 'the resident’s report, not a staff answer');
    assert.equal(detail.json().contact.consent, true);
    assert.equal(detail.json().contact.note, '晚上六点后打电话');
    const inbox = await harness.app.inject({ url: '/admin/api/inbox', headers: { cookie: place.workerCookie } });
    const item = inbox.json().items.find((entry: { id: string }) => entry.id === created.id);
    assert.equal(item?.source, 'phone', 'the inbox says where it arrived');

    const [entry] = await auditOf(created.id);
    assert.equal(entry?.action, 'repair.recorded');
    assert.equal(entry?.actorId, place.worker.id);
    assert.deepEqual(entry?.after, { source: 'phone', contactConsent: true });

    const [event] = await harness.app.db
      .select()
      .from(events)
      .where(and(eq(events.communityId, place.community.id), eq(events.topic, `repair:${created.trackingCode}`)));
    assert.equal(event?.type, 'repair.created');
    assert.equal((await deliveriesOf(harness.app.db, endpoint.id)).length, 1, 'the chat-group bot hears of it');
  });

  it('records a suggestion from a WeChat group: moderated as the widget’s are, followed by its code, audited', async () => {
    const response = await record('suggestions', wechatSuggestion({ contactNote: '群昵称：老李' }), {
      cookie: place.adminCookie,
    });
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json();
    assert.equal(created.status, 'received');
    assert.ok(created.followUrl.endsWith(`/p/${place.site.siteKey}/follow/${created.followCode}`));

    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, created.id));
    assert.equal(row?.source, 'wechat-group');
    assert.equal(row?.contactConsent, false);
    assert.equal(row?.contactNote, '群昵称：老李');
    assert.equal(row?.moderation, 'pending', 'the community pre-moderates, whoever typed it');

    const followed = await harness.app.inject({
      url: `/api/v1/sites/${place.site.siteKey}/suggestions/follow/${created.followCode}`,
    });
    assert.equal(followed.statusCode, 200);
    assert.ok(!followed.body.includes('老李') && !followed.body.includes('李大爷'));

    const staffView = await harness.app.inject({
      url: `/admin/api/suggestions/${created.id}`,
      headers: { cookie: place.workerCookie },
    });
    assert.equal(staffView.json().source, 'wechat-group');
    assert.equal(staffView.json().contactConsent, false);
    assert.equal(staffView.json().contactNote, '群昵称：老李');

    const [entry] = await auditOf(created.id);
    assert.equal(entry?.action, 'suggestion.recorded');
    assert.equal(entry?.actorId, place.admin.id);
    const [event] = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `suggestion:${created.id}`));
    assert.equal(event?.type, 'suggestion.created');
  });

  it('stores a recording sent twice with one Idempotency-Key once, and answers the first answer again', async () => {
    const key = randomUUID();
    const before = await countRepairs(harness.app.db, place.community.id);
    const first = await record('repairs', phoneRepair({ source: 'paper' }), { key });
    const second = await record('repairs', phoneRepair({ source: 'paper' }), { key });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().trackingCode, first.json().trackingCode);
    assert.equal(await countRepairs(harness.app.db, place.community.id), before + 1);
    // The same key with something else is refused, not stored.
    const other = await record('repairs', phoneRepair({ source: 'visit' }), { key });
    assert.equal(other.statusCode, 422);

    const suggestionKey = randomUUID();
    const suggestionsBefore = await countSuggestions();
    const a = await record('suggestions', wechatSuggestion(), { key: suggestionKey });
    const b = await record('suggestions', wechatSuggestion(), { key: suggestionKey });
    assert.equal(b.json().followCode, a.json().followCode);
    assert.equal(await countSuggestions(), suggestionsBefore + 1);
  });

  it('counts what arrived by source on the dashboard: the widget’s and each kind staff record', async () => {
    type BySource = { source: string; suggestions: number; repairs: number }[];
    const bySource = async () => {
      const response = await harness.app.inject({
        url: '/admin/api/dashboard',
        headers: { cookie: place.workerCookie },
      });
      assert.equal(response.statusCode, 200, response.body);
      return Object.fromEntries((response.json().bySource as BySource).map((row) => [row.source, row]));
    };
    const before = await bySource();
    assert.deepEqual(Object.keys(before), [
      'widget',
      'open311',
      'wechat-group',
      'phone',
      'visit',
      'paper',
      'hotline-12345',
    ]);
    await record('repairs', phoneRepair({ source: 'hotline-12345' }));
    await record('repairs', phoneRepair({ source: 'hotline-12345' }));
    await record('suggestions', wechatSuggestion({ source: 'visit' }));
    const widget = await postRepair(harness.app, place.site.siteKey, {
      category: place.lighting.id,
      buildingId: place.building.id,
      description: '楼道灯不亮',
    });
    assert.equal(widget.statusCode, 201, widget.body);
    const after = await bySource();
    const grew = (source: string, kind: 'suggestions' | 'repairs') => after[source]![kind] - before[source]![kind];
    assert.equal(grew('hotline-12345', 'repairs'), 2);
    assert.equal(grew('visit', 'suggestions'), 1);
    assert.equal(grew('widget', 'repairs'), 1);
    assert.equal(grew('phone', 'repairs'), 0);
    assert.equal(grew('open311', 'repairs'), 0);
  });

  it('refuses, writing nothing: no session 401, from another site 403, bad source or missing consent 400', async () => {
    const repairs = await countRepairs(harness.app.db, place.community.id);
    const suggestionCount = await countSuggestions();
    const { contactConsent: _consent, ...withoutConsent } = phoneRepair();
    const refusals: [string, Awaited<ReturnType<typeof record>>, number][] = [
      ['no session', await record('repairs', phoneRepair(), { cookie: '' }), 401],
      ['no session', await record('suggestions', wechatSuggestion(), { cookie: '' }), 401],
      [
        'another site',
        await record('repairs', phoneRepair(), {
          headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        }),
        403,
      ],
      ['unknown source', await record('repairs', phoneRepair({ source: 'carrier-pigeon' }), {}), 400],
      [
        'the widget is not a source staff record',
        await record('suggestions', wechatSuggestion({ source: 'widget' })),
        400,
      ],
      ['missing consent', await record('repairs', withoutConsent), 400],
      ['missing consent', await record('suggestions', { ...wechatSuggestion(), contactConsent: undefined }), 400],
      ['consent as text', await record('suggestions', wechatSuggestion({ contactConsent: 'yes' })), 400],
      ['no Idempotency-Key', await record('repairs', phoneRepair(), { key: null }), 400],
      ['unknown category', await record('repairs', phoneRepair({ category: randomUUID() })), 400],
      ['a blank note', await record('suggestions', wechatSuggestion({ contactNote: '   ' })), 400],
      ['an unknown field', await record('suggestions', wechatSuggestion({ website: 'x' })), 400],
    ];
    for (const [why, response, status] of refusals) {
      assert.equal(response.statusCode, status, `${why}: ${response.body}`);
      const { error } = response.json();
      assert.match(error.code, /^COURTYARD_/, why);
      assert.equal(typeof error.message, 'string', why);
    }
    assert.equal(await countRepairs(harness.app.db, place.community.id), repairs);
    assert.equal(await countSuggestions(), suggestionCount);
  });
});
