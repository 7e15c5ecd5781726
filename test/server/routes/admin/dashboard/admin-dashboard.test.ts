import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { repairRequests, repairUpdates, suggestions } from '../../../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../../../support/app.js';
import { createCategory, createCommunity } from '../../../../support/fixtures.js';
import { makeStaff, signIn } from '../../../../support/staff-fixtures.js';

const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;

/** Monday 00:00 in Shanghai (UTC+8, no daylight saving) of the week holding `date`, as a UTC instant. */
function shanghaiMonday(date: Date): Date {
  const local = new Date(date.getTime() + SHANGHAI);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  const monday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - sinceMonday);
  return new Date(monday - SHANGHAI);
}

describe('GET /admin/api/dashboard', () => {
  let harness: TestApp;
  let cookie: string;
  let workerCookie: string;
  let greeneryId: string;
  // Monday 02:00 in Shanghai of last week: still Sunday in UTC, so a UTC bucketing would count it a week early.
  const lastMonday = new Date(shanghaiMonday(new Date()).getTime() - 7 * 24 * HOUR + 2 * HOUR);
  const at = (hours: number) => new Date(lastMonday.getTime() + hours * HOUR);

  before(async () => {
    harness = await buildTestApp();
    const db = harness.app.db;
    const community = await createCommunity(db, { timeZone: 'Asia/Shanghai' });
    const communityId = community.id;
    const greenery = await createCategory(db, {
      communityId,
      kind: 'suggestion',
      names: { 'zh-CN': '绿化', en: 'Greenery' },
    });
    greeneryId = greenery.id;
    const leak = await createCategory(db, { communityId, kind: 'repair', names: { 'zh-CN': '漏水', en: 'Leak' } });
    const lighting = await createCategory(db, {
      communityId,
      kind: 'repair',
      names: { 'zh-CN': '照明', en: 'Lights' },
    });
    const admin = await makeStaff(db, communityId, { role: 'admin' });
    const worker = await makeStaff(db, communityId);
    cookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    workerCookie = (await signIn(harness.app, worker.email, worker.password)).cookie;

    const suggestion = (values: Partial<typeof suggestions.$inferInsert>) => ({
      communityId,
      text: '建议',
      followCode: randomBytes(4).toString('hex').toUpperCase(),
      moderation: 'published' as const,
      createdAt: lastMonday,
      ...values,
    });
    await db.insert(suggestions).values([
      suggestion({
        text: '小区东门加装路灯',
        categoryId: greeneryId,
        status: 'adopted',
        response: '已安排施工',
        respondedAt: at(1),
      }),
      suggestion({
        text: '增加绿植',
        categoryId: greeneryId,
        status: 'done',
        response: '已种好',
        respondedAt: at(2),
      }),
      suggestion({ text: '垃圾站挪位置', response: '正在研究', respondedAt: at(4), status: 'under_review' }),
      suggestion({ text: '修好座椅', response: '已报物业', respondedAt: at(10), status: 'adopted' }),
      suggestion({ text: '广告', moderation: 'spam', response: 'x', respondedAt: at(0.1) }),
      suggestion({
        text: '很久以前的',
        createdAt: at(-24 * 7 * 20),
        response: '旧',
        respondedAt: at(-24 * 7 * 20 + 1),
      }),
    ]);

    const repair = async (categoryId: string, status: 'in_progress' | 'closed') => {
      const [row] = await db
        .insert(repairRequests)
        .values({
          communityId,
          categoryId,
          trackingCode: `R-${randomBytes(4).toString('hex').toUpperCase()}`,
          description: '漏水',
          status,
          createdAt: lastMonday,
        })
        .returning();
      return row!.id;
    };
    const update = (repairId: string, hours: number, values: Partial<typeof repairUpdates.$inferInsert>) =>
      db.insert(repairUpdates).values({
        communityId,
        repairId,
        kind: 'update',
        authorType: 'staff',
        createdAt: at(hours),
        ...values,
      });
    // Answered after 1 h, resolved after 5 h, confirmed (closed) by the resident after 6 h.
    const r1 = await repair(leak.id, 'closed');
    await update(r1, 0, { kind: 'created', authorType: 'resident', public: true });
    await update(r1, 1, { status: 'acknowledged', public: true });
    await update(r1, 5, { status: 'resolved', public: true });
    await update(r1, 6, { kind: 'confirmation', authorType: 'resident', status: 'closed', public: true });
    // An internal note is no answer; the public update after 3 h is. Still in progress.
    const r2 = await repair(leak.id, 'in_progress');
    await update(r2, 0.5, { note: '内部', public: false });
    await update(r2, 3, { status: 'in_progress', public: true });
    // Closed straight away after 9 h.
    const r3 = await repair(lighting.id, 'closed');
    await update(r3, 9, { status: 'closed', public: true });

    // Another community's work in the same week counts only there.
    const other = await createCommunity(db, { timeZone: 'Asia/Shanghai' });
    await db.insert(suggestions).values({ ...suggestion({ text: '别的社区' }), communityId: other.id });
  });
  after(() => harness.close());

  const get = (url: string, sessionCookie = cookie) =>
    harness.app.inject({ method: 'GET', url, headers: sessionCookie ? { cookie: sessionCookie } : {} });

  it('counts received, answered and resolved per ISO week in the community time zone', async () => {
    const response = await get('/admin/api/dashboard?weeks=4');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.weeks, 4);
    assert.equal(body.timeZone, 'Asia/Shanghai');
    assert.equal(body.perWeek.length, 4);
    const monday = new Date(lastMonday.getTime() - 2 * HOUR + SHANGHAI).toISOString().slice(0, 10);
    const [twoBefore, oneBefore, lastWeek, thisWeek] = body.perWeek;
    assert.equal(lastWeek.startsOn, monday);
    assert.match(lastWeek.week, /^\d{4}-W\d{2}$/);
    assert.deepEqual(lastWeek.suggestions, { received: 4, answered: 4 });
    assert.deepEqual(lastWeek.repairs, { received: 3, answered: 3, resolved: 2 });
    for (const week of [twoBefore, oneBefore, thisWeek]) {
      assert.deepEqual(week.suggestions, { received: 0, answered: 0 }, week.week);
      assert.deepEqual(week.repairs, { received: 0, answered: 0, resolved: 0 }, week.week);
    }
  });

  it('gives median times to first response and to resolution (percentile_cont)', async () => {
    const { medians } = (await get('/admin/api/dashboard?weeks=4')).json();
    // Suggestions answered after 1, 2, 4 and 10 hours: the median lies between 2 and 4.
    assert.equal(medians.suggestionFirstResponse, 3 * 3600);
    // Repairs first answered after 1, 3 and 9 hours; resolved after 5 and 9 hours.
    assert.equal(medians.repairFirstResponse, 3 * 3600);
    assert.equal(medians.repairResolution, 7 * 3600);
  });

  it('counts by category, with uncategorised suggestions apart and spam left out', async () => {
    const { byCategory } = (await get('/admin/api/dashboard?weeks=4')).json();
    const find = (kind: string, en: string | null) =>
      byCategory.find(
        (row: { kind: string; names: { en?: string } | null }) => row.kind === kind && (row.names?.en ?? null) === en,
      );
    assert.equal(find('suggestion', 'Greenery').received, 2);
    assert.equal(find('suggestion', 'Greenery').categoryId, greeneryId);
    assert.equal(find('suggestion', null).received, 2);
    assert.equal(find('repair', 'Leak').received, 2);
    assert.equal(find('repair', 'Lights').received, 1);
    assert.equal(byCategory.length, 4);
  });

  it('lists "you said, we did": adopted or done suggestions with their answers, newest answer first', async () => {
    const { youSaidWeDid } = (await get('/admin/api/dashboard?weeks=4', workerCookie)).json();
    assert.deepEqual(
      youSaidWeDid.map((row: { text: string; response: string; status: string }) => [
        row.text,
        row.status,
        row.response,
      ]),
      [
        ['修好座椅', 'adopted', '已报物业'],
        ['增加绿植', 'done', '已种好'],
        ['小区东门加装路灯', 'adopted', '已安排施工'],
      ],
    );
    assert.equal(youSaidWeDid[0].respondedAt, at(10).toISOString());
  });

  it('reaches back as many weeks as asked, and the old suggestion with them', async () => {
    const body = (await get('/admin/api/dashboard?weeks=12')).json();
    assert.equal(body.perWeek.length, 12);
    assert.equal(
      body.perWeek.reduce(
        (sum: number, week: { suggestions: { received: number } }) => sum + week.suggestions.received,
        0,
      ),
      4,
    );
    const wide = (await get('/admin/api/dashboard?weeks=104')).json();
    assert.equal(
      wide.perWeek.reduce(
        (sum: number, week: { suggestions: { received: number } }) => sum + week.suggestions.received,
        0,
      ),
      5,
    );
    assert.equal((await get('/admin/api/dashboard')).json().weeks, 12);
  });

  it('refuses bad input with a 400 in the JSON error shape, and answers 401 without a session', async () => {
    for (const query of ['weeks=0', 'weeks=105', 'weeks=abc', 'weeks=2&extra=1']) {
      const response = await get(`/admin/api/dashboard?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION', query);
    }
    const anonymous = await get('/admin/api/dashboard', '');
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'COURTYARD_UNAUTHENTICATED');
  });
});
