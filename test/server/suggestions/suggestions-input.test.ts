import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { events, photos, suggestions } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCategory, createCommunityWithSite } from '../../support/fixtures.js';
import { communityWithStaff } from '../../support/staff-fixtures.js';
import { publishedSuggestion, staffRequest, submit, support, VOTER_A } from '../../support/suggestion-fixtures.js';

describe('suggestions: bad input and personal data', () => {
  let harness: TestApp;
  let siteKey: string;
  let communityId: string;
  let cookie: string;

  before(async () => {
    harness = await buildTestApp();
    const signedIn = await communityWithStaff(harness.app);
    ({ siteKey, communityId } = signedIn.site);
    ({ cookie } = signedIn);
  });
  after(() => harness.close());

  const stored = async () =>
    (
      await harness.app.db
        .select({ count: sql<number>`count(*)::int` })
        .from(suggestions)
        .where(eq(suggestions.communityId, communityId))
    )[0]?.count ?? 0;

  it('refuses each bad submission with its documented 4xx and stores nothing', async () => {
    const repairCategory = await createCategory(harness.app.db, { communityId, kind: 'repair' });
    const otherCommunity = await createCommunityWithSite(harness.app.db);
    const foreignCategory = await createCategory(harness.app.db, {
      communityId: otherCommunity.community.id,
      kind: 'suggestion',
    });
    const before = await stored();
    const cases: [string, unknown, number, string][] = [
      ['empty text', { text: '' }, 400, 'COURTYARD_VALIDATION'],
      ['whitespace only', { text: ' \n\t ' }, 400, 'COURTYARD_VALIDATION'],
      ['ideographic spaces only', { text: '\u3000\u3000' }, 400, 'COURTYARD_VALIDATION'],
      ['no text', {}, 400, 'COURTYARD_VALIDATION'],
      ['text over the limit', { text: 'x'.repeat(2001) }, 400, 'COURTYARD_VALIDATION'],
      ['CJK over the limit', { text: '电'.repeat(2001) }, 400, 'COURTYARD_VALIDATION'],
      ['emoji over the limit', { text: '🏠'.repeat(2001) }, 400, 'COURTYARD_VALIDATION'],
      ['unknown category', { text: '好', categoryId: randomUUID() }, 400, 'COURTYARD_VALIDATION'],
      ['a repair category', { text: '好', categoryId: repairCategory.id }, 400, 'COURTYARD_VALIDATION'],
      ['another community’s category', { text: '好', categoryId: foreignCategory.id }, 400, 'COURTYARD_VALIDATION'],
      ['malformed category id', { text: '好', categoryId: 'abc' }, 400, 'COURTYARD_VALIDATION'],
      ['malformed phone', { text: '好', phone: 'call me' }, 400, 'COURTYARD_VALIDATION'],
      ['phone with letters', { text: '好', phone: '138abc00000' }, 400, 'COURTYARD_VALIDATION'],
      ['NUL byte', { text: 'a\u0000b' }, 400, 'COURTYARD_CONTROL_CHARACTERS'],
      ['NUL in a name', { text: '好', name: 'x\u0000' }, 400, 'COURTYARD_CONTROL_CHARACTERS'],
      ['unknown field', { text: '好', isAdmin: true }, 400, 'COURTYARD_VALIDATION'],
      ['moderation from the client', { text: '好', moderation: 'published' }, 400, 'COURTYARD_VALIDATION'],
      ['text as a number', { text: 5 }, 400, 'COURTYARD_VALIDATION'],
    ];
    for (const [name, body, status, code] of cases) {
      const response = await submit(harness.app, siteKey, body);
      assert.equal(response.statusCode, status, `${name}: ${response.body}`);
      assert.equal(response.json().error.code, code, name);
    }
    const notJson = await submit(harness.app, siteKey, '{"text": ', randomUUID());
    assert.equal(notJson.statusCode, 400);
    const noKey = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/suggestions`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: '没有幂等键' }),
    });
    assert.equal(noKey.json().error.code, 'COURTYARD_IDEMPOTENCY_KEY_REQUIRED');
    assert.equal(await stored(), before);
  });

  it('accepts CJK and emoji exactly at the limit, counted in characters', async () => {
    for (const text of ['电'.repeat(2000), '🏠'.repeat(2000), `${'楼'.repeat(1999)}👍`]) {
      const response = await submit(harness.app, siteKey, { text });
      assert.equal(response.statusCode, 201, response.body);
      const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, response.json().id));
      assert.equal(row?.text, text);
      const [length] = await harness.app.db
        .select({ length: sql<number>`char_length(${suggestions.text})` })
        .from(suggestions)
        .where(eq(suggestions.id, response.json().id));
      assert.equal(length?.length, 2000);
    }
  });

  it('stores HTML and script as text and returns it as JSON text, never markup', async () => {
    const text = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"';
    const { id } = await publishedSuggestion(harness.app, siteKey, cookie, text);
    const list = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` });
    assert.match(String(list.headers['content-type']), /^application\/json/);
    assert.equal(list.json().items.find((item: { id: string }) => item.id === id).text, text);
    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, id));
    assert.equal(row?.text, text);
  });

  it('never puts a name, phone or internal note in any public response or event', async () => {
    const name = '张秘密姓名';
    const phone = '13912345678';
    const note = '内部备注不得公开';
    const key = randomUUID();
    const created = await submit(harness.app, siteKey, { text: '隐私测试：楼下噪音太大', name, phone }, key);
    const { id, followCode } = created.json();
    await staffRequest(harness.app, cookie, 'PATCH', `/admin/api/suggestions/${id}`, {
      moderation: 'publish',
      response: '已处理',
      note,
    });
    const responses = [
      created,
      await submit(harness.app, siteKey, { text: '隐私测试：楼下噪音太大', name, phone }, key),
      await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` }),
      await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions?sort=supported` }),
      await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions/follow/${followCode}` }),
      await harness.app.inject({
        url: `/api/v1/sites/${siteKey}/suggestions/similar?q=${encodeURIComponent('楼下噪音')}`,
      }),
      await support(harness.app, siteKey, id, VOTER_A),
    ];
    for (const response of responses) {
      assert.ok(response.statusCode < 300, response.body);
      for (const secret of [name, phone, note, '1391234']) {
        assert.ok(!response.body.includes(secret), `leaked ${secret}: ${response.body}`);
      }
      assert.doesNotMatch(response.body, /"(name|phone|phoneMasked|note|authorName)"/);
    }
    const payloads = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `suggestion:${id}`));
    assert.ok(payloads.length >= 2);
    for (const event of payloads) assert.doesNotMatch(JSON.stringify(event.payload), /张秘密|1391234|内部备注/);
  });

  async function form(fields: Record<string, string>, files: Buffer[], key = randomUUID()) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    for (const bytes of files)
      body.append('photos', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
    const request = new Request('http://localhost/', { method: 'POST', body });
    return harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/suggestions`,
      headers: { 'content-type': request.headers.get('content-type') as string, 'idempotency-key': key },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  }

  it('takes a form with one photo, stored re-encoded for staff only, and refuses two photos or bad fields', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const response = await form({ text: '带照片的建议：路面破损', phone: '13800138000' }, [jpeg]);
    assert.equal(response.statusCode, 201, response.body);
    const { id } = response.json();
    const kept = await harness.app.db
      .select()
      .from(photos)
      .where(and(eq(photos.ownerKind, 'suggestion'), eq(photos.ownerId, id)));
    assert.equal(kept.length, 1);
    assert.equal(kept[0]?.public, false);
    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, id));
    assert.equal(row?.text, '带照片的建议：路面破损');

    const before = await stored();
    for (const [fields, files] of [
      [{ text: '两张照片' }, [jpeg, jpeg]],
      [{ text: '   ' }, []],
      [{ text: '好', extra: 'x' }, []],
      [{ text: '好', phone: 'nope' }, []],
    ] as const) {
      const refused = await form(fields, [...files]);
      assert.equal(refused.statusCode, 400, refused.body);
    }
    const notAPhoto = await form({ text: '假照片' }, [Buffer.from('not an image at all')]);
    assert.equal(notAPhoto.statusCode, 415, notAPhoto.body);
    assert.equal(await stored(), before);
  });
});
