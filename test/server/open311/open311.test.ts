// Open311 GeoReport v2, checked against the spec's field names (http://wiki.open311.org/GeoReport_v2)
// and mySociety's servicerequestupdates extension, in JSON and in XML.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { repairRequests } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunity } from '../../support/fixtures.js';
import { withoutRandomParts } from '../../support/privacy.js';
import { postRepair, type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { fields, parseXml } from '../../support/xml.js';

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('Open311 GeoReport v2', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let apiKey: string;
  const get = (path: string) => harness.app.inject({ url: `/open311/v2/${path}` });
  const jurisdiction = () => `jurisdiction_id=${place.community.slug}`;
  const postForm = (format: 'json' | 'xml', form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
    return harness.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  const validForm = () => ({
    api_key: apiKey,
    jurisdiction_id: place.community.slug,
    service_code: 'water-leak',
    lat: '39.8669',
    long: '116.4183',
    address_string: '3号楼1单元501',
    first_name: '王',
    last_name: '阿姨',
    phone: '13800138000',
    email: 'wang@example.org',
    description: '厨房水管爆了',
    'attribute[where]': 'kitchen',
  });

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
    const issued = await staffRequest(harness.app, place.adminCookie, 'POST', '/admin/api/api-keys', { name: 'city' });
    apiKey = issued.json().key;
  });
  after(() => harness.close());

  it('offers discovery in JSON and well-formed XML', async () => {
    const json = await get('discovery.json');
    assert.equal(json.statusCode, 200);
    const [endpoint] = json.json().endpoints;
    assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.deepEqual(endpoint.formats, ['text/xml', 'application/json']);
    const xml = await get('discovery.xml');
    assert.match(String(xml.headers['content-type']), /^text\/xml/);
    const root = parseXml(xml.body);
    assert.equal(root.name, 'discovery');
    assert.deepEqual(
      root.children.find((child) => child.name === 'endpoints')?.children.map((c) => c.name),
      ['endpoint'],
    );
  });

  it('lists services with string codes and serves their definitions', async () => {
    const services = (await get(`services.json?${jurisdiction()}&locale=en`)).json();
    const leak = services.find((service: { service_code: string }) => service.service_code === 'water-leak');
    assert.deepEqual(Object.keys(leak).sort(), [
      'description',
      'group',
      'keywords',
      'metadata',
      'service_code',
      'service_name',
      'type',
    ]);
    assert.equal(leak.service_name, 'Water leak');
    assert.equal(leak.metadata, true);
    assert.equal(leak.type, 'realtime');
    const xml = parseXml((await get(`services.xml?${jurisdiction()}`)).body);
    assert.equal(xml.name, 'services');
    assert.ok(xml.children.every((child) => child.name === 'service'));
    assert.ok(
      xml.children.some((child) => fields(child).service_code === 'water-leak' && fields(child).metadata === 'true'),
    );

    const definition = (await get(`services/water-leak.json?${jurisdiction()}&locale=en`)).json();
    assert.equal(definition.service_code, 'water-leak');
    const [where] = definition.attributes;
    assert.deepEqual(
      {
        variable: where.variable,
        code: where.code,
        datatype: where.datatype,
        required: where.required,
        order: where.order,
      },
      { variable: true, code: 'where', datatype: 'singlevaluelist', required: true, order: 1 },
    );
    assert.deepEqual(where.values[0], { key: 'kitchen', name: 'Kitchen' });
    const definitionXml = parseXml((await get(`services/water-leak.xml?${jurisdiction()}`)).body);
    assert.equal(definitionXml.name, 'service_definition');
    const attribute = definitionXml.children.find((c) => c.name === 'attributes')?.children[0];
    assert.equal(attribute?.name, 'attribute');
    assert.deepEqual(
      attribute?.children.find((c) => c.name === 'values')?.children.map((c) => c.name),
      ['value', 'value'],
    );
  });

  it('answers errors in the spec’s format and status codes, in JSON and XML', async () => {
    const unknown = await get(`services/no-such.json?${jurisdiction()}`);
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(Object.keys(unknown.json()[0]).sort(), ['code', 'description']);
    assert.equal(unknown.json()[0].code, 404);
    const unknownXml = await get(`services/no-such.xml?${jurisdiction()}`);
    const errors = parseXml(unknownXml.body);
    assert.equal(errors.name, 'errors');
    assert.equal(fields(errors.children[0]!).code, '404');
    assert.equal((await get('services.json?jurisdiction_id=nowhere')).statusCode, 404);
    assert.equal((await get('services.json')).statusCode, 200, 'one community: jurisdiction_id may be left out');
    await createCommunity(harness.app.db);
    assert.equal((await get('services.json')).statusCode, 400, 'several communities: jurisdiction_id is required');
    assert.equal((await get(`requests.json?${jurisdiction()}&start_date=yesterday`)).statusCode, 400);
    assert.equal((await get(`requests.json?${jurisdiction()}&start_date=2026-02-30T00:00:00Z`)).statusCode, 400);
    assert.equal((await get(`requests.json?${jurisdiction()}&status=pending`)).statusCode, 400);
    assert.equal(
      (await get(`requests.json?${jurisdiction()}&start_date=2026-05-01&end_date=2026-04-01`)).statusCode,
      400,
    );
    assert.equal((await get('nothing-here.json')).json()[0].code, 404);
  });

  it('refuses a POST without or with a wrong api_key with 403, storing nothing', async () => {
    const { api_key: _, ...withoutKey } = validForm();
    const missing = await postForm('json', withoutKey);
    assert.equal(missing.statusCode, 403, missing.body);
    assert.equal(missing.json()[0].code, 403);
    const wrong = await postForm('xml', { ...validForm(), api_key: 'cy_wrong' });
    assert.equal(wrong.statusCode, 403);
    assert.equal(parseXml(wrong.body).name, 'errors');
    const other = await repairCommunity(harness.app);
    assert.equal((await postForm('json', { ...validForm(), jurisdiction_id: other.community.slug })).statusCode, 403);
    const list = (await get(`requests.json?${jurisdiction()}`)).json();
    assert.equal(list.length, 0);
  });

  it('refuses bad posts with 400/404: unknown service, no location, missing answers, bad numbers', async () => {
    assert.equal((await postForm('json', { ...validForm(), service_code: 'nope' })).statusCode, 404);
    const { lat: _lat, long: _long, address_string: _address, ...noLocation } = validForm();
    assert.equal((await postForm('json', noLocation)).statusCode, 400);
    const { 'attribute[where]': _where, ...noAnswer } = validForm();
    assert.equal((await postForm('json', noAnswer)).statusCode, 400);
    assert.equal((await postForm('json', { ...validForm(), lat: 'north' })).statusCode, 400);
    assert.equal((await postForm('json', { ...validForm(), phone: 'call me' })).statusCode, 400);
    assert.equal((await postForm('json', { ...validForm(), unexpected: 'x' })).statusCode, 400);
  });

  it('round-trips a request: POST (JSON and XML), then GET it, by token, and in updates — no private data', async () => {
    const posted = await postForm('json', validForm());
    assert.equal(posted.statusCode, 201, posted.body);
    const [created] = posted.json();
    assert.match(created.service_request_id, /^[0-9a-f-]{36}$/);
    assert.match(created.tracking_code, /^R-/, 'the submitting client gets the reference its user gives staff');
    assert.equal(created.service_notice, '水大时先关总阀。');
    assert.ok('account_id' in created);

    const postedXml = await postForm('xml', { ...validForm(), 'attribute[where]': 'bathroom' });
    assert.equal(postedXml.statusCode, 201, postedXml.body);
    const xmlRequest = parseXml(postedXml.body);
    assert.equal(xmlRequest.name, 'service_requests');
    assert.match(fields(xmlRequest.children[0]!).service_request_id as string, /^[0-9a-f-]{36}$/);

    const one = await get(`requests/${created.service_request_id}.json?${jurisdiction()}`);
    assert.equal(one.statusCode, 200, one.body);
    const [record] = one.json();
    assert.deepEqual(Object.keys(record).sort(), [...REQUEST_FIELDS].sort());
    assert.equal(record.status, 'open');
    assert.equal(record.service_code, 'water-leak');
    assert.match(record.requested_datetime, ISO_WITH_OFFSET);
    assert.ok(record.requested_datetime.endsWith('+08:00'), 'in the community’s time zone');
    for (const secret of ['13800138000', 'wang@example.org', '阿姨', '501', '116.4183', created.tracking_code]) {
      assert.ok(!withoutRandomParts(one.body).includes(secret), `leaks ${secret}`);
    }
    assert.deepEqual([record.lat, record.long], [39.867, 116.418], 'the position, to about 100 m');

    const token = await get(`tokens/${created.token}.xml?${jurisdiction()}`);
    assert.equal(fields(parseXml(token.body).children[0]!).service_request_id, created.service_request_id);

    // Staff progress shows in requests (closed once resolved) and in servicerequestupdates.
    const list = (await staffRequest(harness.app, place.workerCookie, 'GET', '/admin/api/repairs?limit=200')).json();
    const id = list.items.find((item: { trackingCode: string }) => item.trackingCode === created.tracking_code).id;
    await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      status: 'in_progress',
      note: '师傅已出发',
      public: true,
    });
    await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      note: '内部：住户不在家',
      public: false,
    });
    await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api/repairs/${id}/updates`, {
      status: 'resolved',
      note: '已修好',
      public: true,
    });

    const closed = (await get(`requests.json?${jurisdiction()}&status=closed`)).json();
    assert.deepEqual(
      closed.map((r: { service_request_id: string }) => r.service_request_id),
      [created.service_request_id],
    );
    assert.equal(closed[0].status_notes, '已修好');
    const openXml = parseXml((await get(`requests.xml?${jurisdiction()}&status=open&service_code=water-leak`)).body);
    assert.equal(openXml.children.length, 1);
    assert.equal(fields(openXml.children[0]!).status, 'open');

    const updates = await get(`servicerequestupdates.json?${jurisdiction()}`);
    const ours = updates
      .json()
      .filter((u: { service_request_id: string }) => u.service_request_id === created.service_request_id);
    assert.deepEqual(ours.map((u: { status: string }) => u.status).sort(), ['FIXED', 'IN_PROGRESS', 'OPEN']);
    assert.ok(!updates.body.includes('内部'), 'internal notes stay internal');
    const updatesXml = parseXml((await get(`servicerequestupdates.xml?${jurisdiction()}`)).body);
    assert.equal(updatesXml.name, 'service_requests_updates');
    assert.deepEqual(Object.keys(fields(updatesXml.children[0]!)).sort(), [
      'description',
      'media_url',
      'service_request_id',
      'status',
      'update_id',
      'updated_datetime',
    ]);
  });

  it('leaves spam and widget contact details out of GET requests', async () => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      description: '楼道有水',
      answers: { where: 'bathroom' },
      name: '李先生',
      phone: '13900139000',
      room: '602',
    });
    const code = response.json().trackingCode;
    const [row] = await harness.app.db
      .select({ id: repairRequests.serviceRequestId })
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, code));
    const all = await get(`requests.xml?${jurisdiction()}&service_request_id=${row!.id}`);
    parseXml(all.body);
    assert.ok(all.body.includes(row!.id));
    assert.ok(!all.body.includes(code), 'never the tracking code');
    for (const secret of ['李先生', '13900139000', '602']) assert.ok(!withoutRandomParts(all.body).includes(secret));
  });
});
