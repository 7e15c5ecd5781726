// Open311 knows a repair by its own service_request_id: no listing, update or token shows the resident's
// tracking code, and Open311 ids do nothing on the widget API. Positions leave rounded to about 100 m.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { repairRequests } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { postRepair, type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { fields, parseXml } from '../../support/xml.js';

const TRACKING_CODE = /R-[0-9A-Z]{4}-[0-9A-Z]{4}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Open311 identifiers and positions', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let apiKey: string;
  /** Repairs sent through the widget API: tracking code → service_request_id. */
  const reported = new Map<string, string>();

  const get = (path: string) => harness.app.inject({ url: `/open311/v2/${path}` });
  const jurisdiction = () => `jurisdiction_id=${place.community.slug}`;
  const report = async (extra: object = {}) => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      buildingId: place.building.id,
      description: '厨房水管爆了',
      answers: { where: 'kitchen' },
      ...extra,
    });
    assert.equal(response.statusCode, 201, response.body);
    const code = response.json().trackingCode as string;
    const [row] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.trackingCode, code));
    reported.set(code, row!.serviceRequestId);
    return { code, id: row!.id, serviceRequestId: row!.serviceRequestId };
  };
  const postOpen311 = (form: Record<string, string>) =>
    harness.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: apiKey,
        jurisdiction_id: place.community.slug,
        service_code: 'water-leak',
        'attribute[where]': 'bathroom',
        description: '卫生间漏水',
        ...form,
      }).toString(),
    });

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
    const issued = await staffRequest(harness.app, place.adminCookie, 'POST', '/admin/api/api-keys', { name: 'city' });
    apiKey = issued.json().key;
    const first = await report({ latitude: 39.866_94, longitude: 116.418_37 });
    await report();
    const progress = await staffRequest(
      harness.app,
      place.workerCookie,
      'POST',
      `/admin/api/repairs/${first.id}/updates`,
      { status: 'in_progress', note: '师傅已出发', public: true },
    );
    assert.equal(progress.statusCode, 201, progress.body);
  });
  after(() => harness.close());

  it('lists requests and their updates under their own ids, with no tracking code anywhere, in JSON and XML', async () => {
    for (const path of [
      `requests.json?${jurisdiction()}`,
      `requests.xml?${jurisdiction()}`,
      `servicerequestupdates.json?${jurisdiction()}`,
      `servicerequestupdates.xml?${jurisdiction()}`,
    ]) {
      const response = await get(path);
      assert.equal(response.statusCode, 200, `${path} ${response.body}`);
      assert.doesNotMatch(response.body, TRACKING_CODE, path);
      for (const code of reported.keys()) assert.ok(!response.body.includes(code), `${path} shows ${code}`);
      for (const serviceRequestId of reported.values()) {
        assert.ok(response.body.includes(serviceRequestId), `${path} lists ${serviceRequestId}`);
      }
    }
    const ids = (await get(`requests.json?${jurisdiction()}`))
      .json()
      .map((request: { service_request_id: string }) => request.service_request_id);
    for (const id of ids) assert.match(id, UUID);
  });

  it('finds a request by its id, never by its tracking code; and the id reads nothing on the widget API', async () => {
    const [[code, serviceRequestId]] = [...reported.entries()] as [[string, string]];
    const one = await get(`requests/${serviceRequestId}.json?${jurisdiction()}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json()[0].service_request_id, serviceRequestId);
    const upper = await get(`requests/${serviceRequestId.toUpperCase()}.xml?${jurisdiction()}`);
    assert.equal(fields(parseXml(upper.body).children[0]!).service_request_id, serviceRequestId);

    assert.equal((await get(`requests/${code}.json?${jurisdiction()}`)).statusCode, 404);
    assert.deepEqual((await get(`requests.json?${jurisdiction()}&service_request_id=${code}`)).json(), []);
    const both = await get(`requests.json?${jurisdiction()}&service_request_id=${code},${serviceRequestId}`);
    assert.deepEqual(
      both.json().map((request: { service_request_id: string }) => request.service_request_id),
      [serviceRequestId],
    );

    const widget = await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repairs/${serviceRequestId}` });
    assert.equal(widget.statusCode, 400);
    assert.equal(widget.json().error.code, 'COURTYARD_MALFORMED_TRACKING_CODE');
  });

  it('answers a POST with the new id as its token, and the tracking code only to the submitting client', async () => {
    const posted = await postOpen311({ address_string: '5号楼 地下室' });
    assert.equal(posted.statusCode, 201, posted.body);
    const [created] = posted.json();
    assert.match(created.service_request_id, UUID);
    assert.equal(created.token, created.service_request_id);
    assert.match(created.tracking_code, new RegExp(`^${TRACKING_CODE.source}$`));
    assert.equal(created.resident_key, undefined, 'an Open311 request has no resident key: staff confirm it');

    const token = await get(`tokens/${created.token}.json?${jurisdiction()}`);
    assert.deepEqual(token.json(), [{ service_request_id: created.service_request_id, token: created.token }]);
    const listed = await get(`requests.json?${jurisdiction()}`);
    assert.ok(listed.body.includes(created.service_request_id));
    assert.ok(!listed.body.includes(created.tracking_code));

    // Tokens handed out before ids were their own (the repair's internal id) still resolve, to the id.
    const [row] = await harness.app.db
      .select({ id: repairRequests.id })
      .from(repairRequests)
      .where(eq(repairRequests.serviceRequestId, created.service_request_id));
    const legacy = await get(`tokens/${row!.id}.json?${jurisdiction()}`);
    assert.equal(legacy.json()[0].service_request_id, created.service_request_id);
    assert.equal((await get(`tokens/${created.tracking_code}.json?${jurisdiction()}`)).statusCode, 404);
  });

  it('returns the reported position rounded to about 100 m, and leaves lat/long out when there is none', async () => {
    const [withPosition, without] = [...reported.values()] as [string, string];
    const [json] = (await get(`requests/${withPosition}.json?${jurisdiction()}`)).json();
    assert.deepEqual([json.lat, json.long], [39.867, 116.418]);
    const xml = fields(parseXml((await get(`requests/${withPosition}.xml?${jurisdiction()}`)).body).children[0]!);
    assert.deepEqual([xml.lat, xml.long], ['39.867', '116.418']);

    const [bare] = (await get(`requests/${without}.json?${jurisdiction()}`)).json();
    assert.equal('lat' in bare || 'long' in bare, false);
    const bareXml = fields(parseXml((await get(`requests/${without}.xml?${jurisdiction()}`)).body).children[0]!);
    assert.equal('lat' in bareXml || 'long' in bareXml, false);

    const posted = (await postOpen311({ lat: '-33.8567844', long: '151.2152967' })).json()[0];
    const [fromOpen311] = (await get(`requests/${posted.service_request_id}.json?${jurisdiction()}`)).json();
    assert.deepEqual([fromOpen311.lat, fromOpen311.long], [-33.857, 151.215]);
  });
});
