import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { signIn } from '../../support/staff-fixtures.js';

describe('the demo deliberation: the 怡海花园 elevator replacement, end to end', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'demo password for tests' } });
    await seedIfEmpty(harness.app, () => {});
  });
  after(() => harness.close());

  it('tells the elevator from two suggestions through a meeting, an owners’ vote and a decision to done', async () => {
    const list = (await harness.app.inject({ url: '/api/v1/sites/demo/topics' })).json();
    const lift = list.items.find((item: { title: string }) => item.title === '3号楼2单元电梯更换');
    assert.ok(lift, 'the elevator topic is listed');
    assert.equal(lift.status, 'done');
    assert.equal(lift.suggestionCount, 2);
    assert.deepEqual(
      lift.history.map((change: { to: string }) => change.to),
      ['proposed', 'scheduled', 'deliberated', 'decided', 'in-progress', 'done'],
    );
    assert.equal(lift.meetings.length, 1);
    assert.equal(lift.meetings[0].parties.length, 5);
    assert.ok(lift.meetings[0].minutes.includes('业主代表小组'));
    assert.equal(lift.poll.outcome.ballots, 11);
    assert.deepEqual(lift.poll.outcome.owners, { quorumMet: true, passed: true });
    assert.equal(lift.decisions[0].cost, 480000);
    assert.match(lift.decisions[0].costSharing, /按楼层分摊/);
    assert.equal(
      lift.representatives.filter((person: { role: string }) => person.role === 'owners-representative').length,
      3,
    );
    const open = list.items.find((item: { status: string }) => item.status === 'proposed');
    assert.equal(open?.title, '增设电动自行车集中充电桩');
  });

  it('prints the summary in both languages and counts it on the dashboard', async () => {
    const list = (await harness.app.inject({ url: '/api/v1/sites/demo/topics' })).json();
    const lift = list.items.find((item: { status: string }) => item.status === 'done');
    const zh = await harness.app.inject({ url: `/p/demo/topics/${lift.id}` });
    assert.equal(zh.statusCode, 200);
    assert.match(zh.body, /<html lang="zh-CN">[\s\S]*已完成[\s\S]*楼门长[\s\S]*表决通过/);
    const en = await harness.app.inject({ url: `/p/demo/topics/${lift.id}?lang=en` });
    assert.match(en.body, /<html lang="en">[\s\S]*Done[\s\S]*Building leaders[\s\S]*Passed/);
    assert.match(String(en.headers['content-security-policy']), /default-src 'none'/);
    const { cookie } = await signIn(harness.app, 'admin@example.org', 'demo password for tests');
    const dashboard = (await harness.app.inject({ url: '/admin/api/dashboard', headers: { cookie } })).json();
    const count = (status: string) =>
      dashboard.topics.byStatus.find((row: { status: string }) => row.status === status)?.count;
    assert.equal(count('done'), 1);
    assert.equal(count('proposed'), 1);
    assert.equal(dashboard.topics.medianDaysToDecision, 60);
    assert.equal(dashboard.topics.medianDaysToDone, 198);
  });
});
