import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { events, repairRequests } from '../../../packages/server/src/db/schema.js';
import { weeklyFigures } from '../../../packages/server/src/repositories/dashboard.js';
import { zhCN as repairZhCN } from '../../../packages/widgets/src/components/repair-request/translations/zh-CN.js';
import { type LiveTestApp, liveTestApp } from '../../support/app.js';
import { auditActions as auditActionsOf } from '../../support/audit.js';
import { withoutRandomParts } from '../../support/privacy.js';
import {
  postRepair,
  type RepairCommunity,
  staffRequest,
  withTwoRepairCommunities,
} from '../../support/repair-fixtures.js';
import { isTopicEvent } from '../../support/sse-client.js';

describe('incidents: several reports of one fault merged into one', () => {
  let harness: LiveTestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;
  const residentKeys = new Map<string, string>();

  /** A report of the burst pipe; answers its id and tracking code. */
  const report = async (community = place, extra: object = {}) => {
    const response = await postRepair(harness.app, community.site.siteKey, {
      category: community.leak.id,
      buildingId: community.building.id,
      description: '5号楼停水了',
      answers: { where: 'kitchen' },
      phone: '13800138000',
      ...extra,
    });
    assert.equal(response.statusCode, 201, response.body);
    const { trackingCode, residentKey } = response.json();
    residentKeys.set(trackingCode, residentKey);
    const [row] = await harness.app.db
      .select({ id: repairRequests.id })
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, trackingCode));
    return { id: row!.id, code: trackingCode as string };
  };
  const staff = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const publicView = async (code: string) =>
    (await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}` })).json();
  const incidentIds = async (ids: string[]) =>
    (
      await harness.app.db
        .select({ id: repairRequests.id, incidentId: repairRequests.incidentId, status: repairRequests.status })
        .from(repairRequests)
        .where(inArray(repairRequests.id, ids))
    ).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  /** What was audited on a report, in any community: a refused merge across communities audits nothing anywhere. */
  const auditActions = (subjectId: string) => auditActionsOf(harness.app.db, subjectId);
  const eventTypes = async (code: string) =>
    (
      await harness.app.db
        .select({ type: events.type })
        .from(events)
        .where(and(eq(events.communityId, place.community.id), eq(events.topic, `repair:${code}`)))
        .orderBy(events.id)
    ).map((row) => row.type);

  before(async () => ({ harness, place, other } = await withTwoRepairCommunities(await liveTestApp())));
  after(() => harness.close());

  it('merges reports into a lead: they keep their codes, take its status, and staff see them on the lead', async () => {
    const lead = await report();
    const second = await report();
    const third = await report();
    await staff('POST', `/repairs/${lead.id}/updates`, { status: 'acknowledged', public: true });
    const merged = await staff('POST', '/incidents', { leadId: lead.id, repairIds: [second.id, third.id] });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().id, lead.id);
    assert.deepEqual(
      merged.json().reports.map((item: { trackingCode: string }) => item.trackingCode),
      [second.code, third.code],
    );
    assert.deepEqual(
      (await incidentIds([second.id, third.id])).map((row) => [row.incidentId, row.status]),
      [
        [lead.id, 'acknowledged'],
        [lead.id, 'acknowledged'],
      ],
    );
    const detail = (await staff('GET', `/repairs/${lead.id}`)).json();
    assert.equal(detail.mergedReports.length, 2);
    const mergedDetail = (await staff('GET', `/repairs/${second.id}`)).json();
    assert.equal(mergedDetail.incidentId, lead.id);
    assert.deepEqual(mergedDetail.nextStatuses, [], 'a merged report moves with its incident');
    assert.deepEqual(await auditActions(second.id), ['repair.merged']);
    assert.equal((await publicView(second.code)).trackingCode, second.code);

    const again = await staff('POST', '/incidents', { leadId: lead.id, repairIds: [second.id] });
    assert.equal(again.statusCode, 200, 'merging into the same incident again is a no-op');
    assert.deepEqual(await auditActions(second.id), ['repair.merged']);
  });

  it("gives merged reports the lead's updates live; webhooks hear the incident once, by the lead", async () => {
    const lead = await report();
    const follower = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [follower.id] });
    const stream = await harness.connect(`/api/v1/sites/${place.site.siteKey}/repairs/${follower.code}/events`);
    await stream.next((message) => message.comments.includes('connected') || !!message.retry);

    const posted = await staff('POST', `/repairs/${lead.id}/updates`, {
      status: 'in_progress',
      note: '已关总阀，正在抢修',
      public: true,
    });
    assert.equal(posted.statusCode, 201, posted.body);
    const live = JSON.parse((await stream.next(isTopicEvent)).data as string);
    assert.equal(live.type, 'repair.changed');
    assert.equal(live.payload.status, 'in_progress');

    const view = await publicView(follower.code);
    assert.equal(view.status, 'in_progress');
    assert.deepEqual(
      view.timeline.map((entry: { kind: string; status: string | null; note: string | null }) => [
        entry.kind,
        entry.status,
        entry.note,
      ]),
      [
        ['created', 'received', null],
        ['update', 'in_progress', '已关总阀，正在抢修'],
      ],
    );
    assert.ok(!JSON.stringify(view).includes(lead.code), "a merged report's page never shows the lead's code");

    // An internal note on the lead stays internal everywhere.
    await staff('POST', `/repairs/${lead.id}/updates`, { note: '内部：401 也漏', public: false });
    assert.ok(!withoutRandomParts(JSON.stringify(await publicView(follower.code))).includes('401'));

    assert.deepEqual(await eventTypes(lead.code), ['repair.created', 'repair.updated', 'repair.changed']);
    assert.ok(
      (await eventTypes(follower.code)).every((type) => type === 'repair.created' || type === 'repair.changed'),
      'merged reports get live-only events, so no webhook fires for them',
    );
  });

  it('refuses progress posted on a merged report (409), and writes nothing', async () => {
    const lead = await report();
    const follower = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [follower.id] });
    const refused = await staff('POST', `/repairs/${follower.id}/updates`, { status: 'resolved', public: true });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'COURTYARD_CONFLICT');
    assert.equal((await incidentIds([follower.id]))[0]!.status, 'received');
  });

  it('closes merged reports with the lead when its resident confirms; they cannot confirm alone', async () => {
    const lead = await report();
    const follower = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [follower.id] });
    await staff('POST', `/repairs/${lead.id}/updates`, { status: 'resolved', note: '凌晨两点恢复供水', public: true });
    const view = await publicView(follower.code);
    assert.equal(view.status, 'resolved');
    assert.equal(view.canConfirm, false);
    const confirm = (code: string) =>
      harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}/confirmation`,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        payload: JSON.stringify({ outcome: 'fixed', residentKey: residentKeys.get(code) }),
      });
    const alone = await confirm(follower.code);
    assert.equal(alone.statusCode, 409, alone.body);
    const confirmed = await confirm(lead.code);
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal((await publicView(follower.code)).status, 'closed');
  });

  it('unmerges: the report is on its own again and no longer hears the incident', async () => {
    const lead = await report();
    const follower = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [follower.id] });
    const unmerged = await staff('DELETE', `/incidents/${lead.id}/reports/${follower.id}`);
    assert.equal(unmerged.statusCode, 200, unmerged.body);
    assert.deepEqual(unmerged.json().reports, []);
    assert.deepEqual(await auditActions(follower.id), ['repair.merged', 'repair.unmerged']);
    await staff('POST', `/repairs/${lead.id}/updates`, { status: 'scheduled', note: '明早八点', public: true });
    const view = await publicView(follower.code);
    assert.equal(view.status, 'received');
    assert.ok(!JSON.stringify(view).includes('明早八点'));
    assert.equal((await staff('DELETE', `/incidents/${lead.id}/reports/${follower.id}`)).statusCode, 404);
    const own = await staff('POST', `/repairs/${follower.id}/updates`, { status: 'acknowledged', public: true });
    assert.equal(own.statusCode, 201, 'an unmerged report takes progress of its own again');
  });

  it('counts an incident once on the dashboard and keeps merged reports out of the inbox', async () => {
    const before = await weeklyFigures(harness.app.db, place.community.id, 'Asia/Shanghai', 1);
    const lead = await report();
    const a = await report();
    const b = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [a.id, b.id] });
    const after = await weeklyFigures(harness.app.db, place.community.id, 'Asia/Shanghai', 1);
    assert.equal(after.at(-1)!.repairsReceived - before.at(-1)!.repairsReceived, 1);
    const inbox = (await staff('GET', '/inbox?limit=100')).json();
    const ids = new Set(inbox.items.map((item: { id: string }) => item.id));
    assert.ok(ids.has(lead.id) && !ids.has(a.id) && !ids.has(b.id));
  });

  it('answers bad input with 400 and writes nothing', async () => {
    const lead = await report();
    const follower = await report();
    const cases: object[] = [
      { leadId: 'not-a-uuid', repairIds: [follower.id] },
      { leadId: lead.id, repairIds: [] },
      { leadId: lead.id, repairIds: [follower.id, follower.id] },
      { leadId: lead.id, repairIds: [lead.id] },
      { leadId: lead.id, repairIds: [follower.id], extra: true },
      { leadId: lead.id },
    ];
    for (const body of cases) {
      const response = await staff('POST', '/incidents', body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
    }
    assert.equal((await staff('DELETE', `/incidents/nope/reports/${follower.id}`)).statusCode, 400);
    assert.deepEqual(
      (await incidentIds([lead.id, follower.id])).map((row) => row.incidentId),
      [null, null],
    );
    assert.deepEqual(await auditActions(follower.id), []);
  });

  it("refuses another community's repairs as unknown (404), all or nothing", async () => {
    const lead = await report();
    const mine = await report();
    const theirs = await report(other);
    const intoMine = await staff('POST', '/incidents', { leadId: lead.id, repairIds: [mine.id, theirs.id] });
    assert.equal(intoMine.statusCode, 404, intoMine.body);
    const intoTheirs = await staff('POST', '/incidents', { leadId: theirs.id, repairIds: [mine.id] });
    assert.equal(intoTheirs.statusCode, 404);
    assert.equal((await staff('GET', `/incidents/${theirs.id}`)).statusCode, 404);
    assert.deepEqual(
      (await incidentIds([mine.id, theirs.id])).map((row) => row.incidentId),
      [null, null],
      'the first, valid report was not merged either',
    );
    const merged = await harness.app.db
      .select({ id: repairRequests.id })
      .from(repairRequests)
      .where(and(eq(repairRequests.communityId, other.community.id), isNotNull(repairRequests.incidentId)));
    assert.equal(merged.length, 0);
  });

  it('refuses to merge a closed repair or into one (409), and chains of incidents', async () => {
    const lead = await report();
    const closed = await report();
    await staff('POST', `/repairs/${closed.id}/updates`, { status: 'closed', public: true });
    const closedReport = await staff('POST', '/incidents', { leadId: lead.id, repairIds: [closed.id] });
    assert.equal(closedReport.statusCode, 409, closedReport.body);
    const closedLead = await staff('POST', '/incidents', { leadId: closed.id, repairIds: [lead.id] });
    assert.equal(closedLead.statusCode, 409);

    const follower = await report();
    const another = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [follower.id] });
    const intoFollower = await staff('POST', '/incidents', { leadId: follower.id, repairIds: [another.id] });
    assert.equal(intoFollower.statusCode, 409, 'a merged report does not lead an incident');
    const leadElsewhere = await staff('POST', '/incidents', { leadId: another.id, repairIds: [lead.id] });
    assert.equal(leadElsewhere.statusCode, 409, 'a lead is not merged while it has reports');
    const moved = await staff('POST', '/incidents', { leadId: another.id, repairIds: [follower.id] });
    assert.equal(moved.statusCode, 409, 'a report is unmerged before it joins another incident');
    assert.deepEqual(
      (await incidentIds([closed.id, another.id, follower.id])).map((row) => row.incidentId),
      [null, null, lead.id],
    );
  });
  it('tells a resident about to report what is already open in that building and category, nothing personal', async () => {
    const lead = await report(place, { room: '501', name: '王阿姨', description: '厨房水管爆了 王阿姨家' });
    const follower = await report();
    await staff('POST', '/incidents', { leadId: lead.id, repairIds: [follower.id] });
    await staff('POST', `/repairs/${lead.id}/updates`, {
      status: 'in_progress',
      note: '已关总阀，正在抢修',
      public: true,
    });
    const lighting = await report(place, { category: place.lighting.id, answers: {} });
    const url = `/api/v1/sites/${place.site.siteKey}/open-repairs?category=${place.leak.id}&building=${place.building.id}`;
    const response = await harness.app.inject({ url });
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json().items as {
      id: string;
      reports: number;
      status: string;
      follow: string;
      text: { en: string; 'zh-CN': string };
    }[];
    assert.ok(items.length <= 3);
    const item = items.find((candidate) => candidate.id === lead.id);
    assert.ok(item, 'the incident is listed');
    assert.equal(item.reports, 2);
    assert.equal(item.status, 'in_progress');
    assert.equal(new URL(item.follow).pathname, `/p/${place.site.siteKey}/incidents/${lead.id}`);
    assert.match(item.text.en, /^Already reported: Water leak in 3号楼 since .+\. Follow it instead\?$/);
    assert.match(item.text['zh-CN'], /^已有人报修：3号楼水管漏水，/);
    assert.ok(!items.some((candidate) => candidate.id === follower.id || candidate.id === lighting.id));
    const shown = withoutRandomParts(response.body);
    for (const secret of [lead.code, follower.code, '王阿姨', '501', '13800138000', '厨房水管爆了']) {
      assert.ok(!shown.includes(secret), `${secret} is not shown: ${shown}`);
    }
    const bad = await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/open-repairs?category=x` });
    assert.equal(bad.statusCode, 400);
    const elsewhere = await harness.app.inject({
      url: `/api/v1/sites/${other.site.siteKey}/open-repairs?category=${place.leak.id}&building=${place.building.id}`,
    });
    assert.deepEqual(elsewhere.json().items, [], "another community's site lists none of these");

    const page = await harness.app.inject({ url: new URL(item.follow).pathname });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /已关总阀，正在抢修/);
    assert.ok(page.body.includes(`<strong>${repairZhCN.in_progress}</strong>`), 'the status in the widget’s words');
    assert.match(page.headers['content-security-policy'] as string, /script-src 'none'|default-src 'none'/);
    const onPage = withoutRandomParts(page.body);
    for (const secret of [lead.code, '王阿姨', '501', '13800138000', '厨房水管爆了']) {
      assert.ok(!onPage.includes(secret), `${secret} is not on the page`);
    }
    const mergedPage = await harness.app.inject({ url: `/p/${place.site.siteKey}/incidents/${follower.id}` });
    assert.equal(mergedPage.statusCode, 404, 'a merged report is followed through its lead');
    const foreign = await harness.app.inject({ url: `/p/${other.site.siteKey}/incidents/${lead.id}` });
    assert.equal(foreign.statusCode, 404);
  });
});
