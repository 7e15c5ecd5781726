import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, testAppWithSite } from '../../../support/app.js';

describe('the hosted tracking page /p/{siteKey}/track/{code}', () => {
  let harness: TestApp;
  let siteKey: string;
  before(async () => ({ harness, siteKey } = await testAppWithSite()));
  after(() => harness.close());

  it('serves the widget for the code (normalised) under a strict CSP, in the community’s language', async () => {
    const response = await harness.app.inject({ url: `/p/${siteKey}/track/r-7k3q-9x2m` });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(response.body, /<courtyard-repair-request code="R-7K3Q-9X2M"><\/courtyard-repair-request>/);
    assert.match(response.body, new RegExp(`data-site="${siteKey}"`));
    assert.match(response.body, /<html lang="zh-CN">/);
    assert.equal(response.headers['referrer-policy'], 'no-referrer', 'the code never leaves in a Referer');
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.doesNotMatch(response.body, /<script>|style=/, 'no inline script or style');
  });

  it('answers a malformed code with 400 and an unknown site with 404', async () => {
    const malformed = await harness.app.inject({ url: `/p/${siteKey}/track/%3Cscript%3E` });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'COURTYARD_MALFORMED_TRACKING_CODE');
    const unknown = await harness.app.inject({ url: '/p/no-such-site/track/R-7K3Q-9X2M' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'COURTYARD_SITE_NOT_FOUND');
  });
});
