import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { photos, repairRequests } from '../../../packages/server/src/db/schema.js';
import { normalizeTrackingCode } from '../../../packages/server/src/repairs/tracking-code.js';
import type { TestApp } from '../../support/app.js';
import { withoutRandomParts } from '../../support/privacy.js';
import {
  multipartBody,
  postRepair,
  type RepairCommunity,
  repairCommunity,
  repairTestApp,
} from '../../support/repair-fixtures.js';

const PRIVATE = ['王阿姨', '13800138000', '501', '8000', '楼道东侧'];

function assertNoPrivateData(raw: string) {
  const shown = withoutRandomParts(raw);
  for (const secret of PRIVATE) assert.ok(!shown.includes(secret), `public response leaks ${secret}: ${raw}`);
  assert.doesNotMatch(raw, /phone|contact|room|locationText|"name"/);
}

describe('repair requests on the public API', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  const fullRequest = () => ({
    category: place.leak.id,
    buildingId: place.building.id,
    unitId: place.unit.id,
    room: '501',
    locationText: '楼道东侧',
    description: '厨房水管爆了，水一直在流',
    answers: { where: 'kitchen', floors: 2 },
    name: '王阿姨',
    phone: '138 0013 8000',
    preferredTime: '今晚都在家',
    language: 'zh-CN',
  });
  const view = (code: string) =>
    harness.app.inject({ method: 'GET', url: `/api/v1/sites/${place.site.siteKey}/repairs/${code}` });

  before(async () => ({ harness, place } = await repairTestApp()));
  after(() => harness.close());

  it('lists the repair services with their questions and emergency notice, never suggestion categories', async () => {
    const response = await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/repair-services` });
    assert.equal(response.statusCode, 200, response.body);
    const { items } = response.json();
    assert.deepEqual(items.map((item: { slug: string }) => item.slug).sort(), ['lighting', 'water-leak']);
    const leak = items.find((item: { slug: string }) => item.slug === 'water-leak');
    assert.equal(leak.emergencyNotice.en, 'If water is pouring, close the main valve first.');
    assert.equal(leak.questions[0].code, 'where');
  });

  it('stores a report and answers with a readable 40-bit tracking code and no personal data', async () => {
    const response = await postRepair(harness.app, place.site.siteKey, fullRequest());
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.match(body.trackingCode, /^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.equal(body.status, 'received');
    assertNoPrivateData(response.body);
    const [row] = await harness.app.db
      .select()
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, body.trackingCode));
    assert.equal(row?.contactPhone, '138 0013 8000');
    assert.equal(row?.room, '501');
    assert.deepEqual(row?.answers, { where: 'kitchen', floors: 2 });
  });

  it('shows the public view by code (case and look-alikes forgiven) without name, phone, room or free text', async () => {
    const created = (await postRepair(harness.app, place.site.siteKey, fullRequest())).json();
    const response = await view(created.trackingCode.toLowerCase().replace(/0/g, 'o'));
    assert.equal(response.statusCode, 200, response.body);
    assertNoPrivateData(response.body);
    const repair = response.json();
    assert.equal(repair.trackingCode, created.trackingCode);
    assert.deepEqual(repair.location, { building: '3号楼', unit: '1单元' });
    assert.deepEqual(
      repair.timeline.map((entry: { status: string }) => entry.status),
      ['received'],
    );
    assert.equal(repair.canConfirm, false);
  });

  it('answers a malformed tracking code with 400 and an unknown one with 404', async () => {
    assert.equal((await view('R-12')).json().error.code, 'COURTYARD_MALFORMED_TRACKING_CODE');
    assert.equal((await view('not-a-code')).statusCode, 400);
    const unknown = await view('R-0000-0000');
    assert.equal(unknown.statusCode, 404);
  });

  it('keeps another community’s repair hidden behind the same 404', async () => {
    const other = await repairCommunity(harness.app);
    const created = (
      await postRepair(harness.app, other.site.siteKey, {
        category: other.leak.id,
        description: 'x',
        answers: { where: 'bathroom' },
      })
    ).json();
    assert.equal((await view(created.trackingCode)).statusCode, 404);
  });

  it('refuses unknown categories, suggestion categories, buildings, mismatched units and missing answers', async () => {
    const cases: [object, string][] = [
      [{ ...fullRequest(), category: randomUUID() }, 'COURTYARD_UNKNOWN_CATEGORY'],
      [{ ...fullRequest(), category: place.suggestion.id }, 'COURTYARD_UNKNOWN_CATEGORY'],
      [{ ...fullRequest(), buildingId: randomUUID() }, 'COURTYARD_UNKNOWN_LOCATION'],
      [{ ...fullRequest(), unitId: randomUUID() }, 'COURTYARD_UNKNOWN_LOCATION'],
      [{ ...fullRequest(), answers: {} }, 'COURTYARD_INVALID_ANSWER'],
      [{ ...fullRequest(), answers: { where: 'garage' } }, 'COURTYARD_INVALID_ANSWER'],
      [{ ...fullRequest(), answers: { where: 'kitchen', colour: 'red' } }, 'COURTYARD_INVALID_ANSWER'],
      [{ ...fullRequest(), answers: { where: 'kitchen', floors: 'two' } }, 'COURTYARD_INVALID_ANSWER'],
      [{ ...fullRequest(), phone: 'call me maybe' }, 'COURTYARD_VALIDATION'],
      [{ ...fullRequest(), latitude: 39.9 }, 'COURTYARD_VALIDATION'],
      [{ ...fullRequest(), latitude: 91, longitude: 116 }, 'COURTYARD_VALIDATION'],
      [{ ...fullRequest(), description: '' }, 'COURTYARD_VALIDATION'],
      [{ ...fullRequest(), isAdmin: true }, 'COURTYARD_VALIDATION'],
    ];
    const before = await harness.app.db.select({ id: repairRequests.id }).from(repairRequests);
    for (const [body, code] of cases) {
      const response = await postRepair(harness.app, place.site.siteKey, body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      assert.equal(response.json().error.code, code, JSON.stringify(body));
    }
    const after = await harness.app.db.select({ id: repairRequests.id }).from(repairRequests);
    assert.equal(after.length, before.length, 'nothing was stored');
  });

  it('replays a retried report instead of storing it twice; another body under the key is a 422', async () => {
    const key = randomUUID();
    const first = await postRepair(harness.app, place.site.siteKey, fullRequest(), key);
    const second = await postRepair(harness.app, place.site.siteKey, fullRequest(), key);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().trackingCode, first.json().trackingCode);
    const changed = await postRepair(harness.app, place.site.siteKey, { ...fullRequest(), description: 'other' }, key);
    assert.equal(changed.statusCode, 422);
    assert.equal((await postRepair(harness.app, place.site.siteKey, fullRequest(), 'nope')).statusCode, 400);
  });

  describe('with photos (multipart)', () => {
    const jpeg = () =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
        .jpeg()
        .toBuffer();
    const fields = () => ({
      category: place.leak.id,
      buildingId: place.building.id,
      description: '卫生间漏水',
      answers: JSON.stringify({ where: 'bathroom' }),
      latitude: '39.8669',
      longitude: '116.4183',
      phone: '13800138000',
    });
    const send = async (
      files: { bytes: Uint8Array; filename: string; type: string }[],
      key = randomUUID(),
      form = fields(),
    ) => {
      const body = await multipartBody(form, files);
      return harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${place.site.siteKey}/repairs`,
        headers: { 'content-type': body.contentType, 'idempotency-key': key },
        payload: body.payload,
      });
    };
    const photoCount = async () => (await harness.app.db.select({ id: photos.id }).from(photos)).length;

    it('stores up to 3 photos as private (staff only); a retry stores one request and one set of photos', async () => {
      const bytes = await jpeg();
      const files = [1, 2].map((n) => ({ bytes, filename: `leak-${n}.jpg`, type: 'image/jpeg' }));
      const before = await photoCount();
      const key = randomUUID();
      const first = await send(files, key);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().photos, 2);
      const retry = await send(files, key);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(await photoCount(), before + 2);
      const publicView = (await view(first.json().trackingCode)).json();
      assert.deepEqual(publicView.photos, [], 'photos stay private until staff publish them');
      const [row] = await harness.app.db
        .select()
        .from(repairRequests)
        .where(eq(repairRequests.trackingCode, first.json().trackingCode));
      assert.equal(row?.latitude, 39.8669);
    });

    it('refuses an SVG or HTML named .jpg, a fourth photo and bad numbers, storing nothing', async () => {
      const before = await photoCount();
      const requests = (await harness.app.db.select({ id: repairRequests.id }).from(repairRequests)).length;
      const bytes = await jpeg();
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const html = Buffer.from('<!doctype html><script>alert(1)</script>');
      const svgResponse = await send([
        { bytes, filename: 'a.jpg', type: 'image/jpeg' },
        { bytes: svg, filename: 'b.jpg', type: 'image/jpeg' },
      ]);
      assert.equal(svgResponse.json().error.code, 'COURTYARD_PHOTO_UNSUPPORTED_TYPE');
      assert.equal((await send([{ bytes: html, filename: 'c.jpg', type: 'image/jpeg' }])).statusCode, 415);
      const four = await send([1, 2, 3, 4].map((n) => ({ bytes, filename: `${n}.jpg`, type: 'image/jpeg' })));
      assert.equal(four.json().error.code, 'COURTYARD_TOO_MANY_PHOTOS');
      const badNumber = await send([], randomUUID(), { ...fields(), latitude: 'north' });
      assert.equal(badNumber.json().error.code, 'COURTYARD_VALIDATION');
      const badAnswers = await send([], randomUUID(), { ...fields(), answers: '{oops' });
      assert.equal(badAnswers.json().error.code, 'COURTYARD_VALIDATION');
      const unknownCategory = await send([{ bytes, filename: 'a.jpg', type: 'image/jpeg' }], randomUUID(), {
        ...fields(),
        category: randomUUID(),
      });
      assert.equal(unknownCategory.json().error.code, 'COURTYARD_UNKNOWN_CATEGORY');
      assert.equal(await photoCount(), before, 'no orphan photos');
      assert.equal((await harness.app.db.select({ id: repairRequests.id }).from(repairRequests)).length, requests);
    });

    it('refuses a 50-megapixel image', async () => {
      const huge = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: '#ffffff' } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      const response = await send([{ bytes: huge, filename: 'huge.png', type: 'image/png' }]);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'COURTYARD_PHOTO_TOO_MANY_PIXELS');
    });
  });

  it('normalises tracking codes a resident types', () => {
    assert.equal(normalizeTrackingCode('r-7k3q-9x2m'), 'R-7K3Q-9X2M');
    assert.equal(normalizeTrackingCode('R7K3Q9X2M'), 'R-7K3Q-9X2M');
    assert.equal(normalizeTrackingCode('R-OIL0-0000'), 'R-0110-0000');
    assert.equal(normalizeTrackingCode('R-7K3Q-9X2U'), undefined);
  });
});
