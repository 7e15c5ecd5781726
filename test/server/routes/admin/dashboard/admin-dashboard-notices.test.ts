// The dashboard's notice figures, checked against notices, households, followers and offers this test
// writes: open notices by kind with the households they reach (each household once), and of the notices
// published in the period the closed ones, the median time to close, followers and offers of help.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Executor } from '../../../../../packages/server/src/db/database.js';
import {
  buildings,
  households,
  noticeFollowers,
  noticeOffers,
  notices,
  units,
} from '../../../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../../../support/app.js';
import { createCommunity } from '../../../../support/fixtures.js';
import { makeStaff, signIn } from '../../../../support/staff-fixtures.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** A building with units of `perFloor` households on each of floors 1–`floors`. */
async function building(
  db: Executor,
  communityId: string,
  name: string,
  shape: { perFloor: number; floors: number }[],
) {
  const [row] = await db.insert(buildings).values({ communityId, name }).returning();
  const unitIds: string[] = [];
  for (const [index, unit] of shape.entries()) {
    const [unitRow] = await db
      .insert(units)
      .values({ communityId, buildingId: row!.id, name: `${index + 1}单元` })
      .returning();
    unitIds.push(unitRow!.id);
    for (let floor = 1; floor <= unit.floors; floor++) {
      for (let door = 1; door <= unit.perFloor; door++) {
        await db.insert(households).values({ communityId, unitId: unitRow!.id, room: `${floor}0${door}`, floor });
      }
    }
  }
  return { id: row!.id, unitIds };
}

describe('GET /admin/api/dashboard: notices', () => {
  let harness: TestApp;
  let cookie: string;
  let communityId: string;
  let buildingA: { id: string; unitIds: string[] };

  const insertNotice = async (
    values: Partial<typeof notices.$inferInsert> & Pick<typeof notices.$inferInsert, 'kind' | 'scope'>,
  ) => {
    const [row] = await harness.app.db
      .insert(notices)
      .values({ communityId, title: '通知', ...values })
      .returning();
    return row!.id;
  };
  const figures = async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/admin/api/dashboard', headers: { cookie } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().notices;
  };

  before(async () => {
    harness = await buildTestApp();
    const db = harness.app.db;
    communityId = (await createCommunity(db, { timeZone: 'Asia/Shanghai' })).id;
    const admin = await makeStaff(db, communityId, { role: 'admin' });
    cookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    // Building A: unit 1 has two households a floor on 6 floors (12), unit 2 one a floor (6). Building B: 4.
    buildingA = await building(db, communityId, '5号楼', [
      { perFloor: 2, floors: 6 },
      { perFloor: 1, floors: 6 },
    ]);
    const buildingB = await building(db, communityId, '3号楼', [{ perFloor: 1, floors: 4 }]);
    // Another community's notice and households never count.
    const other = (await createCommunity(db)).id;
    await building(db, other, '1号楼', [{ perFloor: 4, floors: 4 }]);
    await db.insert(notices).values({ communityId: other, kind: 'outage', scope: 'community', title: '别处停水' });

    const now = Date.now();
    // Open: water off on floors 1–5 of building A (10 + 5 households), and in its unit 2 (6, 5 of them already).
    const floors = await insertNotice({
      kind: 'outage',
      scope: 'floors',
      buildingId: buildingA.id,
      floorFrom: 1,
      floorTo: 5,
      createdAt: new Date(now - 3 * HOUR),
    });
    await insertNotice({ kind: 'outage', scope: 'unit', buildingId: buildingA.id, unitId: buildingA.unitIds[1] });
    await insertNotice({ kind: 'works', scope: 'building', buildingId: buildingB.id });
    // Closed in the period after 2 h and after 6 h: the median is 4 h.
    const closedAfter = (hours: number) => ({
      createdAt: new Date(now - 10 * HOUR),
      startsAt: new Date(now - 10 * HOUR),
      closedAt: new Date(now - 10 * HOUR + hours * HOUR),
      closingText: '已恢复',
    });
    const quick = await insertNotice({
      kind: 'general',
      scope: 'building',
      buildingId: buildingA.id,
      ...closedAfter(2),
    });
    await insertNotice({ kind: 'outage', scope: 'community', ...closedAfter(6) });
    // Published and closed 20 weeks ago, after 100 h: outside the period.
    const old = await insertNotice({
      kind: 'outage',
      scope: 'community',
      createdAt: new Date(now - 20 * WEEK),
      startsAt: new Date(now - 20 * WEEK),
      closedAt: new Date(now - 20 * WEEK + 100 * HOUR),
      closingText: '旧',
    });

    const follow = (noticeId: string) =>
      db.insert(noticeFollowers).values({ noticeId, deviceHash: randomBytes(8).toString('hex') });
    await follow(floors);
    await follow(floors);
    await follow(quick);
    await follow(old);
    const offer = (noticeId: string, moderation: 'pending' | 'published' | 'rejected' | 'spam') =>
      db.insert(noticeOffers).values({ communityId, noticeId, text: '有桶装水', moderation });
    await offer(floors, 'pending');
    await offer(floors, 'pending');
    await offer(floors, 'published');
    await offer(quick, 'rejected');
    await offer(floors, 'spam');
    await offer(old, 'pending');
  });
  after(() => harness.close());

  it('counts open notices by kind with the households they reach, each household once', async () => {
    const notices = await figures();
    assert.deepEqual(notices.openByKind, [
      // Floors 1–5 of both units (15) and all of unit 2 (6, its floor 6 new): 16.
      { kind: 'outage', open: 2, households: 16 },
      { kind: 'works', open: 1, households: 4 },
      { kind: 'meeting', open: 0, households: 0 },
      { kind: 'general', open: 0, households: 0 },
    ]);
    assert.equal(notices.householdsAffected, 20);
  });

  it('counts what became of the notices published in the period', async () => {
    const notices = await figures();
    assert.equal(notices.published, 5);
    assert.equal(notices.closed, 2);
    assert.equal(notices.medianSecondsToClose, 4 * 3600);
    assert.equal(notices.followers, 3);
    assert.deepEqual(notices.offers, { pending: 2, published: 1, rejected: 1 });
  });

  it('a community-wide notice reaches every household of the community, and no other community’s', async () => {
    await insertNotice({ kind: 'meeting', scope: 'community' });
    const notices = await figures();
    assert.deepEqual(notices.openByKind[2], { kind: 'meeting', open: 1, households: 22 });
    assert.equal(notices.householdsAffected, 22);
  });

  it('a unit’s floors reach that unit only', async () => {
    await insertNotice({
      kind: 'general',
      scope: 'floors',
      buildingId: buildingA.id,
      unitId: buildingA.unitIds[0],
      floorFrom: 6,
      floorTo: 6,
    });
    const notices = await figures();
    assert.deepEqual(notices.openByKind[3], { kind: 'general', open: 1, households: 2 });
  });
});
