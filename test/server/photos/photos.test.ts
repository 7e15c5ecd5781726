import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { FIXTURE_UPLOAD_URL, registerFixtureUploadRoute } from '../../support/fixture-upload-route.js';
import { createCommunityWithSite } from '../../support/fixtures.js';

type TestSite = Awaited<ReturnType<typeof createCommunityWithSite>>['site'];

type Upload = { bytes: Uint8Array; filename: string; type: string; field?: string };

/** A multipart body exactly as a browser's FormData would send it. */
async function multipart(fields: Record<string, string>, files: Upload[]) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    form.append(file.field ?? 'photos', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') as string,
  };
}

/** A phone photo: landscape pixels, EXIF saying "rotate 90°", GPS position and camera make. */
function phonePhoto() {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#c86432' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'CourtyardTestCam', Copyright: 'Resident 501' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 52/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 25/1 0/1',
        GPSMapDatum: 'WGS-84',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe('photo uploads and the public photo route', () => {
  let harness: TestApp;
  let site: TestSite;
  const upload = async (files: Upload[], fields: Record<string, string> = { public: 'true' }, key = randomUUID()) => {
    const body = await multipart(fields, files);
    return harness.app.inject({
      method: 'POST',
      url: FIXTURE_UPLOAD_URL(site.siteKey),
      headers: { 'content-type': body.contentType, 'idempotency-key': key },
      payload: body.payload,
    });
  };
  const fetchPhoto = (id: string, siteKey = site.siteKey) =>
    harness.app.inject({ method: 'GET', url: `/api/v1/sites/${siteKey}/photos/${id}` });

  before(async () => {
    harness = await buildTestApp({
      beforeReady: registerFixtureUploadRoute,
    });
    site = (await createCommunityWithSite(harness.app.db)).site;
  });
  after(() => harness.close());

  it('re-encodes a phone photo upright and without EXIF, GPS or camera data', async () => {
    const original = await phonePhoto();
    assert.ok(original.includes('WGS-84') && original.includes('CourtyardTestCam'), 'the fixture carries EXIF');
    const response = await upload([{ bytes: original, filename: 'IMG_0001.jpg', type: 'image/jpeg' }]);
    assert.equal(response.statusCode, 201, response.body);
    const [stored] = response.json().photos;
    assert.deepEqual(
      { width: stored.width, height: stored.height, mime: stored.mime },
      {
        width: 200,
        height: 300,
        mime: 'image/jpeg',
      },
    );

    const served = await fetchPhoto(stored.id);
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['cache-control']), /immutable/);
    const bytes = served.rawPayload;
    const metadata = await sharp(bytes).metadata();
    assert.equal(metadata.format, 'jpeg');
    assert.equal(metadata.exif, undefined);
    assert.equal(metadata.orientation, undefined);
    assert.deepEqual([metadata.width, metadata.height], [200, 300]);
    for (const leaked of ['WGS-84', 'CourtyardTestCam', 'Resident 501', 'Exif']) {
      assert.equal(bytes.includes(leaked), false, `${leaked} left in the stored photo`);
    }
  });

  it('accepts a full-size phone photo of several megabytes and scales it to the longest edge', async () => {
    // Noise does not compress, so this 4096×1024 JPEG weighs megabytes, like a real camera photo.
    const width = 4096;
    const height = 1024;
    const noise = randomBytes(width * height * 3);
    const wide = await sharp(noise, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    assert.ok(wide.length > 3 * 1024 * 1024, `${wide.length} bytes`);
    const response = await upload([{ bytes: wide, filename: 'wide.jpg', type: 'image/jpeg' }]);
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual([response.json().photos[0].width, response.json().photos[0].height], [2048, 512]);
  });

  it('judges the type by content: a PNG named .jpg and a WebP named .png are accepted', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#00ff0080' } })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 50, height: 20, channels: 3, background: '#ff0000' } })
      .webp()
      .toBuffer();
    const response = await upload([
      { bytes: png, filename: 'photo.jpg', type: 'image/jpeg' },
      { bytes: webp, filename: 'photo.png', type: 'image/png' },
    ]);
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(
      response.json().photos.map((photo: { width: number; height: number }) => [photo.width, photo.height]),
      [
        [40, 30],
        [50, 20],
      ],
    );
  });

  it('refuses a text file that claims to be a JPEG with 415, and a damaged JPEG with 400', async () => {
    const text = await upload([{ bytes: Buffer.from('hello, not a photo'), filename: 'a.jpg', type: 'image/jpeg' }]);
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().error.code, 'COURTYARD_PHOTO_UNSUPPORTED_TYPE');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    assert.equal((await upload([{ bytes: svg, filename: 'a.png', type: 'image/png' }])).statusCode, 415);
    const truncated = (await phonePhoto()).subarray(0, 200);
    const damaged = await upload([{ bytes: truncated, filename: 'a.jpg', type: 'image/jpeg' }]);
    assert.equal(damaged.statusCode, 400);
    assert.equal(damaged.json().error.code, 'COURTYARD_PHOTO_UNREADABLE');
  });

  it('answers 413 for an upload over the size limit or with too many photos', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(9 * 1024 * 1024)]);
    const oversize = await upload([{ bytes: huge, filename: 'big.jpg', type: 'image/jpeg' }]);
    assert.equal(oversize.statusCode, 413);
    assert.equal(oversize.json().error.code, 'COURTYARD_PAYLOAD_TOO_LARGE');
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const many = Array.from({ length: 5 }, (_, i) => ({ bytes: small, filename: `${i}.jpg`, type: 'image/jpeg' }));
    const tooMany = await upload(many);
    assert.equal(tooMany.statusCode, 413);
  });

  it('refuses an image with too many pixels before decoding it', async () => {
    const giant = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    assert.ok(giant.length < 1024 * 1024, 'small file, 48 megapixels');
    const response = await upload([{ bytes: giant, filename: 'giant.png', type: 'image/png' }]);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'COURTYARD_PHOTO_TOO_MANY_PIXELS');
  });

  it('refuses files in other fields, unknown fields and a malformed body with 400', async () => {
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const otherField = await upload([{ bytes: small, filename: 'a.jpg', type: 'image/jpeg', field: 'avatar' }]);
    assert.equal(otherField.statusCode, 400);
    const unknownField = await upload([{ bytes: small, filename: 'a.jpg', type: 'image/jpeg' }], { colour: 'red' });
    assert.equal(unknownField.statusCode, 400);
    assert.equal(unknownField.json().error.code, 'COURTYARD_VALIDATION');
    const malformed = await harness.app.inject({
      method: 'POST',
      url: FIXTURE_UPLOAD_URL(site.siteKey),
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'idempotency-key': randomUUID() },
      payload: '--xyz\r\nContent-Disposition: form-data; name="public"\r\n\r\ntrue',
    });
    assert.equal(malformed.statusCode, 400, malformed.body);
  });

  it('refuses an upload without an Idempotency-Key', async () => {
    const body = await multipart({}, [{ bytes: await phonePhoto(), filename: 'a.jpg', type: 'image/jpeg' }]);
    const response = await harness.app.inject({
      method: 'POST',
      url: FIXTURE_UPLOAD_URL(site.siteKey),
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'COURTYARD_IDEMPOTENCY_KEY_REQUIRED');
  });

  it('hashes uploads by content for idempotency: a retry replays, other bytes under the key are 422', async () => {
    const key = randomUUID();
    const photo = { bytes: await phonePhoto(), filename: 'a.jpg', type: 'image/jpeg' };
    const first = await upload([photo], { public: 'true' }, key);
    assert.equal(first.statusCode, 201);
    const retry = await upload([{ ...photo, filename: 'renamed.jpg' }], { public: 'true' }, key);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json());
    const other = await sharp({ create: { width: 9, height: 9, channels: 3, background: '#123' } })
      .jpeg()
      .toBuffer();
    const reused = await upload([{ ...photo, bytes: other }], { public: 'true' }, key);
    assert.equal(reused.statusCode, 422);
  });

  it("serves only public photos of the site's own community; everything else is the same 404", async () => {
    const photo = { bytes: await phonePhoto(), filename: 'a.jpg', type: 'image/jpeg' };
    const privateUpload = await upload([photo], { public: 'false' });
    const privateId = privateUpload.json().photos[0].id;
    const hidden = await fetchPhoto(privateId);
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().error.code, 'COURTYARD_NOT_FOUND');

    const publicId = (await upload([photo])).json().photos[0].id;
    assert.equal((await fetchPhoto(publicId)).statusCode, 200);
    const other = (await createCommunityWithSite(harness.app.db)).site;
    const foreign = await fetchPhoto(publicId, other.siteKey);
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(foreign.json(), hidden.json());
    assert.equal((await fetchPhoto(randomUUID())).statusCode, 404);
    assert.equal((await fetchPhoto('not-a-uuid')).statusCode, 400);
  });
});
