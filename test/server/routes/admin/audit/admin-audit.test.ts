import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../../../../packages/server/src/audit/audit.js';
import { type TestApp, testAppWithAdminAndStaff } from '../../../../support/app.js';
import { assertError } from '../../../../support/errors.js';
import { makeCommunity } from '../../../../support/staff-fixtures.js';

interface Entry {
  id: string;
  createdAt: string;
  actor: { type: string; id: string | null; displayName: string | null; email: string | null };
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
}

describe('the audit log in the staff API', () => {
  let harness: TestApp;
  let app: FastifyInstance;
  let communityId: string;
  let adminId: string;
  let adminCookie: string;
  let staffCookie: string;
  let memberId: string;

  const get = (query: string, cookie = adminCookie) =>
    app.inject({ method: 'GET', url: `/admin/api/audit${query}`, headers: { cookie } });

  before(async () => {
    ({ harness, app, communityId, adminId, adminCookie, memberId, staffCookie } = await testAppWithAdminAndStaff());
    const actor = { type: 'staff' as const, id: adminId, communityId };
    for (let i = 1; i <= 5; i++) {
      await audit(
        app.db,
        actor,
        'suggestion.status_changed',
        { type: 'suggestion', id: `s-${i}` },
        { status: 'new' },
        {
          status: 'answered',
          note: `第${i}条`,
        },
      );
    }
    await audit(app.db, { type: 'cli', communityId }, 'site.created', { type: 'site', id: 'site-1' }, null, {
      siteKey: 'k',
    });
    // Another community's entry must never show.
    const elsewhere = await makeCommunity(app.db);
    await audit(app.db, { type: 'cli', communityId: elsewhere.id }, 'site.created', { type: 'site', id: 'theirs' });
  });
  after(() => harness.close());

  it("lists the community's entries newest first with who, what, when and before/after", async () => {
    const response = await get('?limit=200');
    assert.equal(response.statusCode, 200, response.body);
    const { items, nextCursor } = response.json() as { items: Entry[]; nextCursor: string | null };
    assert.equal(nextCursor, null);
    assert.equal(
      items.some((entry) => entry.subjectId === 'theirs'),
      false,
    );
    const ids = items.map((entry) => Number(entry.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
    const newest = items.find((entry) => entry.action === 'suggestion.status_changed');
    assert.equal(newest?.subjectId, 's-5');
    assert.deepEqual(newest?.before, { status: 'new' });
    assert.deepEqual(newest?.after, { status: 'answered', note: '第5条' });
    assert.equal(newest?.actor.type, 'staff');
    assert.equal(newest?.actor.id, adminId);
    assert.equal(newest?.actor.displayName, '王主任');
    assert.match(newest?.createdAt ?? '', /^\d{4}-\d\d-\d\dT/);
    const cli = items.find((entry) => entry.action === 'site.created');
    assert.deepEqual(cli?.actor, { type: 'cli', id: null, displayName: null, email: null });
  });

  it('pages with a cursor without skipping or repeating entries', async () => {
    const all = (await get('?limit=200&subjectType=suggestion')).json().items as Entry[];
    assert.equal(all.length, 5);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { items: Entry[]; nextCursor: string | null } = (
        await get(`?limit=2&subjectType=suggestion${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      assert.ok(page.items.length <= 2, 'at most a page');
      seen.push(...page.items.map((entry: Entry) => entry.id));
      cursor = page.nextCursor;
    }
    assert.deepEqual(
      seen,
      all.map((entry) => entry.id),
    );
  });

  it('filters by actor, action (a whole action or its prefix), subject and time', async () => {
    const byActor = (await get(`?actor=${memberId}`)).json().items as Entry[];
    assert.ok(byActor.length > 0, 'the member signed in');
    assert.equal(
      byActor.every((entry) => entry.actor.id === memberId),
      true,
    );
    const byPrefix = (await get('?action=suggestion')).json().items as Entry[];
    assert.equal(byPrefix.length, 5);
    assert.equal((await get('?action=suggestion.status_changed')).json().items.length, 5);
    assert.equal((await get('?action=suggestion.status')).json().items.length, 0);
    const one = (await get('?subjectType=suggestion&subjectId=s-3')).json().items as Entry[];
    assert.deepEqual(
      one.map((entry) => entry.after),
      [{ status: 'answered', note: '第3条' }],
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await get(`?from=${encodeURIComponent(future)}`)).json().items.length, 0);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    assert.equal(
      (await get(`?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}&action=suggestion`)).json().items
        .length,
      5,
    );
  });

  it('answers bad filters with 400 in the error shape', async () => {
    for (const query of [
      '?actor=not-a-uuid',
      '?action=staff%25',
      '?from=yesterday',
      '?cursor=abc',
      '?limit=0',
      '?limit=201',
      '?unknown=1',
      `?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(new Date(Date.now() - 1000).toISOString())}`,
      `?cursor=${'9'.repeat(30)}`,
    ]) {
      assertError(await get(query), 400, 'COURTYARD_VALIDATION');
    }
  });

  it('is for admins only: 403 for the staff role, 401 without a session', async () => {
    assertError(await get('', staffCookie), 403, 'COURTYARD_FORBIDDEN');
    assertError(await app.inject({ method: 'GET', url: '/admin/api/audit' }), 401, 'COURTYARD_UNAUTHENTICATED');
  });
});
