// Bodies nested past Limits.bodyDepth are refused with 400 before anything walks them: a 40 KB body can nest
// 20,000 deep, which overflowed the stack of the string cleaner (a 500) before the limit existed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Limits } from '@courtyard/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { cleanStrings } from '../../../packages/server/src/plugins/validation.js';
import { NO_PUBLIC_LIMITS, type TestApp } from '../../support/app.js';
import {
  countRepairs,
  multipartBody,
  postRepair,
  type RepairCommunity,
  repairTestApp,
} from '../../support/repair-fixtures.js';

/** JSON text of arrays (or objects) nested `depth` deep: `[[[…]]]`. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

function assertTooDeep(response: LightMyRequestResponse, what: string) {
  assert.equal(response.statusCode, 400, `${what}: ${response.body.slice(0, 300)}`);
  const { error } = response.json();
  assert.equal(error.code, 'COURTYARD_VALIDATION', what);
  assert.match(error.message, new RegExp(`nested more than ${Limits.bodyDepth} levels deep`), what);
}

describe('deeply nested bodies', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  before(async () => ({ harness, place } = await repairTestApp({ env: NO_PUBLIC_LIMITS })));
  after(() => harness.close());

  const repairCount = () => countRepairs(harness.app.db, place.community.id);

  it('answers a 40 KB JSON body nested 20,000 deep with 400, not 500, on public and staff routes', async () => {
    const deep = nestedArrays(20_000);
    assert.ok(deep.length <= Limits.jsonBodyBytes, 'small enough to pass the body limit');
    const before = await repairCount();
    for (const [url, headers] of [
      [`/api/v1/sites/${place.site.siteKey}/repairs`, { 'idempotency-key': randomUUID() }],
      [`/api/v1/sites/${place.site.siteKey}/suggestions`, { 'idempotency-key': randomUUID() }],
      ['/admin/api/polls', { cookie: place.adminCookie }],
    ] as const) {
      for (const payload of [
        `{"category":"${place.leak.id}","description":"漏水","answers":${deep}}`,
        deep,
        nestedObjects(10_000),
      ]) {
        const response = await harness.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json', ...headers },
          payload,
        });
        assertTooDeep(response, `${url} ${payload.slice(0, 60)}`);
      }
    }
    assert.equal(await repairCount(), before);
  });

  it("answers a multipart form whose answers nest 5,000 deep (the field's 12,000-character limit) with 400, writing nothing", async () => {
    const before = await repairCount();
    const { payload, contentType } = await multipartBody(
      { category: place.leak.id, description: '厨房漏水', answers: `{"where":${nestedArrays(5_000)}}` },
      [],
    );
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/repairs`,
      headers: { 'content-type': contentType, 'idempotency-key': randomUUID() },
      payload,
    });
    assertTooDeep(response, 'multipart answers');
    assert.equal(await repairCount(), before);
  });

  it(`takes ${Limits.bodyDepth} levels and refuses ${Limits.bodyDepth + 1}, counting the body itself as one`, () => {
    const atLimit = JSON.parse(nestedArrays(Limits.bodyDepth));
    assert.deepEqual(cleanStrings(atLimit, 'body'), atLimit);
    assert.throws(() => cleanStrings(JSON.parse(nestedArrays(Limits.bodyDepth + 1)), 'body'), /nested more than/);
    assert.throws(() => cleanStrings(JSON.parse(nestedObjects(Limits.bodyDepth + 1)), 'body'), /nested more than/);
  });

  it('still takes an ordinary report with answers', async () => {
    const response = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      description: '厨房漏水',
      answers: { where: 'kitchen', floors: 2 },
    });
    assert.equal(response.statusCode, 201, response.body);
  });
});
