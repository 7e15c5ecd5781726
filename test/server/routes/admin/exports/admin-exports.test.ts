import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, repairRequests, suggestions } from '../../../../../packages/server/src/db/schema.js';
import { csvCell, csvRow } from '../../../../../packages/server/src/exports/csv.js';
import { buildTestApp, type TestApp } from '../../../../support/app.js';
import { parseCsv } from '../../../../support/csv.js';
import { createCategory, createCommunity } from '../../../../support/fixtures.js';
import { createPoll, pollHarness, vote, voterToken } from '../../../../support/poll-fixtures.js';
import { makeStaff, signIn } from '../../../../support/staff-fixtures.js';

const BOM = '\uFEFF';

describe('the CSV writer', () => {
  it('quotes by RFC 4180 and guards formulas', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\r\nlines'), '"two\nlines"');
    for (const start of ['=', '+', '-', '@', '\t']) assert.equal(csvCell(`${start}1`), `'${start}1`);
    assert.equal(csvCell('\rx'), `"'\nx"`);
    assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
    assert.equal(csvCell(-5), '-5', 'numbers are numbers, not formulas');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(false), 'false');
    assert.equal(csvRow(['电梯', 2, null]), '电梯,2,\r\n');
  });
});

describe('GET /admin/api/exports/*.csv', () => {
  let harness: TestApp;
  let communityId: string;
  let adminCookie: string;
  let workerCookie: string;
  let otherAdminCookie: string;
  let adminId: string;
  const hostile = [
    '=HYPERLINK("http://evil.example","点我")',
    '+86 138',
    '-1+1',
    '@SUM(A1)',
    '\t缩进',
    '\r回车开头',
    '逗号, "引号"\r\n和换行',
    '三号楼电梯坏了',
  ];

  before(async () => {
    harness = await buildTestApp();
    const db = harness.app.db;
    const community = await createCommunity(db, { defaultLanguage: 'zh-CN' });
    communityId = community.id;
    const category = await createCategory(db, {
      communityId,
      kind: 'suggestion',
      names: { 'zh-CN': '电梯', en: 'Lifts' },
    });
    const admin = await makeStaff(db, communityId, { role: 'admin' });
    adminId = admin.id;
    const worker = await makeStaff(db, communityId);
    adminCookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    workerCookie = (await signIn(harness.app, worker.email, worker.password)).cookie;
    const other = await createCommunity(db);
    const otherAdmin = await makeStaff(db, other.id, { role: 'admin' });
    otherAdminCookie = (await signIn(harness.app, otherAdmin.email, otherAdmin.password)).cookie;

    await db.insert(suggestions).values(
      hostile.map((text, index) => ({
        communityId,
        categoryId: category.id,
        text,
        authorName: '李阿姨',
        phone: '13800138000',
        followCode: randomBytes(4).toString('hex').toUpperCase(),
        moderation: 'published' as const,
        createdAt: new Date(Date.UTC(2026, 0, 5, 2, 0, index)),
      })),
    );
    const repairCategory = await createCategory(db, {
      communityId,
      kind: 'repair',
      names: { 'zh-CN': '漏水', en: 'Leak' },
    });
    await db.insert(repairRequests).values({
      communityId,
      categoryId: repairCategory.id,
      trackingCode: 'R-TEST-0001',
      description: '=厨房漏水',
      room: '501',
      contactName: '张先生',
      contactPhone: '13900139000',
      contactEmail: 'zhang@example.org',
    });
  });
  after(() => harness.close());

  const get = (url: string, cookie: string) =>
    harness.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const records = (body: string) => {
    assert.ok(body.startsWith(BOM), 'starts with a UTF-8 byte-order mark');
    return parseCsv(body.slice(1));
  };

  it('exports suggestions as UTF-8 CSV with a BOM, RFC 4180 quoting, guarded formulas and Chinese text', async () => {
    const response = await get('/admin/api/exports/suggestions.csv', adminCookie);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(response.headers['content-disposition']),
      /^attachment; filename="courtyard-suggestions-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    assert.equal(response.headers['x-courtyard-rows'], String(hostile.length));
    assert.equal(response.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    const [header, ...rows] = records(response.body);
    assert.deepEqual(header?.slice(0, 4), ['编号', '提交时间', '类别', '内容'], 'headed in the community language');
    assert.deepEqual(header?.slice(-2), ['姓名', '电话'], 'admins get contact columns');
    assert.equal(rows.length, hostile.length);
    const texts = rows.map((row) => row[3]);
    assert.deepEqual(texts, [
      `'=HYPERLINK("http://evil.example","点我")`,
      "'+86 138",
      "'-1+1",
      "'@SUM(A1)",
      "'\t缩进",
      "'\n回车开头",
      '逗号, "引号"\n和换行',
      '三号楼电梯坏了',
    ]);
    assert.equal(rows[0]?.[2], '电梯');
    assert.equal(rows[0]?.[1], '2026-01-05 10:00:00', 'times in the community time zone (Asia/Shanghai)');
    assert.deepEqual(rows[0]?.slice(-2), ['李阿姨', '13800138000']);
  });

  it('heads the columns in English when asked, and filters', async () => {
    const response = await get('/admin/api/exports/suggestions.csv?lang=en&status=adopted', adminCookie);
    assert.equal(response.statusCode, 200, response.body);
    const [header, ...rows] = records(response.body);
    assert.deepEqual(header?.slice(0, 4), ['id', 'received', 'category', 'text']);
    assert.equal(rows.length, 0);
  });

  it('leaves contact columns out for staff who are not admins', async () => {
    const response = await get('/admin/api/exports/suggestions.csv?lang=en', workerCookie);
    assert.equal(response.statusCode, 200, response.body);
    const [header] = records(response.body);
    assert.ok(!header?.includes('phone') && !header?.includes('name'));
    assert.doesNotMatch(response.body, /13800138000|李阿姨/);

    const repairs = await get('/admin/api/exports/repairs.csv?lang=en', workerCookie);
    assert.equal(repairs.statusCode, 200, repairs.body);
    assert.doesNotMatch(repairs.body, /13900139000|张先生|zhang@example/);
    const [repairHeader, repair] = records(repairs.body);
    assert.equal(repair?.[repairHeader!.indexOf('description')], "'=厨房漏水");
    assert.equal(repair?.[repairHeader!.indexOf('room')], '501');

    const adminRepairs = records((await get('/admin/api/exports/repairs.csv?lang=en', adminCookie)).body);
    assert.deepEqual(adminRepairs[0]?.slice(-3), ['contact name', 'contact phone', 'contact email']);
    assert.deepEqual(adminRepairs[1]?.slice(-3), ['张先生', '13900139000', 'zhang@example.org']);
  });

  it('audits every export: who, which list, filters, rows and whether contact columns were in it', async () => {
    await get('/admin/api/exports/suggestions.csv?moderation=published', adminCookie);
    const [entry] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.communityId, communityId), eq(auditLog.action, 'export.downloaded')))
      .orderBy(desc(auditLog.id))
      .limit(1);
    assert.equal(entry?.actorId, adminId);
    assert.equal(entry?.subjectType, 'export');
    assert.equal(entry?.subjectId, 'suggestions');
    assert.deepEqual(entry?.after, {
      list: 'suggestions',
      filters: { moderation: 'published' },
      rows: hostile.length,
      contactColumns: true,
    });
  });

  it('gives the audit log to admins only', async () => {
    const refused = await get('/admin/api/exports/audit-log.csv', workerCookie);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'COURTYARD_FORBIDDEN');
    const response = await get('/admin/api/exports/audit-log.csv?lang=en', adminCookie);
    assert.equal(response.statusCode, 200, response.body);
    const [header, ...rows] = records(response.body);
    assert.deepEqual(header, [
      'id',
      'when',
      'actor type',
      'actor email',
      'actor name',
      'action',
      'subject type',
      'subject id',
      'before',
      'after',
    ]);
    assert.ok(rows.some((row) => row[5] === 'export.downloaded' && row[4] === '王主任'));
  });

  it("never shows another community's rows, and answers 404 for its poll", async () => {
    const response = await get('/admin/api/exports/suggestions.csv', otherAdminCookie);
    assert.equal(response.statusCode, 200);
    assert.equal(records(response.body).length, 1, 'only the header');
    const poll = await get(`/admin/api/exports/poll-results.csv?poll=${randomUUID()}`, adminCookie);
    assert.equal(poll.statusCode, 404);
    assert.equal(poll.json().error.code, 'COURTYARD_NOT_FOUND');
  });

  it('refuses bad queries with a 400 in the JSON error shape, and answers 401 without a session', async () => {
    for (const url of [
      '/admin/api/exports/suggestions.csv?status=nonsense',
      '/admin/api/exports/suggestions.csv?extra=1',
      '/admin/api/exports/repairs.csv?spam=maybe',
      '/admin/api/exports/poll-results.csv?poll=not-a-uuid',
      '/admin/api/exports/audit-log.csv?from=yesterday',
    ]) {
      const response = await get(url, adminCookie);
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json().error.code, 'COURTYARD_VALIDATION', url);
    }
    const anonymous = await get('/admin/api/exports/suggestions.csv', '');
    assert.equal(anonymous.statusCode, 401);
  });

  it("exports one poll's results, and answers 404 for it to another community", async () => {
    const h = await pollHarness(harness.app);
    const poll = await createPoll(h, {
      title: '周末是否组织义诊？',
      options: [{ label: '=同意' }, { label: '不同意' }],
    });
    const [agree, disagree] = poll.options;
    for (const option of [agree, agree, disagree]) {
      const response = await vote(h, poll.id, { optionIds: [option!.id], voterToken: voterToken() });
      assert.equal(response.statusCode, 201, response.body);
    }
    const response = await get(`/admin/api/exports/poll-results.csv?poll=${poll.id}&lang=en`, h.cookie);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(records(response.body), [
      ['row', 'option', 'votes', 'households', 'area m²'],
      ['option', "'=同意", '2', '', ''],
      ['option', '不同意', '1', '', ''],
      ['ballots', '', '3', '', ''],
    ]);
    const elsewhere = await get(`/admin/api/exports/poll-results.csv?poll=${poll.id}`, otherAdminCookie);
    assert.equal(elsewhere.statusCode, 404);
  });

  it('streams thousands of rows in batches, each once, even with equal timestamps', async () => {
    const community = await createCommunity(harness.app.db);
    const admin = await makeStaff(harness.app.db, community.id, { role: 'admin' });
    const cookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    const count = 2_345;
    // One insert: every row gets the same created_at, so only the id keeps the batches apart.
    const values = Array.from({ length: count }, (_, index) => ({
      communityId: community.id,
      text: `第${index}条`,
      followCode: randomBytes(5).toString('hex').toUpperCase(),
    }));
    for (let start = 0; start < count; start += 1000) {
      await harness.app.db.insert(suggestions).values(values.slice(start, start + 1000));
    }
    const response = await get('/admin/api/exports/suggestions.csv', cookie);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-courtyard-rows'], String(count));
    assert.equal(response.headers['content-length'], undefined, 'streamed, not buffered whole');
    const [, ...rows] = records(response.body);
    assert.equal(rows.length, count);
    assert.equal(new Set(rows.map((row) => row[0])).size, count);
    assert.deepEqual(new Set(rows.map((row) => row[3])), new Set(values.map((value) => value.text)));
  });
});
