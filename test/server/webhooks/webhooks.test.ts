import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { auditLog } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { makeStaff, signIn } from '../../support/staff-fixtures.js';
import { type Receiver, startReceiver, verified, webhookTestEnv } from '../../support/webhook-receiver.js';

describe('the webhook admin API', () => {
  let harness: TestApp;
  let receiver: Receiver;
  let adminCookie: string;
  let staffCookie: string;
  let otherAdminCookie: string;
  let communityId: string;

  const request = (
    cookie: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> =>
    harness.app.inject({
      method,
      url: `/admin/api${url}`,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const create = (body: Record<string, unknown> = {}, cookie = adminCookie) =>
    request(cookie, 'POST', '/webhooks', {
      name: '物业群机器人',
      url: receiver.url(),
      events: ['suggestion.created', 'repair.created'],
      ...body,
    });

  before(async () => {
    receiver = await startReceiver();
    harness = await buildTestApp({ env: webhookTestEnv });
    const { community } = await createCommunityWithSite(harness.app.db);
    communityId = community.id;
    const admin = await makeStaff(harness.app.db, communityId, { role: 'admin' });
    const staff = await makeStaff(harness.app.db, communityId, { role: 'staff' });
    adminCookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    staffCookie = (await signIn(harness.app, staff.email, staff.password)).cookie;
    const other = await createCommunityWithSite(harness.app.db);
    const otherAdmin = await makeStaff(harness.app.db, other.community.id, { role: 'admin' });
    otherAdminCookie = (await signIn(harness.app, otherAdmin.email, otherAdmin.password)).cookie;
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  it('answers the signing secret once, on create, and never in lists, reads or the audit log', async () => {
    const created = await create();
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['cache-control'], 'no-store');
    const body = created.json();
    assert.match(body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(body.format, 'json');
    assert.equal(body.enabled, true);
    assert.deepEqual(body.events, ['suggestion.created', 'repair.created']);

    const list = await request(adminCookie, 'GET', '/webhooks');
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((item: { id: string }) => item.id === body.id));
    const one = await request(adminCookie, 'GET', `/webhooks/${body.id}`);
    assert.equal(one.statusCode, 200);
    for (const response of [list, one]) assert.ok(!response.body.includes(body.secret.slice(6)), 'no secret');

    const [entry] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'webhook.created'), eq(auditLog.subjectId, body.id)));
    assert.ok(entry);
    assert.ok(!JSON.stringify(entry).includes(body.secret.slice(6)));
  });

  it('is for admins only: staff get 403, no session 401, on every route', async () => {
    const id = (await create()).json().id;
    const routes = [
      ['GET', '/webhooks'],
      ['POST', '/webhooks'],
      ['GET', `/webhooks/${id}`],
      ['PATCH', `/webhooks/${id}`],
      ['DELETE', `/webhooks/${id}`],
      ['POST', `/webhooks/${id}/test`],
      ['GET', `/webhooks/${id}/deliveries`],
    ] as const;
    for (const [method, url] of routes) {
      const valid = { name: 'x', url: receiver.url(), events: ['poll.closed'] };
      const body =
        method === 'PATCH' ? { enabled: false } : url === '/webhooks' && method === 'POST' ? valid : undefined;
      const asStaff = await request(staffCookie, method, url, body);
      assert.equal(asStaff.statusCode, 403, `${method} ${url}`);
      assert.equal(asStaff.json().error.code, 'COURTYARD_FORBIDDEN');
      const anonymous = await request('', method, url, body);
      assert.equal(anonymous.statusCode, 401, `${method} ${url}`);
    }
    assert.equal((await request(adminCookie, 'GET', `/webhooks/${id}`)).json().enabled, true, 'nothing changed');
  });

  it('refuses bad input with a 400 in the one error shape and writes nothing', async () => {
    const before = (await request(adminCookie, 'GET', '/webhooks')).json().items.length;
    const cases: [string, Record<string, unknown>][] = [
      ['unknown event', { events: ['suggestion.deleted'] }],
      ['no events', { events: [] }],
      ['repeated event', { events: ['repair.created', 'repair.created'] }],
      ['unknown format', { format: 'telegram' }],
      ['not http', { url: 'ftp://example.org/hook' }],
      ['javascript', { url: 'javascript:alert(1)' }],
      ['credentials', { url: 'https://user:pass@example.org/hook' }],
      ['too long', { url: `https://example.org/${'a'.repeat(2000)}` }],
      ['unknown field', { secret: 'whsec_mine' }],
      ['empty name', { name: '' }],
    ];
    for (const [label, body] of cases) {
      const response = await create(body);
      assert.equal(response.statusCode, 400, `${label}: ${response.body}`);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION', label);
    }
    assert.equal((await request(adminCookie, 'GET', '/webhooks')).json().items.length, before);
    const patch = await request(adminCookie, 'PATCH', `/webhooks/${randomUUID()}`, {});
    assert.equal(patch.statusCode, 400, 'an empty change');
    assert.equal((await request(adminCookie, 'GET', '/webhooks/not-a-uuid')).statusCode, 400);
  });

  it('changes, turns off and deletes an endpoint, audited; another community sees 404', async () => {
    const id = (await create({ format: 'wecom' })).json().id;
    const off = await request(adminCookie, 'PATCH', `/webhooks/${id}`, { enabled: false, name: '三号楼群' });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().enabled, false);
    assert.equal(off.json().name, '三号楼群');
    const test = await request(adminCookie, 'POST', `/webhooks/${id}/test`);
    assert.equal(test.statusCode, 409, 'a turned-off endpoint gets no test event');

    for (const [method, url, body] of [
      ['GET', `/webhooks/${id}`, undefined],
      ['PATCH', `/webhooks/${id}`, { enabled: true }],
      ['POST', `/webhooks/${id}/test`, undefined],
      ['GET', `/webhooks/${id}/deliveries`, undefined],
      ['DELETE', `/webhooks/${id}`, undefined],
    ] as const) {
      const response = await request(otherAdminCookie, method, url, body);
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
    }
    assert.ok(
      !(await request(otherAdminCookie, 'GET', '/webhooks'))
        .json()
        .items.some((item: { id: string }) => item.id === id),
    );

    const deleted = await request(adminCookie, 'DELETE', `/webhooks/${id}`);
    assert.equal(deleted.statusCode, 204);
    assert.equal((await request(adminCookie, 'GET', `/webhooks/${id}`)).statusCode, 404);
    assert.equal((await request(adminCookie, 'DELETE', `/webhooks/${id}`)).statusCode, 404);
    const actions = (await harness.app.db.select().from(auditLog).where(eq(auditLog.subjectId, id))).map(
      (entry) => entry.action,
    );
    assert.deepEqual(actions.sort(), ['webhook.created', 'webhook.deleted', 'webhook.updated']);
  });

  it('sends a signed test event at once and shows it in the delivery log with the response code', async () => {
    const created = (await create()).json();
    const start = receiver.received.length;
    const test = await request(adminCookie, 'POST', `/webhooks/${created.id}/test`);
    assert.equal(test.statusCode, 202, test.body);
    assert.equal(test.json().eventType, 'webhook.test');
    const [arrived] = (await receiver.waitFor(start + 1)).slice(start);
    assert.ok(arrived);
    assert.equal(arrived.headers['webhook-id'], test.json().id);
    const payload = verified(created.secret, arrived);
    assert.equal(payload.type, 'webhook.test');
    assert.equal((payload.data as { test: boolean }).test, true);

    let log: { state: string; log: { statusCode: number; responseSnippet: string }[] } | undefined;
    for (let i = 0; i < 50; i++) {
      log = (await request(adminCookie, 'GET', `/webhooks/${created.id}/deliveries`)).json().items[0];
      if (log?.state === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(log?.state, 'delivered');
    assert.equal(log?.log[0]?.statusCode, 200);
    assert.equal(log?.log[0]?.responseSnippet, 'ok');
  });
});
