// The script tag's bundle as a host page and a CDN see it: exact versions immutable with a matching SRI
// hash, the v1 alias short-cached, unknown versions 404 in the error shape. Needs `npm run build` first
// (npm test builds before it runs).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildTestApp, type TestApp } from '../../support/app.js';

const manifest = JSON.parse(
  readFileSync(new URL('../../../packages/widgets/dist/embed/manifest.json', import.meta.url), 'utf8'),
) as {
  version: string;
  file: string;
  integrity: string;
  chunks: { file: string; integrity: string }[];
  sizes: Record<string, { gzipBytes: number; budget: number }>;
};
/** The SRI hash of `bytes` in the algorithm `like` names (the loader sha384, its module files sha256). */
const sri = (bytes: Buffer, like: string) => {
  const algorithm = like.slice(0, like.indexOf('-'));
  return `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
};

describe('GET /embed/:version/courtyard.js', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());

  it('serves the exact version immutable, with bytes matching the published SRI hash', async () => {
    const response = await harness.app.inject({ method: 'GET', url: `/embed/${manifest.version}/courtyard.js` });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    const digest = `sha384-${createHash('sha384').update(response.rawPayload).digest('base64')}`;
    assert.equal(digest, manifest.integrity);
  });

  it('sends the bundle gzipped to a browser that accepts it, the same bytes once unpacked', async () => {
    const url = `/embed/${manifest.version}/courtyard.js`;
    const plain = await harness.app.inject({ method: 'GET', url });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'accept-encoding');
    const zipped = await harness.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(zipped.statusCode, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'accept-encoding');
    // The loader's list of file hashes does not compress; its code does.
    assert.ok(zipped.rawPayload.length < plain.rawPayload.length * 0.6, `${zipped.rawPayload.length} bytes`);
    assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload);
    const refused = await harness.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip;q=0, br' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.deepEqual(refused.rawPayload, plain.rawPayload);
  });

  it('serves the v1 alias with a short cache and revalidates it by ETag', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/embed/v1/courtyard.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    const again = await harness.app.inject({
      method: 'GET',
      url: '/embed/v1/courtyard.js',
      headers: { 'if-none-match': String(response.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('names the gzipped and the plain bytes by different ETags, and revalidates each by its own', async () => {
    const url = `/embed/${manifest.version}/courtyard.js`;
    const gzip = { 'accept-encoding': 'gzip' };
    const plain = await harness.app.inject({ method: 'GET', url });
    const zipped = await harness.app.inject({ method: 'GET', url, headers: gzip });
    assert.notEqual(zipped.headers.etag, plain.headers.etag);
    const zippedAgain = await harness.app.inject({
      method: 'GET',
      url,
      headers: { ...gzip, 'if-none-match': String(zipped.headers.etag) },
    });
    assert.equal(zippedAgain.statusCode, 304);
    assert.equal(zippedAgain.headers.vary, 'accept-encoding');
    // A cache that kept the gzipped copy cannot have it confirmed for a client that takes plain bytes.
    const crossed = await harness.app.inject({
      method: 'GET',
      url,
      headers: { 'if-none-match': String(zipped.headers.etag) },
    });
    assert.equal(crossed.statusCode, 200);
    assert.equal(crossed.headers['content-encoding'], undefined);
  });

  it('answers versions it does not have with 404 in the error shape', async () => {
    for (const version of ['0.0.1', '9.9.9', 'v2']) {
      const response = await harness.app.inject({ method: 'GET', url: `/embed/${version}/courtyard.js` });
      assert.equal(response.statusCode, 404, version);
      assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
    }
    const malformed = await harness.app.inject({ method: 'GET', url: '/embed/latest%3Cscript%3E/courtyard.js' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'COURTYARD_VALIDATION');
  });

  it('was built within its size budget, part by part', () => {
    for (const [part, { gzipBytes, budget }] of Object.entries(manifest.sizes)) {
      assert.ok(gzipBytes <= budget, `${part}: ${gzipBytes} > ${budget}`);
    }
    assert.ok(manifest.sizes['loader courtyard.js'], 'the loader is measured');
    assert.ok(manifest.sizes['page zh-CN, all four'], 'a page with every widget is measured');
  });
});

describe('GET /embed/:version/<module file>', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());

  it('serves every module file of the exact version immutable, matching the hash the loader pins', async () => {
    assert.ok(manifest.chunks.length > 4);
    for (const { file, integrity } of manifest.chunks) {
      const response = await harness.app.inject({ method: 'GET', url: `/embed/${manifest.version}/${file}` });
      assert.equal(response.statusCode, 200, file);
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(response.headers['access-control-allow-origin'], '*');
      assert.equal(sri(response.rawPayload, integrity), integrity, file);
    }
  });

  it('sends gzip to browsers that accept it, the same bytes once unzipped', async () => {
    const [{ file, integrity }] = manifest.chunks as [{ file: string; integrity: string }];
    const response = await harness.app.inject({
      method: 'GET',
      url: `/embed/${manifest.version}/${file}`,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.equal(response.headers.vary, 'accept-encoding');
    assert.equal(sri(gunzipSync(response.rawPayload), integrity), integrity);
  });

  it('serves module files only from an exact version, and only the files it built', async () => {
    const [{ file }] = manifest.chunks as [{ file: string; integrity: string }];
    for (const url of [`/embed/v1/${file}`, `/embed/${manifest.version}/nothing-here.js`, `/embed/9.9.9/${file}`]) {
      const response = await harness.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
    }
    for (const file of ['..%2Fmanifest.json', '.hidden.js', 'embed-files.json']) {
      const response = await harness.app.inject({ method: 'GET', url: `/embed/${manifest.version}/${file}` });
      assert.equal(response.statusCode, 400, file);
    }
  });
});

describe('GET /embed/:version/manifest.json', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());

  it('publishes the SRI hash a webmaster pastes, matching the bytes served', async () => {
    const response = await harness.app.inject({ method: 'GET', url: `/embed/${manifest.version}/manifest.json` });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['access-control-allow-origin'], '*');
    const published = response.json();
    assert.deepEqual(Object.keys(published).sort(), ['file', 'integrity', 'sizes', 'src', 'version']);
    assert.equal(published.integrity, manifest.integrity);
    assert.equal(published.src, `/embed/${manifest.version}/courtyard.js`);
    assert.deepEqual(published.sizes, manifest.sizes);
    const script = await harness.app.inject({ method: 'GET', url: published.src });
    assert.equal(`sha384-${createHash('sha384').update(script.rawPayload).digest('base64')}`, published.integrity);
  });

  it('names the newest exact version under the v1 alias, short-cached', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/embed/v1/manifest.json' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    assert.equal(response.json().version, manifest.version);
    assert.equal(response.json().integrity, manifest.integrity);
  });

  it('answers versions it does not have with 404 in the error shape', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/embed/9.9.9/manifest.json' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'COURTYARD_NOT_FOUND');
  });
});
