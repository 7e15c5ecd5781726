// Characters that are not text — U+FFFE, U+FFFF and the other noncharacters, lone surrogates — are refused on
// the way in (400, nothing written), in JSON, in multipart forms and in Open311 posts; and the Open311 XML
// feed stays well-formed even when a row written some other way holds a character XML 1.0 forbids.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { repairRequests } from '../../../packages/server/src/db/schema.js';
import { cleanStrings } from '../../../packages/server/src/plugins/validation.js';
import { NO_PUBLIC_LIMITS, type TestApp } from '../../support/app.js';
import {
  countRepairs,
  multipartBody,
  postRepair,
  type RepairCommunity,
  repairTestApp,
  staffRequest,
} from '../../support/repair-fixtures.js';
import { fields, parseXml } from '../../support/xml.js';

/** Not text: each must be refused wherever text is taken. */
const notText = {
  'U+FFFE': '\uFFFE',
  'U+FFFF': 'a\uFFFFb',
  'U+FDD0': '\uFDD0',
  'U+FDEF': 'x\uFDEF',
  'U+1FFFE': '\u{1FFFE}',
  'U+10FFFF': '\u{10FFFF}',
  'a lone high surrogate': 'a\uD800b',
  'a lone low surrogate': '\uDC00',
  'a high surrogate at the end': '水管\uDBFF',
};

/** A lone surrogate cannot be encoded in UTF-8: a form body sends U+FFFD in its place. */
const encodable = (text: string) => !/\p{Cs}/u.test(text);

describe('text that is not text: noncharacters and lone surrogates', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  before(async () => ({ harness, place } = await repairTestApp({ env: NO_PUBLIC_LIMITS })));
  after(() => harness.close());

  const repairCount = () => countRepairs(harness.app.db, place.community.id);
  const report = (description: string, answers: Record<string, unknown> = { where: 'kitchen' }) => ({
    category: place.leak.id,
    description,
    answers,
  });
  const assertRefused = (response: { statusCode: number; body: string }, what: string) => {
    assert.equal(response.statusCode, 400, `${what}: ${response.body}`);
    assert.equal(JSON.parse(response.body).error.code, 'COURTYARD_CONTROL_CHARACTERS', what);
  };

  it('refuses them in a JSON body with 400, in values and in keys, writing nothing', async () => {
    const before = await repairCount();
    for (const [name, text] of Object.entries(notText)) {
      assertRefused(await postRepair(harness.app, place.site.siteKey, report(`厨房${text}漏水`)), name);
      assertRefused(await postRepair(harness.app, place.site.siteKey, report('厨房漏水', { [text]: 'x' })), name);
    }
    assert.equal(await repairCount(), before);
  });

  it('accepts the characters beside them: U+FFFD, U+FDCF, U+FDF0, U+FFEF, emoji and rare CJK', async () => {
    for (const text of ['\uFFFD', '\uFDCF', '\uFDF0', '\uFFEF', '😀', '𠀀𪚥', '\u{10FFFD}']) {
      const response = await postRepair(harness.app, place.site.siteKey, report(`厨房漏水${text}`));
      assert.equal(response.statusCode, 201, `${JSON.stringify(text)}: ${response.body}`);
    }
  });

  it('refuses them in a multipart form: in a field, and escaped inside the answers JSON', async () => {
    const before = await repairCount();
    const send = async (form: Record<string, string>) => {
      const { payload, contentType } = await multipartBody(form, []);
      return harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${place.site.siteKey}/repairs`,
        headers: { 'content-type': contentType, 'idempotency-key': randomUUID() },
        payload,
      });
    };
    for (const [name, text] of Object.entries(notText)) {
      const escaped = JSON.stringify(text);
      assertRefused(
        await send({ category: place.leak.id, description: '厨房漏水', answers: `{"where":"kitchen","x":${escaped}}` }),
        `${name} escaped in answers`,
      );
      if (encodable(text)) {
        assertRefused(await send({ category: place.leak.id, description: text, answers: '{"where":"kitchen"}' }), name);
      }
    }
    // Control characters escaped inside answers were let through before they were checked after parsing.
    assertRefused(
      await send({ category: place.leak.id, description: '厨房漏水', answers: '{"where":"kitchen\\u0000"}' }),
      'NUL escaped in answers',
    );
    assert.equal(await repairCount(), before);
  });

  it('refuses them in an Open311 post, writing nothing', async () => {
    const issued = await staffRequest(harness.app, place.adminCookie, 'POST', '/admin/api/api-keys', { name: 'city' });
    const before = await repairCount();
    for (const [name, text] of Object.entries(notText)) {
      if (!encodable(text)) continue;
      const form = new URLSearchParams({
        api_key: issued.json().key,
        jurisdiction_id: place.community.slug,
        service_code: 'water-leak',
        address_string: '3号楼',
        description: `厨房${text}漏水`,
        'attribute[where]': 'kitchen',
      });
      const response = await harness.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
    }
    assert.equal(await repairCount(), before);
  });

  it('keeps the Open311 XML feed well-formed when stored text holds characters XML 1.0 forbids', async () => {
    const created = await postRepair(harness.app, place.site.siteKey, report('厨房漏水'));
    assert.equal(created.statusCode, 201, created.body);
    // Written past the API (an import, a console of the future): PostgreSQL takes these, XML 1.0 does not.
    await harness.app.db
      .update(repairRequests)
      .set({ description: 'a\uFFFEb\uFFFFc\u0001d\u001fe' })
      .where(eq(repairRequests.trackingCode, created.json().trackingCode));
    for (const path of ['requests.xml', 'servicerequestupdates.xml']) {
      const feed = await harness.app.inject({ url: `/open311/v2/${path}?jurisdiction_id=${place.community.slug}` });
      assert.equal(feed.statusCode, 200, feed.body);
      const root = parseXml(feed.body);
      if (path === 'requests.xml') {
        const texts = root.children.map((child) => fields(child).description);
        assert.ok(
          texts.includes('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe'),
          `the description is kept, each forbidden character as U+FFFD`,
        );
      }
    }
  });

  it('cleans keys and values alike, and leaves ordinary text untouched', () => {
    assert.deepEqual(cleanStrings({ 'cafe\u0301': ['e\u0301', 1, null] }, 'body'), { café: ['é', 1, null] });
    for (const text of Object.values(notText)) {
      assert.throws(() => cleanStrings({ a: [text] }, 'body'), /not text/);
    }
  });
});
