import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { auditLog, events, notices } from '../../../packages/server/src/db/schema.js';
import { announceDuePolls } from '../../../packages/server/src/jobs/poll-announcements.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { type RepairCommunity, staffRequest, withTwoRepairCommunities } from '../../support/repair-fixtures.js';
import { publishedSuggestion, support, VOTER_A } from '../../support/suggestion-fixtures.js';

describe('topics for staff: from suggestions to a meeting, a poll, a decision and done', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let other: RepairCommunity;

  before(async () => ({ harness, place, other } = await withTwoRepairCommunities(await buildTestApp())));
  after(() => harness.close());

  const staff = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: object, cookie = place.workerCookie) =>
    staffRequest(harness.app, cookie, method, `/admin/api${url}`, body);
  const ok = async (method: 'GET' | 'POST', url: string, body?: object, status = 200) => {
    const response = await staff(method, url, body);
    assert.equal(response.statusCode, status, response.body);
    return response.json();
  };
  /** Rows a refused request must not have added or changed. */
  const snapshot = async () => {
    const result = (await harness.app.db.execute(
      sql`select (select count(*) from topics)::int as topics, (select count(*) from topic_status_changes)::int as changes,
        (select count(*) from meetings)::int as meetings, (select count(*) from topic_decisions)::int as decisions,
        (select count(*) from notices)::int as notices, (select count(*) from polls)::int as polls,
        (select count(*) from representatives)::int as representatives,
        (select count(*) from audit_log)::int as audit, (select count(*) from events)::int as events,
        (select string_agg(status::text, ',' order by id) from topics) as statuses`,
    )) as unknown;
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0];
  };
  const eventTypes = async (topicName: string) =>
    (await harness.app.db.select().from(events).where(eq(events.topic, topicName)).orderBy(asc(events.id))).map(
      (event) => event.type,
    );
  const newTopic = (extra: object = {}) =>
    ok('POST', '/topics', { scope: { type: 'unit', unitId: place.unit.id }, title: '1单元加装电梯', ...extra }, 201);

  it('creates a topic from two suggestions: their pages hear it live, it is audited, and it starts proposed', async () => {
    const first = await publishedSuggestion(
      harness.app,
      place.site.siteKey,
      place.workerCookie,
      '老人上下楼太难，希望装电梯',
    );
    const second = await publishedSuggestion(
      harness.app,
      place.site.siteKey,
      place.workerCookie,
      '3号楼1单元能不能加装电梯？',
    );
    assert.equal((await support(harness.app, place.site.siteKey, first.id, VOTER_A)).statusCode, 200);
    const topic = await newTopic({ summary: '居民提出加装电梯', suggestionIds: [first.id, second.id] });
    assert.equal(topic.status, 'proposed');
    assert.equal(topic.suggestionCount, 2);
    assert.deepEqual(topic.scope, {
      type: 'unit',
      buildingId: place.building.id,
      buildingName: '3号楼',
      unitId: place.unit.id,
      unitName: '1单元',
    });
    assert.deepEqual(
      topic.history.map((change: { from: string | null; to: string }) => [change.from, change.to]),
      [[null, 'proposed']],
    );
    assert.equal(topic.publicUrl, `http://localhost:8080/p/${place.site.siteKey}/topics/${topic.id}`);
    for (const id of [first.id, second.id]) {
      const [told] = await harness.app.db
        .select()
        .from(events)
        .where(and(eq(events.topic, `suggestion:${id}`), eq(events.type, 'suggestion.topic')));
      assert.deepEqual((told?.payload as { topic?: unknown } | undefined)?.topic, {
        id: topic.id,
        title: '1单元加装电梯',
        status: 'proposed',
      });
    }
    const [entry] = await harness.app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, topic.id), eq(auditLog.action, 'topic.created')));
    assert.equal(entry?.actorId, place.worker.id);
  });

  it('refuses bad input with a 4xx in the error shape and writes nothing', async () => {
    const foreign = await publishedSuggestion(harness.app, other.site.siteKey, other.workerCookie, '别的小区的建议');
    const topic = await newTopic();
    const before = await snapshot();
    const refusals: [string, string, object, number][] = [
      ['POST', '/topics', { scope: { type: 'community' }, title: '   ' }, 400],
      ['POST', '/topics', { scope: { type: 'building', buildingId: other.building.id }, title: '别人的楼' }, 400],
      ['POST', '/topics', { scope: { type: 'community' }, title: 'x', suggestionIds: [foreign.id] }, 400],
      ['POST', '/topics', { scope: { type: 'community' }, title: 'x', extra: 1 }, 400],
      ['POST', `/topics/${topic.id}/status`, { status: 'scheduled' }, 400],
      ['POST', `/topics/${topic.id}/status`, { status: 'scheduled', reason: ' ' }, 400],
      ['POST', `/topics/${topic.id}/status`, { status: 'done', reason: '跳过' }, 409],
      ['POST', `/topics/${topic.id}/decisions`, { text: '先定', responsibleParty: '物业' }, 409],
      ['POST', `/topics/${randomUUID()}/status`, { status: 'scheduled', reason: '开会' }, 404],
      [
        'POST',
        '/meetings',
        {
          title: '议事会',
          startsAt: new Date().toISOString(),
          parties: ['owners-committee'],
          topicIds: [topic.id],
          scope: { type: 'community' },
        },
        400,
      ],
      [
        'POST',
        '/meetings',
        {
          title: '议事会',
          startsAt: new Date().toISOString(),
          place: '活动室',
          parties: [],
          topicIds: [topic.id],
          scope: { type: 'community' },
        },
        400,
      ],
      [
        'POST',
        '/representatives',
        { role: 'building-leader', buildingId: other.building.id, displayName: '王阿姨' },
        400,
      ],
      ['POST', `/topics/${topic.id}/poll-outcome`, {}, 409],
    ];
    for (const [method, url, body, status] of refusals) {
      const response = await staff(method as 'POST', url, body);
      assert.equal(response.statusCode, status, `${url} ${JSON.stringify(body)}: ${response.body}`);
      assert.equal(typeof response.json().error.code, 'string');
    }
    const otherTopic = await staffRequest(harness.app, other.workerCookie, 'GET', `/admin/api/topics/${topic.id}`);
    assert.equal(otherTopic.statusCode, 404, 'another community’s topic is not found');
    assert.deepEqual(await snapshot(), before);
  });

  it('writes the outcome of a poll that closes at its set time back to its topic, once, by the scheduled job', async () => {
    const topic = await newTopic();
    await ok(
      'POST',
      `/topics/${topic.id}/poll`,
      { title: '是否更换单元门禁', options: [{ label: '同意' }, { label: '不同意' }] },
      201,
    );
    const pollId = (await ok('GET', `/topics/${topic.id}`)).poll.id;
    await harness.app.db.execute(sql`update polls set created_at = now() - interval '2 hours',
      opens_at = now() - interval '1 hour', closes_at = now() - interval '1 minute' where id = ${pollId}`);
    while ((await announceDuePolls(harness.app.db)).closed > 0) {}
    const detail = await ok('GET', `/topics/${topic.id}`);
    assert.equal(detail.poll.outcome?.ballots, 0, 'the closed poll’s outcome is on the topic');
    const written = await harness.app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'topic.poll_outcome'), sql`${auditLog.subjectId} = ${topic.id}`));
    assert.equal(written.length, 1);
  });

  it('follows the elevator end to end: meeting with its notice, minutes, poll written back, decision, done', async () => {
    const topic = await newTopic();
    await ok('POST', `/topics/${topic.id}/status`, { status: 'scheduled', reason: '列入本月议事会' });
    const meeting = await ok(
      'POST',
      '/meetings',
      {
        title: '1单元加装电梯议事会',
        startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        place: '社区活动室',
        online: '1单元微信群视频',
        parties: ['owners-committee', 'property-company', 'residents-representatives', 'building-leaders'],
        topicIds: [topic.id],
        scope: { type: 'unit', unitId: place.unit.id },
      },
      201,
    );
    assert.deepEqual(meeting.agenda, [{ id: topic.id, title: '1单元加装电梯' }]);
    const [notice] = await harness.app.db.select().from(notices).where(eq(notices.id, meeting.noticeId));
    assert.equal(notice?.kind, 'meeting');
    assert.equal(notice?.unitId, place.unit.id);
    assert.match(notice?.body ?? '', /社区活动室[\s\S]*1\. 1单元加装电梯/);
    let detail = await ok('GET', `/topics/${topic.id}`);
    assert.equal(detail.nextMeeting.id, meeting.id);

    const minutes = await ok('POST', `/meetings/${meeting.id}/minutes`, {
      minutes: '同意加装，成立3人业主代表小组，按楼层分摊。',
      attendance: [
        { party: 'owners-committee', count: 3 },
        { party: 'residents-representatives', count: 12 },
      ],
    });
    assert.equal(minutes.attendance.length, 2);
    await ok('POST', `/topics/${topic.id}/status`, { status: 'deliberated', reason: '议事会已讨论' });

    await ok(
      'POST',
      `/topics/${topic.id}/poll`,
      {
        title: '1单元是否加装电梯',
        options: [{ label: '同意', approves: true }, { label: '不同意' }],
        decision: 'owners',
        scope: { type: 'unit', unitId: place.unit.id },
      },
      201,
    );
    detail = await ok('GET', `/topics/${topic.id}`);
    assert.equal(detail.poll.outcome, null);
    const again = await staff('POST', `/topics/${topic.id}/poll`, {
      title: 'x',
      options: [{ label: 'a' }, { label: 'b' }],
    });
    assert.equal(again.statusCode, 409);
    await ok('POST', `/polls/${detail.poll.id}/close`);
    detail = await ok('GET', `/topics/${topic.id}`);
    assert.equal(detail.poll.outcome.ballots, 0);
    assert.deepEqual(detail.poll.outcome.owners, { quorumMet: false, passed: false });

    await ok('POST', `/topics/${topic.id}/status`, { status: 'decided', reason: '业主表决后定案' });
    const decisionId = randomUUID();
    const decision = {
      id: decisionId,
      text: '加装一部电梯，成立3人业主代表小组监督施工。',
      responsibleParty: '业主代表小组与物业公司',
      deadline: '2027-06-30',
      cost: 650000,
      costSharing: '按楼层分摊：2层5%，3层10%，4层15%，5层20%，6层25%，7层25%',
      meetingId: meeting.id,
    };
    await ok('POST', `/topics/${topic.id}/decisions`, decision, 201);
    await ok('POST', `/topics/${topic.id}/decisions`, decision, 200);
    await ok('POST', `/topics/${topic.id}/status`, { status: 'in-progress', reason: '施工队已进场' });
    detail = await ok('POST', `/topics/${topic.id}/status`, { status: 'done', reason: '电梯已验收投入使用' });
    assert.equal(detail.status, 'done');
    assert.equal(detail.decisions.length, 1);
    assert.equal(detail.decisions[0].cost, 650000);
    assert.deepEqual(
      detail.history.map((change: { to: string }) => change.to),
      ['proposed', 'scheduled', 'deliberated', 'decided', 'in-progress', 'done'],
    );
    assert.deepEqual(await eventTypes(`topic:${topic.id}`), [
      'topic.changed',
      'topic.changed',
      'meeting.scheduled',
      'meeting.minutes',
      'topic.changed',
      'topic.changed',
      'topic.changed',
      'topic.changed',
      'decision.recorded',
      'topic.changed',
      'topic.changed',
    ]);
    const refused = await staff('POST', `/topics/${topic.id}/status`, { status: 'dropped', reason: '不做了' });
    assert.equal(refused.statusCode, 409, 'a done topic stays done');
    const actions = (
      await harness.app.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, topic.id))
    ).map((row) => row.action);
    for (const action of [
      'topic.created',
      'topic.status_changed',
      'topic.poll_opened',
      'topic.poll_outcome',
      'topic.decision_recorded',
    ]) {
      assert.ok(actions.includes(action), action);
    }
  });

  it('names representatives by role and place (no phone), and removes them, audited', async () => {
    const response = await staff('POST', '/representatives', {
      role: 'building-leader',
      buildingId: place.building.id,
      unitId: place.unit.id,
      displayName: '王阿姨',
    });
    assert.equal(response.statusCode, 201, response.body);
    const person = response.json();
    assert.deepEqual(
      {
        role: person.role,
        displayName: person.displayName,
        buildingName: person.buildingName,
        unitName: person.unitName,
      },
      { role: 'building-leader', displayName: '王阿姨', buildingName: '3号楼', unitName: '1单元' },
    );
    const list = await ok('GET', '/representatives');
    assert.ok(list.items.some((item: { id: string }) => item.id === person.id));
    assert.equal((await staff('DELETE', `/representatives/${person.id}`)).statusCode, 204);
    assert.equal((await staff('DELETE', `/representatives/${person.id}`)).statusCode, 404);
    const actions = (
      await harness.app.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, person.id))
    ).map((row) => row.action);
    assert.deepEqual(actions.sort(), ['representative.added', 'representative.removed']);
  });
});
