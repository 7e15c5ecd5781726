import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeEvent } from '../../../packages/server/src/webhooks/enqueue.js';
import { renderBody } from '../../../packages/server/src/webhooks/formats/index.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { type RepairCommunity, repairCommunity, staffRequest } from '../../support/repair-fixtures.js';
import { deliveriesOf, makeEndpoint } from '../../support/webhook-fixtures.js';

describe('topics in chat groups and webhooks: topic.changed, meeting.scheduled, decision.recorded', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  before(async () => {
    harness = await buildTestApp();
    place = await repairCommunity(harness.app);
  });
  after(() => harness.close());

  const staff = async (url: string, body: object, status = 200) => {
    const response = await staffRequest(harness.app, place.workerCookie, 'POST', `/admin/api${url}`, body);
    assert.equal(response.statusCode, status, response.body);
    return response.json();
  };

  it('queues each for the endpoints that asked, and the card says the topic, its status and the news', async () => {
    const endpoint = await makeEndpoint(harness.app.db, {
      communityId: place.community.id,
      url: 'https://bots.example.org/hook',
      events: ['topic.changed', 'meeting.scheduled', 'decision.recorded'],
      format: 'wecom',
    });
    const topic = await staff('/topics', { scope: { type: 'community' }, title: '增设充电桩' }, 201);
    await staff(`/topics/${topic.id}/status`, { status: 'scheduled', reason: '列入下周议事会' });
    await staff(
      '/meetings',
      {
        title: '充电桩议事会',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        place: '活动室',
        parties: ['owners-committee', 'property-company'],
        topicIds: [topic.id],
        scope: { type: 'community' },
      },
      201,
    );
    await staff(`/topics/${topic.id}/status`, { status: 'deliberated', reason: '已讨论' });
    await staff(`/topics/${topic.id}/decisions`, { text: '在东门车棚装20个充电口', responsibleParty: '物业公司' }, 201);
    const deliveries = await deliveriesOf(harness.app.db, endpoint.id);
    assert.deepEqual(deliveries.map((delivery) => delivery.eventType).sort(), [
      'decision.recorded',
      'meeting.scheduled',
      'topic.changed',
      'topic.changed',
      'topic.changed',
    ]);
    const scheduled = deliveries.find((delivery) => delivery.eventType === 'meeting.scheduled');
    const data = await describeEvent(harness.app.db, scheduled?.eventId ?? null);
    assert.equal(data?.subject.kind, 'topic');
    const body = renderBody('wecom', {
      type: 'meeting.scheduled',
      createdAt: new Date(),
      data: data as NonNullable<typeof data>,
      publicUrl: new URL('https://courtyard.example.org'),
    });
    assert.match(body, /议事会已安排/);
    assert.match(body, /增设充电桩/);
    assert.match(body, /充电桩议事会 · 活动室/);
    assert.match(body, new RegExp(`/p/${place.site.siteKey}/topics/${topic.id}`));
  });
});
