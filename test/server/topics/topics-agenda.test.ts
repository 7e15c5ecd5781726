import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { auditLog, events, noticeUpdates } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { type RepairCommunity, staffRequest, withTwoRepairCommunities } from '../../support/repair-fixtures.js';

describe('a meeting’s agenda changes until the meeting is held', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;

  before(async () => ({ harness, place, other } = await withTwoRepairCommunities(await buildTestApp())));
  after(() => harness.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: object, status = 200) => {
    const response = await call(method, url, body);
    assert.equal(response.statusCode, status, response.body);
    return response.json();
  };
  const topic = async (title: string, cookie = place.workerCookie) => {
    const response = await call('POST', '/topics', { scope: { type: 'community' }, title }, cookie);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  };
  const schedule = (topicIds: string[]) =>
    ok(
      'POST',
      '/meetings',
      {
        title: '四月议事会',
        startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        place: '社区活动室',
        parties: ['owners-committee', 'property-company'],
        topicIds,
        scope: { type: 'community' },
      },
      201,
    );
  const publicTopic = async (id: string) => {
    const response = await harness.app.inject({ url: `/api/v1/sites/${place.site.siteKey}/topics/${id}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  /** Rows a refused or empty change must not have added or changed. */
  const snapshot = async (meetingId: string) => {
    const result = (await harness.app.db.execute(
      sql`select (select count(*) from audit_log)::int as audit, (select count(*) from events)::int as events,
        (select count(*) from notice_updates)::int as updates,
        (select string_agg(topic_id::text, ',' order by position) from meeting_topics where meeting_id = ${meetingId}) as agenda`,
    )) as unknown;
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0];
  };

  it('adds, removes and reorders topics: audited, the notice posts the new agenda, every topic concerned hears it', async () => {
    const parking = await topic('停车位划线');
    const lights = await topic('北门照明');
    const bins = await topic('垃圾分类点位');
    const meeting = await schedule([parking, lights]);
    assert.equal((await publicTopic(parking)).nextMeeting?.id, meeting.id);

    const changed = await ok('PUT', `/meetings/${meeting.id}/agenda`, { topicIds: [bins, lights] });
    assert.deepEqual(changed.agenda, [
      { id: bins, title: '垃圾分类点位' },
      { id: lights, title: '北门照明' },
    ]);
    assert.deepEqual((await ok('GET', `/meetings/${meeting.id}`)).agenda, changed.agenda);

    // Residents' topic pages show it: the topic taken off no longer has this meeting next, the added one has.
    assert.equal((await publicTopic(parking)).nextMeeting, null);
    assert.equal((await publicTopic(bins)).nextMeeting?.id, meeting.id);
    assert.deepEqual(
      (await publicTopic(lights)).nextMeeting?.agenda.map((item: { id: string }) => item.id),
      [bins, lights],
    );

    const [audited] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'meeting.agenda_changed'), eq(auditLog.subjectId, meeting.id)));
    assert.deepEqual(audited?.before, {
      agenda: [
        { id: parking, title: '停车位划线' },
        { id: lights, title: '北门照明' },
      ],
    });
    assert.deepEqual(audited?.after, { agenda: changed.agenda });

    // The notice already went out: it posts the new agenda as an update (its chat groups hear that too).
    const updates = await harness.app.db
      .select()
      .from(noticeUpdates)
      .where(eq(noticeUpdates.noticeId, meeting.noticeId));
    assert.deepEqual(
      updates.map((update) => update.text),
      ['议程已调整：\n1. 垃圾分类点位\n2. 北门照明'],
    );
    const noticeEvents = await harness.app.db
      .select()
      .from(events)
      .where(eq(events.topic, `notice:${meeting.noticeId}`))
      .orderBy(asc(events.id));
    assert.deepEqual(
      noticeEvents.map((event) => event.type),
      ['notice.published', 'notice.updated'],
    );
    for (const id of [parking, lights, bins]) {
      const heard = await harness.app.db
        .select()
        .from(events)
        .where(and(eq(events.topic, `topic:${id}`), eq(events.type, 'meeting.agenda')))
        .orderBy(asc(events.id));
      const last = heard.at(-1)?.payload as { meeting?: { agenda: { id: string }[] } } | undefined;
      assert.deepEqual(
        last?.meeting?.agenda.map((item) => item.id),
        [bins, lights],
        `topic ${id} heard the new agenda`,
      );
    }

    // The same agenda again changes nothing.
    const before = await snapshot(meeting.id);
    await ok('PUT', `/meetings/${meeting.id}/agenda`, { topicIds: [bins.toUpperCase(), lights] });
    assert.deepEqual(await snapshot(meeting.id), before);
  });

  it('refuses bad changes with a 4xx in the error shape and writes nothing', async () => {
    const kept = await topic('电梯维保');
    const dropped = await topic('增设快递柜');
    await ok('POST', `/topics/${dropped}/status`, { status: 'dropped', reason: '已由物业解决' });
    const foreign = await topic('别的小区', other.workerCookie);
    const meeting = await schedule([kept]);
    const held = await schedule([kept]);
    await ok('POST', `/meetings/${held.id}/minutes`, { minutes: '同意维保方案。', attendance: [] });

    const refusals: [string, object, number][] = [
      [`/meetings/${meeting.id}/agenda`, { topicIds: [kept, randomUUID()] }, 400],
      [`/meetings/${meeting.id}/agenda`, { topicIds: [kept, foreign] }, 400],
      [`/meetings/${meeting.id}/agenda`, { topicIds: [] }, 400],
      [`/meetings/${meeting.id}/agenda`, { topicIds: [kept, kept] }, 400],
      [`/meetings/${meeting.id}/agenda`, { topicIds: ['not-an-id'] }, 400],
      [`/meetings/${meeting.id}/agenda`, { topicIds: [kept], extra: 1 }, 400],
      [`/meetings/${meeting.id}/agenda`, { topicIds: [kept, dropped] }, 409],
      [`/meetings/${held.id}/agenda`, { topicIds: [dropped] }, 409],
      [`/meetings/${held.id}/agenda`, { topicIds: [] }, 400],
      [`/meetings/${randomUUID()}/agenda`, { topicIds: [kept] }, 404],
    ];
    const before = [await snapshot(meeting.id), await snapshot(held.id)];
    for (const [url, body, status] of refusals) {
      const response = await call('PUT', url, body);
      assert.equal(response.statusCode, status, `${url} ${JSON.stringify(body)}: ${response.body}`);
      const { error } = response.json();
      assert.match(error.code, /^COURTYARD_/);
      assert.equal(typeof error.message, 'string');
    }
    // Held: even a change that would otherwise be fine.
    assert.equal((await call('PUT', `/meetings/${held.id}/agenda`, { topicIds: [kept] })).statusCode, 409);
    assert.deepEqual([await snapshot(meeting.id), await snapshot(held.id)], before);
    // Another community's staff do not find the meeting.
    const theirs = await staffRequest(
      harness.app,
      other.workerCookie,
      'PUT',
      `/admin/api/meetings/${meeting.id}/agenda`,
      {
        topicIds: [foreign],
      },
    );
    assert.equal(theirs.statusCode, 404);
    assert.deepEqual([await snapshot(meeting.id), await snapshot(held.id)], before);
  });
});
