import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { auditLog } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createBuilding } from '../../support/fixtures.js';
import { type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { deliveriesOf, settled } from '../../support/webhook-fixtures.js';
import { type Receiver, startReceiver, verified, webhookTestEnv } from '../../support/webhook-receiver.js';

const DINGTALK_SECRET = 'SEC1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988';
const FEISHU_SECRET = 'feishu-bot-secret-3Kq9';

describe('notices to chat groups: routed per building or unit, signed for DingTalk and Feishu', () => {
  let harness: TestApp;
  let receiver: Receiver;
  let place: RepairCommunity;
  let other: RepairCommunity;
  let building5: Awaited<ReturnType<typeof createBuilding>>;

  before(async () => {
    receiver = await startReceiver();
    harness = await buildTestApp({ env: webhookTestEnv });
    place = await repairCommunity(harness.app);
    other = await repairCommunity(harness.app);
    building5 = await createBuilding(harness.app.db, { communityId: place.community.id, name: '5号楼' });
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: object, cookie = place.adminCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const addEndpoint = async (body: object) => {
    const response = await admin('POST', '/webhooks', {
      name: '楼栋群',
      url: receiver.url(`/${randomUUID()}`),
      events: ['notice.published', 'notice.updated', 'notice.closed'],
      ...body,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; url: string; secret: string; scope: unknown; botSigned: boolean };
  };
  const receivedAt = (url: string) =>
    receiver.received.filter((request) => request.path.startsWith(new URL(url).pathname));
  const publish = async (scope: object, title = '5号楼1–5层停水') => {
    const response = await admin('POST', '/notices', {
      kind: 'outage',
      title,
      body: '一楼厨房水管爆裂，已关闭总阀。',
      scope,
      expectedEndAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string };
  };
  const endpointCount = async () => {
    const result = (await harness.app.db.execute(sql`select count(*)::int as n from webhook_endpoints`)) as unknown;
    return ((Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as { n: number }).n;
  };

  it("sends building 5's notice, its update and its closing to building 5's group only, linking the public page", async () => {
    const group5 = await addEndpoint({ format: 'wecom', scope: { buildingId: building5.id } });
    const group3 = await addEndpoint({ format: 'wecom', scope: { buildingId: place.building.id } });
    const everything = await addEndpoint({ format: 'json' });
    assert.deepEqual(group5.scope, { buildingId: building5.id, unitId: null });
    const notice = await publish({ type: 'floors', buildingId: building5.id, floorFrom: 1, floorTo: 5 });
    assert.equal((await admin('POST', `/notices/${notice.id}/updates`, { text: '维修工已到场' })).statusCode, 201);
    assert.equal(
      (await admin('POST', `/notices/${notice.id}/close`, { closingText: '02:00 已恢复供水' })).statusCode,
      200,
    );
    const deliveries = await settled(harness.app, group5.id, 3);
    assert.deepEqual(deliveries.map((delivery) => delivery.state).sort(), ['delivered', 'delivered', 'delivered']);
    await settled(harness.app, everything.id, 3);
    assert.deepEqual(await deliveriesOf(harness.app.db, group3.id), []);
    assert.deepEqual(receivedAt(group3.url), []);

    const cards = receivedAt(group5.url).map((request) => JSON.parse(request.body).markdown.content as string);
    const page = `http://localhost:8080/p/${place.site.siteKey}/notices/${notice.id}`;
    assert.equal(cards.length, 3);
    for (const card of cards) {
      assert.ok(card.includes(`(${page})`), card);
      assert.ok(!card.includes('/admin'), card);
    }
    assert.ok(cards.some((card) => card.includes('5号楼 1–5层') && card.includes('5号楼1–5层停水')));
    assert.ok(cards.some((card) => card.includes('进展: 维修工已到场')));
    assert.ok(cards.some((card) => card.includes('已结束: 02:00 已恢复供水')));

    const [json] = receivedAt(everything.url);
    const payload = verified(everything.secret, json as never) as {
      data: { pageUrl: string; notice: { title: string } };
    };
    assert.equal(payload.data.pageUrl, page);
    assert.equal(payload.data.notice.title, '5号楼1–5层停水');
  });

  it('sends a community-wide notice to every building’s group, and a unit’s group only its unit’s', async () => {
    await harness.app.db.execute(sql`update webhook_endpoints set enabled = false`);
    const unit2 = (await harness.app.db.query.units.findMany()).find(
      (unit) => unit.buildingId === place.building.id && unit.id !== place.unit.id,
    );
    const group5 = await addEndpoint({ format: 'feishu', scope: { buildingId: building5.id } });
    const unit1 = await addEndpoint({ format: 'dingtalk', scope: { unitId: place.unit.id } });
    assert.deepEqual(unit1.scope, { buildingId: place.building.id, unitId: place.unit.id });
    await publish({ type: 'community' }, '全小区停电检修');
    await publish({ type: 'unit', unitId: unit2?.id }, '3号楼2单元电梯停运');
    await publish({ type: 'floors', unitId: place.unit.id, floorFrom: 3, floorTo: 3 }, '3号楼1单元3层漏水');
    await settled(harness.app, group5.id, 1);
    await settled(harness.app, unit1.id, 2);
    const titlesOf = (url: string) => receivedAt(url).map((request) => request.body);
    assert.equal(titlesOf(group5.url).length, 1);
    assert.ok(titlesOf(group5.url)[0]?.includes('全小区停电检修'));
    const unitTitles = titlesOf(unit1.url);
    assert.equal(unitTitles.length, 2);
    assert.ok(unitTitles.some((body) => body.includes('全小区停电检修')));
    assert.ok(unitTitles.some((body) => body.includes('3号楼1单元3层漏水')));
    assert.ok(!unitTitles.some((body) => body.includes('电梯停运')));
  });

  it('signs DingTalk (加签) in the URL and Feishu (签名校验) in the body, as a receiver checks them', async () => {
    await harness.app.db.execute(sql`update webhook_endpoints set enabled = false`);
    const dingtalk = await addEndpoint({ format: 'dingtalk', botSecret: DINGTALK_SECRET });
    const feishu = await addEndpoint({ format: 'feishu', botSecret: FEISHU_SECRET });
    assert.equal(dingtalk.botSigned, true);
    assert.ok(!JSON.stringify(dingtalk).includes(DINGTALK_SECRET));
    const notice = await publish({ type: 'building', buildingId: building5.id });
    await settled(harness.app, dingtalk.id, 1);
    await settled(harness.app, feishu.id, 1);

    const [ding] = receivedAt(dingtalk.url);
    const query = new URL(ding?.path as string, 'http://receiver').searchParams;
    const timestamp = query.get('timestamp') as string;
    assert.ok(Math.abs(Date.now() - Number(timestamp)) < 60 * 60_000, 'DingTalk wants the time in ms, within an hour');
    const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
    assert.equal(query.get('sign'), expected);
    const dingBody = JSON.parse(ding?.body as string);
    assert.equal(dingBody.msgtype, 'markdown');
    assert.ok(dingBody.markdown.text.includes(`/p/${place.site.siteKey}/notices/${notice.id}`));

    const [fei] = receivedAt(feishu.url);
    const feiBody = JSON.parse(fei?.body as string);
    assert.match(feiBody.timestamp, /^\d{10}$/);
    assert.ok(Math.abs(Date.now() / 1000 - Number(feiBody.timestamp)) < 3600);
    const feiSign = createHmac('sha256', `${feiBody.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
    assert.equal(feiBody.sign, feiSign);
    assert.equal(feiBody.msg_type, 'post');
    const link = feiBody.content.post.zh_cn.content.flat().find((tag: { tag: string }) => tag.tag === 'a');
    assert.equal(link.href, `http://localhost:8080/p/${place.site.siteKey}/notices/${notice.id}`);
    assert.equal(link.text, '查看通知');

    const audit = await harness.app.db.select().from(auditLog).where(eq(auditLog.subjectId, dingtalk.id));
    assert.ok(!JSON.stringify(audit).includes(DINGTALK_SECRET), 'the audit log never keeps the bot secret');
  });

  it('refuses a scope of another community, a bot secret on a format that signs nothing, and bad secrets; nothing written', async () => {
    const before = await endpointCount();
    const cases: object[] = [
      { format: 'wecom', scope: { buildingId: other.building.id } },
      { format: 'wecom', scope: { unitId: other.unit.id } },
      { format: 'wecom', scope: { buildingId: building5.id, unitId: place.unit.id } },
      { format: 'wecom', scope: {} },
      { format: 'wecom', botSecret: 'SECabc' },
      { format: 'json', botSecret: 'SECabc' },
      { format: 'dingtalk', botSecret: 'has space' },
      { format: 'dingtalk', botSecret: '' },
    ];
    for (const body of cases) {
      const response = await admin('POST', '/webhooks', {
        name: 'x',
        url: receiver.url('/refused'),
        events: ['notice.published'],
        ...body,
      });
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
    }
    const mine = await addEndpoint({ format: 'dingtalk' });
    const patch = await admin('PATCH', `/webhooks/${mine.id}`, { scope: { buildingId: other.building.id } });
    assert.equal(patch.statusCode, 400);
    const toWecom = await admin('PATCH', `/webhooks/${mine.id}`, { botSecret: 'SECabc', format: 'wecom' });
    assert.equal(toWecom.statusCode, 400);
    const unchanged = (await admin('GET', `/webhooks/${mine.id}`)).json();
    assert.equal(unchanged.scope, null);
    assert.equal(unchanged.format, 'dingtalk');
    assert.equal(unchanged.botSigned, false);
    // Another community's admin cannot scope or sign this endpoint: it is not theirs.
    const foreign = await admin('PATCH', `/webhooks/${mine.id}`, { botSecret: 'SECabc' }, other.adminCookie);
    assert.equal(foreign.statusCode, 404);
    assert.equal(await endpointCount(), before + 1);
    const scoped = await admin('PATCH', `/webhooks/${mine.id}`, {
      scope: { unitId: place.unit.id },
      botSecret: 'SECx',
    });
    assert.equal(scoped.statusCode, 200, scoped.body);
    assert.deepEqual(scoped.json().scope, { buildingId: place.building.id, unitId: place.unit.id });
    const cleared = await admin('PATCH', `/webhooks/${mine.id}`, { scope: null, botSecret: null });
    assert.deepEqual([cleared.json().scope, cleared.json().botSigned], [null, false]);
  });
});
