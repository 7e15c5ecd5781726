import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { rows, usingPostgres } from '../../support/database.js';
import { assertError } from '../../support/errors.js';
import { dayFromToday, type RotaCommunity, rotaCommunity, voterToken } from '../../support/rota-fixtures.js';

describe(`the duty rota for residents (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let harness: TestApp;
  let place: RotaCommunity;
  let rotaId: string;

  const counts = async () =>
    rows<{ duties: number; swaps: number; keys: number }>(
      await harness.app.db.execute(
        sql`select (select count(*) from rota_duties)::int as duties, (select count(*) from rota_swaps)::int as swaps,
          (select count(*) from idempotency_keys)::int as keys`,
      ),
    )[0];
  const signUp = (body: object, id = rotaId) => place.write('POST', `/rotas/${id}/signups`, body);
  const week = async (query = '') => {
    const response = await place.read(`/rotas/${rotaId}${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const dayOf = async (date: string) =>
    (
      (await week(`?week=${date}`)).days as { date: string; open: number; duties: { id: string; name: string }[] }[]
    ).find((day) => day.date === date);

  before(async () => {
    harness = await buildTestApp();
    place = await rotaCommunity(harness.app);
    rotaId = await place.createRota();
  });
  after(() => harness.close());

  it('shows this week’s table: every day, covered, with open places and no phone or device', async () => {
    const table = await week();
    assert.equal(table.days.length, 7);
    assert.equal(table.rota.title, '5号楼1单元楼道值日');
    assert.deepEqual(table.rota.tasks, ['扫楼梯', '擦扶手']);
    assert.ok(table.days.every((day: { covered: boolean; open: number }) => day.covered && day.open === 2));
    assert.ok(table.days.some((day: { date: string }) => day.date === table.today));
  });

  it('refuses a week that is not a calendar day with 400, not a server error', async () => {
    assertError(await place.read(`/rotas/${rotaId}?week=8643-39-65`), 400, 'COURTYARD_VALIDATION');
    assertError(await place.read(`/rotas/${rotaId}?week=2026-02-30`), 400, 'COURTYARD_VALIDATION');
  });

  it('signs a household up by room for several days, shown by its chosen name, and tells the rota’s pages', async () => {
    const token = voterToken();
    const response = await signUp({
      room: '301',
      dates: [dayFromToday(1), dayFromToday(2)],
      voterToken: token,
      displayName: '王阿姨',
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(
      response.json().duties.map((duty: { date: string; name: string }) => [duty.date, duty.name]),
      [
        [dayFromToday(1), '王阿姨'],
        [dayFromToday(2), '王阿姨'],
      ],
    );
    const day = await dayOf(dayFromToday(1));
    assert.deepEqual(
      day?.duties.map((duty) => duty.name),
      ['王阿姨'],
    );
    assert.equal(day?.open, 1);
    assert.doesNotMatch(JSON.stringify(await week(`?week=${dayFromToday(1)}`)), /device|phone|voter/i);
    const events = rows<{ type: string; payload: { days: { date: string }[] } }>(
      await harness.app.db.execute(sql`select type, payload from events where topic = ${`rota:${rotaId}`} order by id`),
    );
    assert.equal(events.at(-1)?.type, 'rota.day');
    assert.deepEqual(
      events.at(-1)?.payload.days.map((entry) => entry.date),
      [dayFromToday(1), dayFromToday(2)],
    );
  });

  it('without a chosen name, shows the room', async () => {
    const response = await signUp({ room: '401', dates: [dayFromToday(3)], voterToken: voterToken() });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(
      (await dayOf(dayFromToday(3)))?.duties.map((duty) => duty.name),
      ['401'],
    );
  });

  it('refuses a double sign-up, a full day and an unknown room with nothing written', async () => {
    const before = await counts();
    // 301 is already on tomorrow: the whole request (with a free day) is refused.
    assertError(
      await signUp({ room: '301', dates: [dayFromToday(4), dayFromToday(1)], voterToken: voterToken() }),
      409,
      'COURTYARD_ROTA_ALREADY_SIGNED_UP',
    );
    assertError(
      await signUp({ room: '999', dates: [dayFromToday(4)], voterToken: voterToken() }),
      400,
      'COURTYARD_ROTA_UNKNOWN_ROOM',
    );
    const filled = await signUp({ room: '101', dates: [dayFromToday(1)], voterToken: voterToken() });
    assert.equal(filled.statusCode, 201, filled.body);
    const afterFill = await counts();
    assertError(
      await signUp({ room: '201', dates: [dayFromToday(1)], voterToken: voterToken() }),
      409,
      'COURTYARD_ROTA_DAY_FULL',
    );
    assertError(
      await signUp({ room: '201', dates: [dayFromToday(-1)], voterToken: voterToken() }),
      400,
      'COURTYARD_VALIDATION',
    );
    assertError(
      await signUp({ room: '201', dates: ['2026-02-30'], voterToken: voterToken() }),
      400,
      'COURTYARD_VALIDATION',
    );
    assert.deepEqual(await counts(), afterFill);
    assert.equal(afterFill?.duties, (before?.duties ?? 0) + 1);
  });

  it('gives the last place of a day to one of two households signing up at once', async () => {
    const day = dayFromToday(5);
    assert.equal((await signUp({ room: '101', dates: [day], voterToken: voterToken() })).statusCode, 201);
    const racing = await Promise.all(
      ['201', '501', '601'].map((room) => signUp({ room, dates: [day], voterToken: voterToken() })),
    );
    const statuses = racing.map((response) => response.statusCode).sort();
    assert.deepEqual(statuses, [201, 409, 409]);
    for (const response of racing.filter((r) => r.statusCode === 409))
      assertError(response, 409, 'COURTYARD_ROTA_DAY_FULL');
    assert.equal((await dayOf(day))?.duties.length, 2);
  });

  it('gives a day up from the device that signed up, and only from it', async () => {
    const token = voterToken();
    const day = dayFromToday(6);
    const duty = (await signUp({ room: '601', dates: [day], voterToken: token })).json().duties[0].id as string;
    assertError(
      await place.write('DELETE', `/rotas/${rotaId}/signups/${duty}`, { voterToken: voterToken() }),
      403,
      'COURTYARD_ROTA_NOT_YOURS',
    );
    const response = await place.write('DELETE', `/rotas/${rotaId}/signups/${duty}`, { voterToken: token });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await dayOf(day))?.duties.length, 0);
  });

  it('swaps two households’ days once the other accepts', async () => {
    const [mine, theirs] = [voterToken(), voterToken()];
    const a = (await signUp({ room: '501', dates: [dayFromToday(8)], voterToken: mine })).json().duties[0].id;
    const b = (await signUp({ room: '601', dates: [dayFromToday(9)], voterToken: theirs })).json().duties[0].id;
    const asked = await place.write('POST', `/rotas/${rotaId}/swaps`, { dutyId: a, withDutyId: b, voterToken: mine });
    assert.equal(asked.statusCode, 201, asked.body);
    const swapId = asked.json().id;
    assert.equal(asked.json().state, 'pending');
    assert.deepEqual(
      (await week(`?week=${dayFromToday(8)}&days=14`)).swaps.map((swap: { id: string }) => swap.id),
      [swapId],
    );
    assertError(
      await place.write('POST', `/rotas/${rotaId}/swaps/${swapId}/accept`, { voterToken: mine }),
      403,
      'COURTYARD_ROTA_NOT_YOURS',
    );
    const accepted = await place.write('POST', `/rotas/${rotaId}/swaps/${swapId}/accept`, { voterToken: theirs });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.deepEqual(
      (await dayOf(dayFromToday(8)))?.duties.map((duty) => duty.name),
      ['601'],
    );
    assert.deepEqual(
      (await dayOf(dayFromToday(9)))?.duties.map((duty) => duty.name),
      ['501'],
    );
    assertError(
      await place.write('POST', `/rotas/${rotaId}/swaps/${swapId}/accept`, { voterToken: theirs }),
      409,
      'COURTYARD_CONFLICT',
    );
  });

  it('lets the asking household withdraw a swap and the asked one decline it, each once, telling both days', async () => {
    const [mine, theirs] = [voterToken(), voterToken()];
    const a = (await signUp({ room: '301', dates: [dayFromToday(11)], voterToken: mine })).json().duties[0].id;
    const b = (await signUp({ room: '401', dates: [dayFromToday(12)], voterToken: theirs })).json().duties[0].id;
    const ask = async () => {
      const asked = await place.write('POST', `/rotas/${rotaId}/swaps`, { dutyId: a, withDutyId: b, voterToken: mine });
      assert.equal(asked.statusCode, 201, asked.body);
      return asked.json().id as string;
    };
    const end = (swapId: string, action: string, token: string, key = randomUUID()) =>
      harness.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${place.site.siteKey}/rotas/${rotaId}/swaps/${swapId}/${action}`,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        payload: JSON.stringify({ voterToken: token }),
      });
    const lastEvent = async () =>
      rows<{ type: string; payload: { days: { date: string }[]; swaps: { id: string }[] } }>(
        await harness.app.db.execute(
          sql`select type, payload from events where topic = ${`rota:${rotaId}`} order by id desc limit 1`,
        ),
      )[0];
    const state = async (swapId: string) =>
      rows<{ state: string }>(await harness.app.db.execute(sql`select state from rota_swaps where id = ${swapId}`))[0]
        ?.state;

    // Withdraw: only the asking device; the same request sent twice (outbox retry) answers the same.
    const withdrawn = await ask();
    assertError(await end(withdrawn, 'withdraw', theirs), 403, 'COURTYARD_ROTA_NOT_YOURS');
    const key = randomUUID();
    const first = await end(withdrawn, 'withdraw', mine, key);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().state, 'withdrawn');
    const again = await end(withdrawn, 'withdraw', mine, key);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), first.json());
    const told = await lastEvent();
    assert.equal(told?.type, 'rota.day');
    assert.deepEqual(
      told?.payload.days.map((day) => day.date),
      [dayFromToday(11), dayFromToday(12)],
    );
    assert.deepEqual(told?.payload.swaps, []);

    // Decline: only the asked device.
    const declined = await ask();
    assertError(await end(declined, 'decline', mine), 403, 'COURTYARD_ROTA_NOT_YOURS');
    const refused = await end(declined, 'decline', theirs);
    assert.equal(refused.statusCode, 200, refused.body);
    assert.equal(refused.json().state, 'declined');
    assert.deepEqual(
      (await lastEvent())?.payload.days.map((day) => day.date),
      [dayFromToday(11), dayFromToday(12)],
    );
    assert.deepEqual((await week(`?week=${dayFromToday(11)}&days=14`)).swaps, []);

    // A swap no longer waiting (withdrawn, declined or accepted): 409 with a new request, and nothing written.
    const acceptedAgain = await ask();
    const took = await place.write('POST', `/rotas/${rotaId}/swaps/${acceptedAgain}/accept`, { voterToken: theirs });
    assert.equal(took.statusCode, 200, took.body);
    const before = await counts();
    const events = rows<{ n: number }>(await harness.app.db.execute(sql`select count(*)::int as n from events`))[0];
    assertError(await end(withdrawn, 'withdraw', mine), 409, 'COURTYARD_CONFLICT');
    assertError(await end(withdrawn, 'decline', theirs), 409, 'COURTYARD_CONFLICT');
    assertError(await end(declined, 'withdraw', mine), 409, 'COURTYARD_CONFLICT');
    assertError(await end(acceptedAgain, 'withdraw', mine), 409, 'COURTYARD_CONFLICT');
    assertError(await end(acceptedAgain, 'decline', theirs), 409, 'COURTYARD_CONFLICT');
    assert.equal(await state(withdrawn), 'withdrawn');
    assert.equal(await state(declined), 'declined');
    assert.equal(await state(acceptedAgain), 'accepted');
    assert.deepEqual(await counts(), before);
    assert.deepEqual(
      rows<{ n: number }>(await harness.app.db.execute(sql`select count(*)::int as n from events`))[0],
      events,
    );
    assertError(await end(randomUUID(), 'decline', theirs), 404, 'COURTYARD_NOT_FOUND');
  });

  it('marks today’s duty done (已完成), not a day still ahead', async () => {
    const token = voterToken();
    const [today, ahead] = (
      await signUp({ room: '201', dates: [dayFromToday(0), dayFromToday(10)], voterToken: token })
    ).json().duties as { id: string }[];
    assertError(
      await place.write('POST', `/rotas/${rotaId}/days/${dayFromToday(10)}/done`, {
        dutyId: ahead?.id,
        voterToken: token,
      }),
      409,
      'COURTYARD_CONFLICT',
    );
    const done = await place.write('POST', `/rotas/${rotaId}/days/${dayFromToday(0)}/done`, {
      dutyId: today?.id,
      voterToken: token,
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(done.json().doneAt);
    const shown = (await dayOf(dayFromToday(0)))?.duties as unknown as { doneAt: string | null }[];
    assert.ok(shown[0]?.doneAt);
  });

  it('asks for the household code when staff choose, and takes the right one', async () => {
    const coded = await place.createRota({ title: '带户码的值日表', requireCode: true });
    const issued = await place.staff('POST', `/rotas/${coded}/codes`);
    assert.equal(issued.statusCode, 200, issued.body);
    const code = (issued.json().items as { room: string; code: string }[]).find((item) => item.room === '101')?.code;
    assert.ok(code);
    assertError(
      await signUp({ room: '101', dates: [dayFromToday(1)], voterToken: voterToken() }, coded),
      403,
      'COURTYARD_ROTA_CODE_INVALID',
    );
    assertError(
      await signUp({ room: '201', dates: [dayFromToday(1)], voterToken: voterToken(), code }, coded),
      403,
      'COURTYARD_ROTA_CODE_INVALID',
    );
    const response = await signUp(
      { room: '101', dates: [dayFromToday(1)], voterToken: voterToken(), code: code.toLowerCase() },
      coded,
    );
    assert.equal(response.statusCode, 201, response.body);
  });

  it('answers 404 for another community’s rota, and a closed rota takes no sign-ups', async () => {
    const other = await rotaCommunity(harness.app);
    const theirs = await other.createRota();
    assertError(await place.read(`/rotas/${theirs}`), 404, 'COURTYARD_NOT_FOUND');
    assertError(
      await signUp({ room: '101', dates: [dayFromToday(1)], voterToken: voterToken() }, theirs),
      404,
      'COURTYARD_NOT_FOUND',
    );
    const closing = await place.createRota({ title: '将结束的值日表' });
    assert.equal((await place.staff('POST', `/rotas/${closing}/close`)).statusCode, 200);
    assertError(
      await signUp({ room: '101', dates: [dayFromToday(1)], voterToken: voterToken() }, closing),
      409,
      'COURTYARD_CONFLICT',
    );
  });
});
