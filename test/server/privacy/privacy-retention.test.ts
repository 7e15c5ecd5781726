import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { LoginAttempts } from '../../../packages/server/src/auth/login-attempts.js';
import { auditLog, photos, repairRequests, suggestions } from '../../../packages/server/src/db/schema.js';
import retentionJob, { RETENTION_LOCK, runRetention } from '../../../packages/server/src/jobs/retention.js';
import databasePlugin from '../../../packages/server/src/plugins/database.js';
import { clientFingerprint, dailySalt } from '../../../packages/server/src/plugins/rate-limits.js';
import { buildTestApp, TEST_SECRET, type TestApp, testConfig } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';
import { createPhoto } from '../../support/fixtures.js';
import { postRepair, type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { submit, staffRequest as suggestionStaffRequest } from '../../support/suggestion-fixtures.js';

const DAY = 24 * 60 * 60 * 1000;

describe('the retention job, run with a controllable clock', () => {
  let harness: TestApp;
  let main: RepairCommunity;
  let short: RepairCommunity;
  const start = Date.now();
  const at = (days: number) => () => new Date(start + days * DAY);
  type Named =
    | 'closedRepair'
    | 'openRepair'
    | 'answered'
    | 'pending'
    | 'repairPrivatePhoto'
    | 'repairPublicPhoto'
    | 'suggestionPhoto'
    | 'openRepairPhoto'
    | 'shortRepair'
    | 'shortPhoto';
  const ids = {} as Record<Named, string>;

  const db = () => harness.app.db;
  const closedRepair = async (place: RepairCommunity, close = true) => {
    const created = await postRepair(harness.app, place.site.siteKey, {
      category: place.leak.id,
      buildingId: place.building.id,
      unitId: place.unit.id,
      room: '501',
      description: '楼道灯不亮',
      answers: { where: 'kitchen' },
      name: '王阿姨',
      phone: '13800138000',
    });
    assert.equal(created.statusCode, 201, created.body);
    const [row] = await db()
      .select({ id: repairRequests.id })
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, created.json().trackingCode));
    if (close) {
      const closed = await staffRequest(
        harness.app,
        place.workerCookie,
        'POST',
        `/admin/api/repairs/${row!.id}/updates`,
        {
          status: 'closed',
          public: true,
        },
      );
      assert.equal(closed.statusCode, 201, closed.body);
    }
    return row!.id;
  };
  const suggestion = async (place: RepairCommunity, answer: boolean) => {
    const created = await submit(harness.app, place.site.siteKey, {
      text: '建议增加自行车棚',
      name: '李',
      phone: '13900139000',
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json();
    if (answer) {
      const answered = await suggestionStaffRequest(
        harness.app,
        place.adminCookie,
        'PATCH',
        `/admin/api/suggestions/${id}`,
        {
          moderation: 'publish',
          response: '已列入明年计划',
        },
      );
      assert.equal(answered.statusCode, 200, answered.body);
    }
    return id as string;
  };
  const addPhoto = (place: RepairCommunity, kind: string, ownerId: string, visible: boolean) =>
    createPhoto(db(), { communityId: place.community.id, ownerKind: kind, ownerId, public: visible });
  const repairContact = async (id: string) =>
    (await db().select().from(repairRequests).where(eq(repairRequests.id, id)))[0]?.contactPhone;
  const suggestionPhone = async (id: string) =>
    (await db().select().from(suggestions).where(eq(suggestions.id, id)))[0]?.phone;
  const photoExists = async (id: string) => (await db().select().from(photos).where(eq(photos.id, id))).length === 1;
  const retentionAudits = (communityId: string) =>
    db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.communityId, communityId), eq(auditLog.action, 'privacy.retention_erased')))
      .orderBy(asc(auditLog.id));

  before(async () => {
    harness = await buildTestApp();
    main = await repairCommunity(harness.app);
    short = await repairCommunity(harness.app);
    const changed = await staffRequest(harness.app, short.adminCookie, 'PUT', '/admin/api/retention-settings', {
      contactDays: 30,
      photoDays: 400,
    });
    assert.equal(changed.statusCode, 200, changed.body);

    ids.closedRepair = await closedRepair(main);
    ids.openRepair = await closedRepair(main, false);
    ids.answered = await suggestion(main, true);
    ids.pending = await suggestion(main, false);
    ids.repairPrivatePhoto = await addPhoto(main, 'repair', ids.closedRepair, false);
    ids.repairPublicPhoto = await addPhoto(main, 'repair', ids.closedRepair, true);
    ids.suggestionPhoto = await addPhoto(main, 'suggestion', ids.answered, false);
    ids.openRepairPhoto = await addPhoto(main, 'repair', ids.openRepair, false);
    ids.shortRepair = await closedRepair(short);
    ids.shortPhoto = await addPhoto(short, 'repair', ids.shortRepair, false);
  });
  after(() => harness.close());

  it('erases nothing while every submission is within its retention', async () => {
    const run = await runRetention(db(), { now: at(1) });
    assert.deepEqual(run, { ran: true, suggestions: 0, repairs: 0, photos: 0 });
    assert.equal(await repairContact(ids.closedRepair), '13800138000');
    assert.equal(await repairContact(ids.shortRepair), '13800138000');
  });

  it('follows each community’s own settings: a 30-day community loses contacts first, photos later', async () => {
    const run = await runRetention(db(), { now: at(31) });
    assert.deepEqual(run, { ran: true, suggestions: 0, repairs: 1, photos: 0 });
    assert.equal(await repairContact(ids.shortRepair), null);
    assert.equal(await photoExists(ids.shortPhoto), true);
    assert.equal(await repairContact(ids.closedRepair), '13800138000');
    const [entry] = await retentionAudits(short.community.id);
    assert.equal(entry?.actorType, 'system');
    assert.equal(entry?.actorId, null);
    assert.deepEqual(entry?.after, {
      contactDays: 30,
      photoDays: 400,
      suggestionIds: [],
      repairIds: [ids.shortRepair],
      photoOwnerIds: [],
      photos: 0,
    });
    assert.equal((await runRetention(db(), { now: at(179) })).repairs, 0);
  });

  it('erases contacts and private photos of finished submissions past the default 180 days', async () => {
    const run = await runRetention(db(), { now: at(181) });
    assert.deepEqual(run, { ran: true, suggestions: 1, repairs: 1, photos: 2 });
    const [repair] = await db().select().from(repairRequests).where(eq(repairRequests.id, ids.closedRepair));
    assert.equal(repair?.contactName, null);
    assert.equal(repair?.contactPhone, null);
    assert.equal(repair?.room, null);
    assert.equal(repair?.description, '楼道灯不亮');
    const [answered] = await db().select().from(suggestions).where(eq(suggestions.id, ids.answered));
    assert.equal(answered?.authorName, null);
    assert.equal(answered?.phone, null);
    assert.equal(answered?.text, '建议增加自行车棚');
    assert.equal(await photoExists(ids.repairPrivatePhoto), false);
    assert.equal(await photoExists(ids.suggestionPhoto), false);
    assert.equal(await photoExists(ids.repairPublicPhoto), true, 'public photos stay');

    // Unfinished submissions keep their contact, however old: staff still need to reach the resident.
    assert.equal(await repairContact(ids.openRepair), '13800138000');
    assert.equal(await suggestionPhone(ids.pending), '13900139000');
    assert.equal(await photoExists(ids.openRepairPhoto), true);

    const entries = await retentionAudits(main.community.id);
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]?.after, {
      contactDays: 180,
      photoDays: 180,
      suggestionIds: [ids.answered],
      repairIds: [ids.closedRepair],
      photoOwnerIds: [ids.answered, ids.closedRepair],
      photos: 2,
    });
    assert.doesNotMatch(JSON.stringify(entries), /13800138000|13900139000|王阿姨/);
  });

  it('does nothing (and audits nothing) on a later run, until a photo retention runs out', async () => {
    assert.deepEqual(await runRetention(db(), { now: at(200) }), { ran: true, suggestions: 0, repairs: 0, photos: 0 });
    assert.equal((await retentionAudits(main.community.id)).length, 1);
    assert.equal((await retentionAudits(short.community.id)).length, 1);
    assert.deepEqual(await runRetention(db(), { now: at(401) }), { ran: true, suggestions: 0, repairs: 0, photos: 1 });
    assert.equal(await photoExists(ids.shortPhoto), false);
    assert.equal((await retentionAudits(short.community.id)).length, 2);
  });

  it('skips a round while another instance holds the job’s lock (PostgreSQL)', { skip: !usingPostgres }, async () => {
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${RETENTION_LOCK}::bigint)`);
      const run = await runRetention(db(), { now: at(1000) });
      assert.deepEqual(run, { ran: false, suggestions: 0, repairs: 0, photos: 0 });
    });
  });

  it('runs by itself on its interval inside the server, and stops when the server closes', async () => {
    const repair = await closedRepair(main);
    const server = Fastify({ logger: false });
    await server.register(databasePlugin, {
      config: testConfig(),
      database: harness.testDatabase.database,
      migrate: false,
    });
    await server.register(retentionJob, { now: at(1000), everyMs: 25 });
    await server.ready();
    try {
      const deadline = Date.now() + 10_000;
      while ((await repairContact(repair)) !== null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.equal(await repairContact(repair), null);
    } finally {
      await server.close();
    }
    const later = await closedRepair(main);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await repairContact(later), '13800138000', 'a closed server runs no more rounds');
  });

  it('stores no column that could hold a raw IP address', async () => {
    const result = await db().execute(
      sql`select table_name, column_name from information_schema.columns
          where table_schema = 'public' and column_name ~* '(^|_)(ip|ips|addr|address|remote|forwarded)($|_)'`,
    );
    const rows = Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
    assert.deepEqual([...rows], []);
  });
});

describe('the rate-limit fingerprint’s daily salt', () => {
  const ip = '203.0.113.7';
  const morning = new Date('2026-11-27T00:00:01Z');
  const night = new Date('2026-11-27T23:59:59Z');
  const nextDay = new Date('2026-11-28T00:00:00Z');

  it('is stable within one UTC day and changes with the next', () => {
    const today = clientFingerprint(TEST_SECRET, ip, morning);
    assert.equal(clientFingerprint(TEST_SECRET, ip, night), today);
    assert.notEqual(clientFingerprint(TEST_SECRET, ip, nextDay), today);
    assert.equal(clientFingerprint(TEST_SECRET, ip, morning), today, 'a day back gives the same value again');
  });

  it('still tells clients apart, treats an IPv6 /64 as one household, and hides the address', () => {
    assert.notEqual(
      clientFingerprint(TEST_SECRET, '203.0.113.8', morning),
      clientFingerprint(TEST_SECRET, ip, morning),
    );
    assert.equal(
      clientFingerprint(TEST_SECRET, '2001:db8:1:2::1', morning),
      clientFingerprint(TEST_SECRET, '2001:db8:1:2:ffff::9', morning),
    );
    assert.doesNotMatch(clientFingerprint(TEST_SECRET, ip, morning), /203|113/);
  });

  it('derives the salt from the secret and the date, so another secret gives other salts', () => {
    assert.notDeepEqual(dailySalt(TEST_SECRET, morning), dailySalt(TEST_SECRET, nextDay));
    assert.notDeepEqual(dailySalt(`${TEST_SECRET}-x`, morning), dailySalt(TEST_SECRET, morning));
    assert.deepEqual(dailySalt(TEST_SECRET, night), dailySalt(TEST_SECRET, morning));
  });

  it('keys sign-in attempts by the same fingerprint: one address is counted, another is not', () => {
    const attempts = new LoginAttempts(TEST_SECRET, 2, 60_000);
    const noon = Date.parse('2026-11-27T12:00:00Z');
    assert.equal(attempts.hit(ip, noon), 0);
    assert.equal(attempts.hit(ip, noon + 1), 0);
    assert.ok(attempts.hit(ip, noon + 2) > 0);
    assert.equal(attempts.hit('203.0.113.8', noon + 3), 0);
  });
});
