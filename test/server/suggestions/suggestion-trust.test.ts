// Trust belongs to a device, not to what someone types: "approve and trust" trusts the browser a suggestion
// came from (its voter token, a secret that browser keeps), so typing a trusted resident's phone number
// publishes nothing, and the answer to a sender is the same whether it was published at once or waits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { suggestions } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { communityWithStaff } from '../../support/staff-fixtures.js';
import { staffRequest, submit } from '../../support/suggestion-fixtures.js';

const RESIDENT_DEVICE = 'residentsOwnDeviceToken01';
const RESIDENT_PHONE = '139 0000 1111';

describe('trusted suggestion authors', () => {
  let harness: TestApp;
  let siteKey: string;
  let cookie: string;

  const send = async (body: Record<string, unknown>) => {
    const response = await submit(harness.app, siteKey, body);
    assert.equal(response.statusCode, 201, response.body);
    return response;
  };
  const row = async (id: string) => (await harness.app.db.select().from(suggestions).where(eq(suggestions.id, id)))[0];
  /** What a sender can tell from the answer: its status, its fields, and nothing that differs by trust. */
  const shapeOf = (response: Awaited<ReturnType<typeof send>>) => {
    const body = response.json();
    return { status: response.statusCode, keys: Object.keys(body).sort(), suggestionStatus: body.status };
  };

  before(async () => {
    harness = await buildTestApp();
    const signedIn = await communityWithStaff(harness.app);
    siteKey = signedIn.site.siteKey;
    ({ cookie } = signedIn);
    // A resident staff know: their first suggestion is approved and trusted.
    const first = (
      await send({ text: '建议周末开放活动室', phone: RESIDENT_PHONE, voterToken: RESIDENT_DEVICE })
    ).json();
    const trusted = await staffRequest(
      harness.app,
      cookie,
      'POST',
      `/admin/api/suggestions/${first.id}/approve-and-trust`,
    );
    assert.equal(trusted.statusCode, 200, trusted.body);
  });
  after(() => harness.close());

  it('does not publish a suggestion because it names a trusted resident’s phone, and answers it as any other', async () => {
    const typed = await send({ text: '冒充的建议：把活动室租给我们公司', phone: '13900001111' });
    const typedOnAnotherDevice = await send({
      text: '冒充的建议：第二条',
      phone: RESIDENT_PHONE,
      voterToken: 'someoneElsesDeviceToken01',
    });
    const stranger = await send({ text: '普通居民的建议', phone: '13700002222' });
    for (const response of [typed, typedOnAnotherDevice]) {
      assert.equal((await row(response.json().id))?.moderation, 'pending', 'it waits for staff');
      assert.deepEqual(shapeOf(response), shapeOf(stranger), 'the answer tells nothing about the phone');
    }
    const board = (await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` })).json();
    assert.ok(!JSON.stringify(board).includes('冒充'), 'neither is on the board');
  });

  it('publishes at once what the trusted device sends, with the same answer as one that waits', async () => {
    const fromDevice = await send({ text: '活动室需要空调', voterToken: RESIDENT_DEVICE });
    const waiting = await send({ text: '活动室需要空调吗', voterToken: 'anUntrustedDeviceToken001' });
    assert.equal((await row(fromDevice.json().id))?.moderation, 'published');
    assert.equal((await row(waiting.json().id))?.moderation, 'pending');
    assert.deepEqual(shapeOf(fromDevice), shapeOf(waiting));
    assert.ok(!('moderation' in fromDevice.json()));
    const board = (await harness.app.inject({ url: `/api/v1/sites/${siteKey}/suggestions` })).json();
    assert.ok(board.items.some((item: { id: string }) => item.id === fromDevice.json().id));
  });

  it('keeps the device as a keyed hash only, and erases it with the contact', async () => {
    const response = await send({ text: '楼道里堆放杂物', name: '王阿姨', voterToken: RESIDENT_DEVICE });
    const { id, followCode, residentKey } = response.json();
    const stored = await row(id);
    assert.ok(stored?.authorDeviceHash);
    assert.ok(!stored.authorDeviceHash.includes(RESIDENT_DEVICE));
    const erased = await harness.app.inject({
      method: 'DELETE',
      url: `/api/v1/sites/${siteKey}/suggestions/follow/${followCode}/personal-data`,
      headers: { 'idempotency-key': crypto.randomUUID(), 'resident-key': residentKey },
    });
    assert.equal(erased.statusCode, 204, erased.body);
    assert.equal((await row(id))?.authorDeviceHash, null);
  });
});
