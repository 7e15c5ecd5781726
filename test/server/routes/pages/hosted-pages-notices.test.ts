import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../support/app.js';
import { type RepairCommunity, repairCommunity, staffRequest } from '../../../support/repair-fixtures.js';

describe('the hosted notice page /p/{siteKey}/notices/{id}', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;
  let noticeId: string;

  const staff = (url: string, body: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, 'POST', `/admin/api${url}`, body);

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
    other = await repairCommunity(harness.app);
    const created = await staff('/notices', {
      kind: 'outage',
      title: '3号楼1–5层停水 <script>alert(1)</script>',
      body: '厨房水管爆裂，已关总阀。',
      scope: { type: 'floors', buildingId: place.building.id, floorFrom: 1, floorTo: 5 },
      startsAt: '2026-12-06T12:30:00Z',
      expectedEndAt: '2026-12-06T18:00:00Z',
    });
    assert.equal(created.statusCode, 201, created.body);
    noticeId = created.json().id;
    await staff(`/notices/${noticeId}/updates`, { text: '维修工已到场' });
    const offer = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/notices/${noticeId}/offers`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: JSON.stringify({ text: '302有桶装水，电话13800138000' }),
    });
    await staff(`/notices/${noticeId}/offers/${offer.json().id}/moderation`, { action: 'publish' });
  });
  after(() => harness.close());

  it('shows what, where, until when, the updates and published offers, escaped, under a CSP that runs no script', async () => {
    const response = await harness.app.inject({ url: `/p/${place.site.siteKey}/notices/${noticeId}` });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    const body = response.body;
    assert.match(body, /<html lang="zh-CN">/);
    assert.ok(body.includes('3号楼1–5层停水 &#60;script&#62;alert(1)&#60;/script&#62;'));
    assert.doesNotMatch(body, /<script/);
    assert.ok(body.includes('3号楼 1–5层'));
    // 20:30 and 02:00 the next day in the community's time zone (Asia/Shanghai).
    assert.match(body, /2026\/12\/6 20:30/);
    assert.match(body, /2026\/12\/7 02:00/);
    assert.ok(body.includes('维修工已到场'));
    assert.ok(body.includes('302有桶装水，电话138••••8000'));
    assert.ok(!body.includes('13800138000'));
    assert.ok(!body.includes(place.worker.id));
  });

  it('answers 404 for another community’s notice through this site, an unknown notice or site; 400 for a bad id', async () => {
    const foreign = await harness.app.inject({ url: `/p/${other.site.siteKey}/notices/${noticeId}` });
    assert.equal(foreign.statusCode, 404);
    assert.equal(
      (await harness.app.inject({ url: `/p/${place.site.siteKey}/notices/${randomUUID()}` })).statusCode,
      404,
    );
    assert.equal((await harness.app.inject({ url: `/p/no-such-site/notices/${noticeId}` })).statusCode, 404);
    const bad = await harness.app.inject({ url: `/p/${place.site.siteKey}/notices/not-an-id` });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'COURTYARD_VALIDATION');
  });
});
