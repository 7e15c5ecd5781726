// A suggestion's follow code reads it; erasing the sender's name and phone also needs the resident key the
// sender was given, as for a repair.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { idempotencyKeys, suggestions } from '../../../packages/server/src/db/schema.js';
import { type TestApp, testAppWithSite } from '../../support/app.js';
import { multipartBody } from '../../support/repair-fixtures.js';
import { submit } from '../../support/suggestion-fixtures.js';

const KEY_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

describe('the resident key of a suggestion', () => {
  let harness: TestApp;
  let siteKey: string;

  before(async () => ({ harness, siteKey } = await testAppWithSite()));
  after(() => harness.close());

  const sent = { text: '希望在3号楼门口加装扶手', name: '李大爷', phone: '13900139000' };
  const erase = (followCode: string, headers: Record<string, string> = {}) =>
    harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/sites/${siteKey}/suggestions/follow/${followCode}/personal-data`,
      headers: { 'idempotency-key': randomUUID(), ...headers },
    });
  const rowOf = async (id: string) =>
    (await harness.app.db.select().from(suggestions).where(eq(suggestions.id, id)))[0]!;

  it('gives the sender a key with the follow code, the same again on a retry, kept only as a hash', async () => {
    const key = randomUUID();
    const first = await submit(harness.app, siteKey, sent, key);
    assert.equal(first.statusCode, 201, first.body);
    const { id, followCode, residentKey } = first.json();
    assert.match(residentKey, KEY_SHAPE);
    const retry = await submit(harness.app, siteKey, sent, key);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual([retry.json().followCode, retry.json().residentKey], [followCode, residentKey]);

    const row = await rowOf(id);
    assert.ok(row.residentKeyHash);
    const [stored] = await harness.app.db
      .select({ body: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    for (const text of [JSON.stringify(row), JSON.stringify(stored?.body)]) {
      assert.ok(!text.includes(residentKey.replaceAll('-', '')) && !text.includes(residentKey));
    }
  });

  it('gives a key with a photo too (the transaction path), again on a retry', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const { payload, contentType } = await multipartBody({ text: '路面破损', phone: '13800138000' }, [
      { bytes: jpeg, filename: 'road.jpg', type: 'image/jpeg' },
    ]);
    const key = randomUUID();
    const post = () =>
      harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${siteKey}/suggestions`,
        headers: { 'content-type': contentType, 'idempotency-key': key },
        payload,
      });
    const first = await post();
    assert.equal(first.statusCode, 201, first.body);
    assert.match(first.json().residentKey, KEY_SHAPE);
    const retry = await post();
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.json().residentKey, first.json().residentKey);
    const erased = await erase(first.json().followCode, { 'resident-key': first.json().residentKey });
    assert.equal(erased.statusCode, 204, erased.body);
  });

  it('refuses to erase with the follow code alone or a wrong key (as for an unknown code), erasing nothing', async () => {
    const created = (await submit(harness.app, siteKey, sent)).json();
    const another = (await submit(harness.app, siteKey, sent)).json();

    const keyless = await erase(created.followCode);
    assert.equal(keyless.statusCode, 403);
    assert.equal(keyless.json().error.code, 'COURTYARD_RESIDENT_KEY_REQUIRED');
    const wrong = await erase(created.followCode, { 'resident-key': another.residentKey });
    const unknown = await erase('ABCDEFGHJK', { 'resident-key': created.residentKey });
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'COURTYARD_RESIDENT_KEY_INVALID');
    }
    assert.equal(wrong.body, unknown.body);
    assert.equal((await rowOf(created.id)).phone, '13900139000');

    const erased = await erase(created.followCode, { 'resident-key': created.residentKey });
    assert.equal(erased.statusCode, 204);
    const row = await rowOf(created.id);
    assert.deepEqual([row.authorName, row.phone, row.text], [null, null, sent.text]);
  });
});
