import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { announceTomorrowGaps } from '../../../packages/server/src/jobs/rota-gaps.js';
import { isoWeekday } from '../../../packages/server/src/rota/dates.js';
import { contentSecurityPolicy } from '../../../packages/server/src/routes/page-security.js';
import { describeEvent } from '../../../packages/server/src/webhooks/enqueue.js';
import { cardOf } from '../../../packages/server/src/webhooks/formats/card.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { rows, usingPostgres } from '../../support/database.js';
import { assertError } from '../../support/errors.js';
import { dayFromToday, type RotaCommunity, rotaCommunity, voterToken } from '../../support/rota-fixtures.js';
import { deliveriesOf, makeEndpoint } from '../../support/webhook-fixtures.js';

describe(`duty rotas for staff: set-up, coverage, gaps, the sheet and the dashboard (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let harness: TestApp;
  let place: RotaCommunity;

  const rotaCount = async () =>
    rows<{ n: number }>(await harness.app.db.execute(sql`select count(*)::int as n from rotas`))[0]?.n;

  before(async () => {
    harness = await buildTestApp();
    place = await rotaCommunity(harness.app);
  });
  after(() => harness.close());

  it('sets a rota up for a unit’s floors, and refuses a place or floors that do not fit with nothing written', async () => {
    const before = await rotaCount();
    for (const misfit of [
      { buildingId: place.building.id, unitId: place.unit5.id }, // a unit of another building
      { buildingId: place.building5.id, floorFrom: 5, floorTo: 2 }, // floors the wrong way round
      { buildingId: place.building5.id, tasks: [] }, // no task
    ]) {
      const body = { title: 'x', tasks: ['扫楼梯'], weekdays: [1], perDay: 1, ...misfit };
      assertError(await place.staff('POST', '/rotas', body), 400, 'COURTYARD_VALIDATION');
    }
    assert.equal(await rotaCount(), before);
    const id = await place.createRota({ floorFrom: 4, floorTo: 6, weekdays: [6, 7, 1], perDay: 1 });
    const listed = await place.staff('GET', '/rotas');
    const rota = listed.json().items.find((item: { id: string }) => item.id === id);
    assert.deepEqual(rota.weekdays, [1, 6, 7]);
    assert.deepEqual([rota.place.floorFrom, rota.place.floorTo, rota.place.unitName], [4, 6, '1单元']);
    assert.match(rota.sheetUrl, new RegExp(`/p/${place.site.siteKey}/rotas/${id}/sheet$`));
    // Floors 1–3 are not this rota's.
    const day = (await place.read(`/rotas/${id}`))
      .json()
      .days.find((entry: { covered: boolean; date: string }) => entry.covered && entry.date >= dayFromToday(0)) ?? {
      date: dayFromToday(7),
    };
    assertError(
      await place.write('POST', `/rotas/${id}/signups`, { room: '201', dates: [day.date], voterToken: voterToken() }),
      400,
      'COURTYARD_ROTA_UNKNOWN_ROOM',
    );
  });

  it('shows staff the coverage with rooms (even behind a chosen name), and removes a duty', async () => {
    const id = await place.createRota({ perDay: 1 });
    const signed = await place.write('POST', `/rotas/${id}/signups`, {
      room: '501',
      dates: [dayFromToday(1)],
      voterToken: voterToken(),
      displayName: '李叔',
    });
    assert.equal(signed.statusCode, 201, signed.body);
    const coverage = await place.staff('GET', `/rotas/${id}/coverage?from=${dayFromToday(0)}&days=7`);
    assert.equal(coverage.statusCode, 200, coverage.body);
    const body = coverage.json();
    assert.equal(body.coveredDays, 7);
    assert.equal(body.fullDays, 1);
    const tomorrow = body.days[1];
    assert.deepEqual(
      tomorrow.duties.map((duty: { name: string; room: string }) => [duty.name, duty.room]),
      [['李叔', '501']],
    );
    const dutyId = tomorrow.duties[0].id;
    const removed = await place.staff('DELETE', `/rotas/${id}/signups/${dutyId}`);
    assert.equal(removed.statusCode, 200, removed.body);
    const again = await place.staff('GET', `/rotas/${id}/coverage?from=${dayFromToday(0)}&days=7`);
    assert.equal(again.json().fullDays, 0);
    const audited = rows<{ action: string }>(
      await harness.app.db.execute(sql`select action from audit_log where subject_id = ${id} order by id`),
    ).map((row) => row.action);
    assert.deepEqual(audited, ['rota.created', 'rota.duty_removed']);
  });

  it('changes and closes a rota, telling its pages', async () => {
    const id = await place.createRota();
    const changed = await place.staff('PATCH', `/rotas/${id}`, { perDay: 3, tasks: ['扫楼梯'] });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().perDay, 3);
    const closed = await place.staff('POST', `/rotas/${id}/close`);
    assert.ok(closed.json().closedAt);
    assertError(await place.staff('PATCH', `/rotas/${id}`, { perDay: 1 }), 409, 'COURTYARD_CONFLICT');
    const types = rows<{ type: string }>(
      await harness.app.db.execute(sql`select type from events where topic = ${`rota:${id}`} order by id`),
    ).map((row) => row.type);
    assert.deepEqual(types, ['rota.changed', 'rota.changed']);
  });

  it('changes a rota’s floors, weekdays and code rule (audited before and after); floors that do not fit write nothing', async () => {
    const id = await place.createRota({ title: '要改的值日表' });
    const changed = await place.staff('PATCH', `/rotas/${id}`, {
      floorFrom: 2,
      floorTo: 5,
      weekdays: [6, 1],
      requireCode: true,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json().place.floorFrom, 2);
    assert.deepEqual(changed.json().place.floorTo, 5);
    assert.deepEqual(changed.json().weekdays, [1, 6]);
    assert.equal(changed.json().requireCode, true);
    const audit = rows<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      await harness.app.db.execute(
        sql`select action, "before", "after" from audit_log where subject_id = ${id} order by id desc limit 1`,
      ),
    )[0];
    assert.equal(audit?.action, 'rota.updated');
    assert.deepEqual(audit?.before, {
      floorFrom: null,
      floorTo: null,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      requireCode: false,
    });
    assert.deepEqual(audit?.after, { floorFrom: 2, floorTo: 5, weekdays: [1, 6], requireCode: true });
    // Room 101 is on floor 1: no longer on the rota's floors (on a day the rota still covers).
    const covered = [1, 2, 3, 4, 5, 6, 7].map(dayFromToday).find((day) => [1, 6].includes(isoWeekday(day)));
    assertError(
      await place.write('POST', `/rotas/${id}/signups`, {
        room: '101',
        dates: [covered],
        voterToken: voterToken(),
      }),
      400,
      'COURTYARD_ROTA_UNKNOWN_ROOM',
    );
    const events = async () =>
      rows<{ n: number }>(await harness.app.db.execute(sql`select count(*)::int as n from events`))[0]?.n;
    const before = await events();
    for (const body of [{ floorFrom: 3 }, { floorFrom: 4, floorTo: 2 }, { floorFrom: null, floorTo: 3 }]) {
      assertError(await place.staff('PATCH', `/rotas/${id}`, body), 400, 'COURTYARD_VALIDATION');
    }
    assert.equal(await events(), before);
    const all = await place.staff('PATCH', `/rotas/${id}`, { floorFrom: null, floorTo: null });
    assert.equal(all.statusCode, 200, all.body);
    assert.equal(all.json().place.floorFrom, null);
  });

  it('tells staff of tomorrow’s gaps once, in the inbox and through the bots, until the day is filled', async () => {
    const endpoint = await makeEndpoint(harness.app.db, {
      communityId: place.community.id,
      url: 'https://hooks.example.org/rota',
      events: ['rota.gap'],
    });
    const id = await place.createRota({ title: '明天缺人的值日表', perDay: 1 });
    const first = await announceTomorrowGaps(harness.app.db);
    assert.ok(first.ran && first.gaps >= 1);
    const second = await announceTomorrowGaps(harness.app.db);
    assert.equal(second.gaps, 0, 'each gap is told once');
    const [event] = rows<{ id: number; payload: { date: string; open: number } }>(
      await harness.app.db.execute(
        sql`select id, payload from events where topic = ${`rota:${id}`} and type = 'rota.gap'`,
      ),
    );
    assert.deepEqual(event?.payload, { id, date: dayFromToday(1), open: 1 });
    const deliveries = await deliveriesOf(harness.app.db, endpoint.id);
    assert.ok(deliveries.some((delivery) => delivery.eventType === 'rota.gap'));
    const data = await describeEvent(harness.app.db, Number(event?.id));
    assert.ok(data);
    const card = cardOf({ type: 'rota.gap', createdAt: new Date(), data, publicUrl: new URL('http://localhost:8080') });
    assert.match(card.title, /值日表：明天还缺人/);
    assert.ok(card.lines.includes(`${dayFromToday(1)}：还缺 1 户`), card.lines.join('\n'));
    assert.match(card.link.url, new RegExp(`/admin/rotas/${id}$`));

    const inbox = async () => (await place.staff('GET', '/inbox')).json();
    const listed = await inbox();
    assert.ok(
      listed.items.some(
        (item: { kind: string; id: string; reason: string; excerpt: string }) =>
          item.kind === 'rota' && item.id === id && item.reason === 'gap' && item.excerpt.includes(dayFromToday(1)),
      ),
    );
    assert.ok(listed.count.rotaGaps >= 1);
    const signed = await place.write('POST', `/rotas/${id}/signups`, {
      room: '101',
      dates: [dayFromToday(1)],
      voterToken: voterToken(),
    });
    assert.equal(signed.statusCode, 201, signed.body);
    assert.ok(!(await inbox()).items.some((item: { id: string }) => item.id === id), 'a filled day leaves the inbox');
  });

  it('shows the share of rota days covered by building per week on the dashboard', async () => {
    const id = await place.createRota({ perDay: 1 });
    const today = await place.write('POST', `/rotas/${id}/signups`, {
      room: '601',
      dates: [dayFromToday(0)],
      voterToken: voterToken(),
    });
    assert.equal(today.statusCode, 201, today.body);
    const response = await place.staff('GET', '/dashboard?weeks=2');
    assert.equal(response.statusCode, 200, response.body);
    const coverage = response.json().rotaCoverage as {
      buildingName: string;
      daysNeeded: number;
      daysCovered: number;
    }[];
    const building5 = coverage.filter((row) => row.buildingName === '5号楼');
    assert.ok(building5.length >= 1);
    assert.ok(building5.every((row) => row.daysCovered <= row.daysNeeded));
    assert.ok(building5.some((row) => row.daysCovered >= 1));
  });

  it('prints a weekly and a monthly A4 sheet in both languages with a QR code to sign up, under the document CSP', async () => {
    const id = await place.createRota({ title: '打印用值日表' });
    await place.write('POST', `/rotas/${id}/signups`, {
      room: '301',
      dates: [dayFromToday(1)],
      voterToken: voterToken(),
      displayName: '王阿姨',
    });
    const week = await harness.app.inject({
      url: `/p/${place.site.siteKey}/rotas/${id}/sheet?from=${dayFromToday(1)}`,
    });
    assert.equal(week.statusCode, 200, week.body);
    assert.equal(week.headers['content-security-policy'], contentSecurityPolicy({ kind: 'document' }));
    assert.match(week.body, /<caption>值日安排 <span lang="en">Who is on duty<\/span>/);
    assert.match(week.body, /<th scope="row">/);
    assert.match(week.body, /王阿姨/);
    assert.match(week.body, /src="data:image\/svg\+xml;base64,/);
    assert.match(week.body, new RegExp(`http://localhost:8080/p/${place.site.siteKey}/rotas/${id}<`));
    assert.match(week.body, /Scan to sign up/);
    assert.doesNotMatch(week.body, /<script|style=/);
    assert.equal((week.body.match(/<tr><th scope="row">/g) ?? []).length, 7);
    const month = await harness.app.inject({
      url: `/p/${place.site.siteKey}/rotas/${id}/sheet?period=month&from=2027-02-10`,
    });
    assert.equal((month.body.match(/<tr><th scope="row">/g) ?? []).length, 28);
    const page = await harness.app.inject({ url: `/p/${place.site.siteKey}/rotas/${id}?lang=en` });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-security-policy'], contentSecurityPolicy({ policies: ['courtyard-reminders'] }));
    assert.match(page.body, new RegExp(`<courtyard-rota rota="${id}"></courtyard-rota>`));
    assert.match(page.body, /<html lang="en">/);
    assert.equal(
      (await harness.app.inject({ url: `/p/${place.site.siteKey}/rotas/00000000-0000-4000-8000-000000000000/sheet` }))
        .statusCode,
      404,
    );
  });
});
