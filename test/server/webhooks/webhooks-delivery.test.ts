import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { webhookDeliveries } from '../../../packages/server/src/db/schema.js';
import { emit } from '../../../packages/server/src/events/emit.js';
import { topic } from '../../../packages/server/src/events/topics.js';
import { DELIVERY_RETENTION_MS } from '../../../packages/server/src/jobs/webhook-delivery-purge.js';
import { purgeDeliveries } from '../../../packages/server/src/repositories/webhook-deliveries.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createPoll, pollHarness, staffRequest as pollRequest } from '../../support/poll-fixtures.js';
import { postRepair, type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { submit } from '../../support/suggestion-fixtures.js';
import { attemptsOf, deliveriesOf, makeEndpoint, settled } from '../../support/webhook-fixtures.js';
import { type Receiver, startReceiver, verified, webhookTestEnv } from '../../support/webhook-receiver.js';

describe('webhook delivery', () => {
  let harness: TestApp;
  let receiver: Receiver;
  let place: RepairCommunity;

  before(async () => {
    receiver = await startReceiver();
    harness = await buildTestApp({ env: webhookTestEnv });
    place = await repairCommunity(harness.app);
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });
  beforeEach(async () => {
    // Each test hears only its own endpoint: earlier ones would take the scripted answers.
    await harness.app.db.execute(sql`update webhook_endpoints set enabled = false`);
    receiver.script = [];
    receiver.fallback = { status: 200, body: 'ok' };
  });

  const endpoint = (events: string[], format: 'json' | 'wecom' | 'dingtalk' | 'feishu' | 'slack' = 'json') =>
    makeEndpoint(harness.app.db, {
      communityId: place.community.id,
      url: receiver.url(`/${randomUUID()}`),
      events,
      format,
    });
  const receivedAt = (path: string) => receiver.received.filter((request) => request.path === path);
  const pathOf = (url: string) => new URL(url).pathname;
  /** The resident key each report's device was given, by tracking code. */
  const residentKeys = new Map<string, string>();
  const report = async () => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      buildingId: place.building.id,
      unitId: place.unit.id,
      // Characters no random id or code contains, so finding them in a card can only be the room.
      room: '501室',
      description: '厨房水管爆了，水流到楼下',
      answers: { where: 'kitchen' },
      name: '王阿姨',
      phone: '13800138000',
    });
    assert.equal(response.statusCode, 201, response.body);
    residentKeys.set(response.json().trackingCode, response.json().residentKey);
    return response.json().trackingCode as string;
  };

  it('signs a new suggestion per Standard Webhooks; the payload has its text but no name or phone', async () => {
    const hook = await endpoint(['suggestion.created']);
    const created = await submit(harness.app, place.site.siteKey, {
      text: '希望在3号楼门口加装扶手',
      name: '李阿姨',
      phone: '13912345678',
    });
    assert.equal(created.statusCode, 201, created.body);
    const [delivery] = await settled(harness.app, hook.id);
    assert.equal(delivery?.state, 'delivered');
    const [request] = receivedAt(pathOf(hook.url));
    assert.ok(request);
    assert.equal(request.headers['webhook-id'], delivery?.id);
    assert.equal(request.headers['content-type'], 'application/json');
    const payload = verified(hook.secret, request) as { type: string; data: Record<string, Record<string, unknown>> };
    assert.equal(payload.type, 'suggestion.created');
    assert.equal(payload.data.suggestion?.id, created.json().id);
    assert.equal(payload.data.suggestion?.text, '希望在3号楼门口加装扶手');
    assert.equal(payload.data.consoleUrl, `http://localhost:8080/admin/suggestions/${created.json().id}`);
    assert.doesNotMatch(request.body, /李阿姨|13912345678/);
    assert.throws(() => verified(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, request), 'another secret fails');
    const tampered = { ...request, body: request.body.replace('扶手', '电梯') };
    assert.throws(() => verified(hook.secret, tampered), 'a changed body fails');
  });

  it('sends nothing for spam, for events an endpoint did not ask for, or to a turned-off endpoint', async () => {
    const hook = await endpoint(['suggestion.created']);
    const repairsOnly = await endpoint(['repair.created']);
    await submit(harness.app, place.site.siteKey, {
      text: '买便宜药 http://spam.example',
      website: 'http://spam.example',
    });
    await harness.app.db.execute(sql`update webhook_endpoints set enabled = false where id = ${repairsOnly.id}`);
    await report();
    const [spam] = await settled(harness.app, hook.id, 1);
    assert.equal(spam?.state, 'skipped', 'spam is skipped when it comes to be sent');
    assert.equal(receivedAt(pathOf(hook.url)).length, 0);
    assert.equal((await deliveriesOf(harness.app.db, repairsOnly.id)).length, 0);
  });

  it('queues from the events table itself, whichever code path wrote the event', async () => {
    const hook = await endpoint(['suggestion.created']);
    const created = await submit(harness.app, place.site.siteKey, { text: '车棚的灯不亮' });
    await settled(harness.app, hook.id, 1);
    // A row written straight into `events` (as a one-statement write does) is queued like one from emit().
    await harness.app.db.execute(
      sql`insert into events (community_id, topic, type, payload)
        values (${place.community.id}, ${`suggestion:${created.json().id}`}, 'suggestion.created', '{}'::jsonb)`,
    );
    const rows = await settled(harness.app, hook.id, 2);
    assert.deepEqual(
      rows.map((row) => row.state),
      ['delivered', 'delivered'],
    );
    // Live-only events (a poll's tally) are never queued.
    await harness.app.db.execute(
      sql`insert into events (community_id, topic, type, payload)
        values (${place.community.id}, ${`suggestion:${created.json().id}`}, 'suggestion.supports', '{}'::jsonb)`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await deliveriesOf(harness.app.db, hook.id)).length, 2);
  });

  it('queues nothing when the change rolls back', async () => {
    const hook = await endpoint(['suggestion.created']);
    const created = await submit(harness.app, place.site.siteKey, { text: '楼道灯坏了' });
    await settled(harness.app, hook.id, 1);
    await assert.rejects(
      harness.app.db.transaction(async (tx) => {
        await emit(tx, topic(place.community.id, 'suggestion', created.json().id), 'suggestion.created', {});
        throw new Error('rolled back');
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await deliveriesOf(harness.app.db, hook.id)).length, 1);
  });

  it('announces publishing and the official answer of a suggestion', async () => {
    const hook = await endpoint(['suggestion.published', 'suggestion.answered']);
    const id = (await submit(harness.app, place.site.siteKey, { text: '小区健身器材坏了' })).json().id;
    const patch = (body: object) =>
      harness.app.inject({
        method: 'PATCH',
        url: `/admin/api/suggestions/${id}`,
        headers: { cookie: place.workerCookie, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    assert.equal((await patch({ moderation: 'publish' })).statusCode, 200);
    assert.equal((await patch({ status: 'adopted' })).statusCode, 200);
    assert.equal((await patch({ response: '下周更换新器材' })).statusCode, 200);
    const rows = await settled(harness.app, hook.id, 2);
    assert.deepEqual(rows.map((row) => row.eventType).sort(), ['suggestion.answered', 'suggestion.published']);
    const answered = receivedAt(pathOf(hook.url))
      .map(
        (request) => verified(hook.secret, request) as { type: string; data: Record<string, Record<string, unknown>> },
      )
      .find((payload) => payload.type === 'suggestion.answered');
    assert.equal(answered?.data.suggestion?.response, '下周更换新器材');
    assert.equal(answered?.data.suggestion?.status, 'adopted');
  });

  it('posts a WeCom card for a new repair and its public update, without phone, name or room', async () => {
    const hook = await endpoint(['repair.created', 'repair.updated'], 'wecom');
    receiver.fallback = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
    const code = await report();
    const list = (await staffRequest(harness.app, place.workerCookie, 'GET', '/admin/api/repairs?limit=200')).json();
    const id = list.items.find((item: { trackingCode: string }) => item.trackingCode === code).id;
    const update = await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      status: 'acknowledged',
      note: '维修师傅20分钟到',
      public: true,
    });
    assert.equal(update.statusCode, 201, update.body);
    const internal = await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      note: '住户电话 13900000000',
      public: false,
    });
    assert.equal(internal.statusCode, 201);
    const rows = await settled(harness.app, hook.id, 2);
    assert.deepEqual(
      rows.map((row) => row.state),
      ['delivered', 'delivered'],
    );
    // At least once: a retry (a slow machine's timeout) repeats a webhook-id, never a new message.
    const byId = new Map(receivedAt(pathOf(hook.url)).map((request) => [request.headers['webhook-id'], request.body]));
    assert.equal(byId.size, 2, 'the internal note is not announced');
    const bodies = rows
      .sort((a, b) => +new Date(a.createdAt) - +new Date(b.createdAt))
      .map((row) => JSON.parse(byId.get(row.id) as string));
    const [created, updated] = bodies;
    assert.equal(created.msgtype, 'markdown');
    assert.match(created.markdown.content, /收到新报修/);
    assert.doesNotMatch(created.markdown.content, new RegExp(code), 'a chat group never sees the tracking code');
    assert.match(created.markdown.content, /水管漏水/);
    assert.match(created.markdown.content, new RegExp(`\\(http://localhost:8080/admin/repairs/${id}\\)`));
    assert.match(updated.markdown.content, /维修师傅20分钟到/);
    assert.match(updated.markdown.content, /状态: 已确认/, 'acknowledged, in the words of the resident’s widget');
    for (const body of bodies) assert.doesNotMatch(JSON.stringify(body), /13800138000|13900000000|王阿姨|501室/);
  });

  it('announces the resident’s confirmation of a repair', async () => {
    const hook = await endpoint(['repair.confirmed']);
    const code = await report();
    const list = (await staffRequest(harness.app, place.workerCookie, 'GET', '/admin/api/repairs?limit=200')).json();
    const id = list.items.find((item: { trackingCode: string }) => item.trackingCode === code).id;
    const resolved = await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      status: 'resolved',
      public: true,
    });
    assert.equal(resolved.statusCode, 201, resolved.body);
    const confirmed = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}/confirmation`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: JSON.stringify({ outcome: 'fixed', rating: 5, residentKey: residentKeys.get(code) }),
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const [delivery] = await settled(harness.app, hook.id);
    assert.equal(delivery?.eventType, 'repair.confirmed');
    const [request] = receivedAt(pathOf(hook.url));
    const payload = verified(hook.secret, request!) as { data: { repair: { trackingCode: string; status: string } } };
    assert.equal(payload.data.repair.trackingCode, code);
    assert.equal(payload.data.repair.status, 'closed');
  });

  it('announces a poll opening and closing', async () => {
    const h = await pollHarness(harness.app);
    const hook = await makeEndpoint(harness.app.db, {
      communityId: h.communityId,
      url: receiver.url(`/${randomUUID()}`),
      events: ['poll.opened', 'poll.closed'],
      format: 'slack',
    });
    const poll = await createPoll(h, { title: '是否更换电梯？' });
    const later = await createPoll(h, {
      title: '下个月的投票',
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal((await pollRequest(h, 'POST', `/polls/${poll.id}/close`)).statusCode, 200);
    const rows = await settled(harness.app, hook.id, 2);
    assert.deepEqual(rows.map((row) => row.eventType).sort(), ['poll.closed', 'poll.opened']);
    const texts = receivedAt(pathOf(hook.url)).map((request) => JSON.parse(request.body).text as string);
    assert.ok(texts.some((text) => text.startsWith('投票已开始')));
    assert.ok(texts.some((text) => text.startsWith('投票已结束')));
    assert.ok(!texts.some((text) => text.includes(later.id)));
  });

  it('retries after a 500 and after a timeout with the same webhook-id, logging each response', async () => {
    const hook = await endpoint(['suggestion.created']);
    receiver.script = [{ status: 500, body: 'database down' }, { status: 200, delayMs: 4000 }, { status: 204 }];
    await submit(harness.app, place.site.siteKey, { text: '垃圾桶满了' });
    const [delivery] = await settled(harness.app, hook.id);
    assert.equal(delivery?.state, 'delivered');
    assert.equal(delivery?.attempts, 3);
    const requests = receivedAt(pathOf(hook.url));
    assert.equal(requests.length, 3);
    assert.equal(new Set(requests.map((request) => request.headers['webhook-id'])).size, 1);
    for (const request of requests) verified(hook.secret, request);
    const log = await attemptsOf(harness.app.db, delivery!.id);
    assert.deepEqual(
      log.map((entry) => [entry.attempt, entry.statusCode]),
      [
        [1, 500],
        [2, null],
        [3, 204],
      ],
    );
    assert.equal(log[0]?.responseSnippet, 'database down');
    assert.match(log[1]?.error ?? '', /timed out/);
  });

  it('marks a delivery failed when the retry schedule runs out, and keeps only a snippet of the answer', async () => {
    const hook = await endpoint(['suggestion.created']);
    receiver.fallback = { status: 503, body: 'x'.repeat(10_000) };
    await submit(harness.app, place.site.siteKey, { text: '路灯不亮' });
    const [delivery] = await settled(harness.app, hook.id);
    assert.equal(delivery?.state, 'failed');
    assert.equal(delivery?.attempts, 3, 'the first attempt and two retries');
    assert.equal(delivery?.lastStatusCode, 503);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receivedAt(pathOf(hook.url)).length, 3, 'nothing after failing');
    const log = await attemptsOf(harness.app.db, delivery!.id);
    assert.ok(log.every((entry) => (entry.responseSnippet?.length ?? 0) <= 300));
  });

  it('treats a group bot’s errcode as a failure even with HTTP 200', async () => {
    const hook = await endpoint(['suggestion.created'], 'dingtalk');
    receiver.fallback = { status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' };
    await submit(harness.app, place.site.siteKey, { text: '停车位不够' });
    const [delivery] = await settled(harness.app, hook.id);
    assert.equal(delivery?.state, 'failed');
    assert.match(delivery?.lastError ?? '', /310000 keywords not in content/);
  });

  it('does not follow redirects', async () => {
    const hook = await endpoint(['suggestion.created']);
    const target = receiver.url('/elsewhere');
    receiver.fallback = { status: 302, headers: { location: target } };
    await submit(harness.app, place.site.siteKey, { text: '电梯异响' });
    const [delivery] = await settled(harness.app, hook.id);
    assert.equal(delivery?.state, 'failed');
    assert.equal(delivery?.lastError, 'redirect not followed');
    assert.equal(receivedAt('/elsewhere').length, 0);
  });

  it('purges finished deliveries after 30 days, never one still waiting', async () => {
    const hook = await endpoint(['suggestion.created']);
    const old = new Date(Date.now() - DELIVERY_RETENTION_MS - 60_000);
    const later = new Date(Date.now() + 3_600_000);
    const data = {
      community: { id: place.community.id, slug: 'x', names: {}, language: 'en' },
      subject: { kind: 'test' },
    };
    const base = {
      communityId: place.community.id,
      endpointId: hook.id,
      eventType: 'webhook.test',
      data,
      nextAttemptAt: later,
    };
    await harness.app.db.insert(webhookDeliveries).values([
      { ...base, state: 'delivered', createdAt: old },
      { ...base, state: 'failed', createdAt: old },
      { ...base, state: 'pending', createdAt: old },
      { ...base, state: 'delivered' },
    ]);
    assert.ok((await purgeDeliveries(harness.app.db, DELIVERY_RETENTION_MS)) >= 2);
    const left = (await deliveriesOf(harness.app.db, hook.id)).map((row) => row.state).sort();
    assert.deepEqual(left, ['delivered', 'pending']);
  });
});
