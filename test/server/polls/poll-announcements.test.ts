// Polls that open or close by their schedule are announced once: a `poll.opened` / `poll.closed` event (the
// ones staff actions emit), so webhooks, the staff inbox and residents' pages hear of it. Time moves by
// putting a poll's opens_at / closes_at (and created_at) into the past, as the database clock decides.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { loadConfig } from '../../../packages/server/src/config.js';
import { events } from '../../../packages/server/src/db/schema.js';
import { emit } from '../../../packages/server/src/events/emit.js';
import { topic } from '../../../packages/server/src/events/topics.js';
import { announceDuePolls } from '../../../packages/server/src/jobs/poll-announcements.js';
import { JobLocks } from '../../../packages/server/src/jobs/run-once.js';
import { closePoll } from '../../../packages/server/src/repositories/polls.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { usingPostgres } from '../../support/database.js';
import { createPoll, type PollHarness, pollHarness, publicGet, staffRequest } from '../../support/poll-fixtures.js';
import { makeEndpoint, settled } from '../../support/webhook-fixtures.js';
import { type Receiver, startReceiver, verified, webhookTestEnv } from '../../support/webhook-receiver.js';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('scheduled poll announcements', () => {
  let harness: TestApp;
  let h: PollHarness;
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver();
    // The job's own timer stays out of the way (a day); the tests run its rounds themselves.
    harness = await buildTestApp({ env: { ...webhookTestEnv, COURTYARD_POLL_ANNOUNCE_EVERY_MS: String(24 * HOUR) } });
    h = await pollHarness(harness.app);
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  const db = () => harness.app.db;
  const announcementsOf = async (pollId: string) =>
    (
      await db()
        .select({ type: events.type, payload: events.payload })
        .from(events)
        .where(and(eq(events.topic, `poll:${pollId}`), sql`${events.type} in ('poll.opened', 'poll.closed')`))
        .orderBy(events.id)
    ).map((row) => ({ type: row.type, payload: row.payload }));
  /** The poll was made `createdHoursAgo` hours ago and its schedule has (or has not yet) come. */
  const reschedule = (pollId: string, createdHoursAgo: number, opensInHours: number, closesInHours: number | null) =>
    db().execute(sql`update polls set created_at = now() - make_interval(hours => ${createdHoursAgo}::int),
      opens_at = now() + make_interval(secs => ${opensInHours * 3600}::double precision),
      closes_at = ${closesInHours === null ? null : sql`now() + make_interval(secs => ${closesInHours * 3600}::double precision)`}
      where id = ${pollId}`);
  const scheduledPoll = () => createPoll(h, { opensAt: inHours(1), closesAt: inHours(3) });
  /** Rounds until nothing is due, so polls left by earlier tests do not count toward this one's. */
  const settleAnnouncements = async () => {
    while (true) {
      const run = await announceDuePolls(db());
      if (run.opened + run.closed === 0) return;
    }
  };

  it('announces a scheduled poll once when its opening time passes, and not before', async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 0, closed: 0 });
    await reschedule(poll.id, 2, -0.01, 2);
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 1, closed: 0 });
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 0, closed: 0 });
    assert.deepEqual(await announcementsOf(poll.id), [{ type: 'poll.opened', payload: { id: poll.id } }]);
    assert.equal((await publicGet(h, `/polls/${poll.id}`)).json().state, 'open');
  });

  it('announces the closing once when closes_at passes, with the payload staff closing uses', async () => {
    const poll = await scheduledPoll();
    await reschedule(poll.id, 3, -2, -0.01);
    // Both passed while no instance ran: opening first, then closing.
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 1, closed: 1 });
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 0, closed: 0 });
    assert.deepEqual(await announcementsOf(poll.id), [
      { type: 'poll.opened', payload: { id: poll.id } },
      { type: 'poll.closed', payload: { id: poll.id, state: 'closed' } },
    ]);
    assert.equal((await publicGet(h, `/polls/${poll.id}`)).json().state, 'closed');
  });

  it('leaves alone what staff already announced: a poll created open, a poll closed by hand', async () => {
    await settleAnnouncements();
    const open = await createPoll(h, { closesAt: inHours(5) });
    const closed = await createPoll(h, { closesAt: inHours(5) });
    assert.equal((await staffRequest(h, 'POST', `/polls/${closed.id}/close`)).statusCode, 200);
    await reschedule(open.id, 6, -5, -0.01);
    // Closed by hand an hour before its closing time, which has now passed too.
    await db().execute(sql`update polls set created_at = now() - interval '6 hours', opens_at = now() - interval '5 hours',
      closes_at = now() - interval '1 minute', closed_at = now() - interval '61 minutes' where id = ${closed.id}`);
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 0, closed: 1 });
    assert.deepEqual(await announcementsOf(open.id), [
      { type: 'poll.opened', payload: { id: open.id } },
      { type: 'poll.closed', payload: { id: open.id, state: 'closed' } },
    ]);
    assert.deepEqual(
      (await announcementsOf(closed.id)).map((event) => event.type),
      ['poll.opened', 'poll.closed'],
    );
  });

  it('refuses staff closing a poll its closing time already closed, so it is not announced twice', async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    await reschedule(poll.id, 3, -2, -0.01);
    await announceDuePolls(db());
    const again = await staffRequest(h, 'POST', `/polls/${poll.id}/close`);
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.code, 'COURTYARD_CONFLICT');
    assert.deepEqual(
      (await announcementsOf(poll.id)).map((event) => event.type),
      ['poll.opened', 'poll.closed'],
    );
  });

  it('never announces the opening of a poll closed by hand before it opened', async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    assert.equal((await staffRequest(h, 'POST', `/polls/${poll.id}/close`)).statusCode, 200);
    await db().execute(sql`update polls set created_at = now() - interval '3 hours', closed_at = now() - interval '2 hours',
      opens_at = now() - interval '1 hour', closes_at = now() + interval '1 hour' where id = ${poll.id}`);
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 0, closed: 0 });
    assert.deepEqual(
      (await announcementsOf(poll.id)).map((event) => event.type),
      ['poll.closed'],
    );
  });

  it('does not announce, a day or more late, what changed before the window (old polls at a first deploy)', async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    await reschedule(poll.id, 50, -26, -25);
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 0, closed: 0 });
    assert.deepEqual(await announcementsOf(poll.id), []);
  });

  it('sends each announcement to a subscribed webhook once', async () => {
    await settleAnnouncements();
    const hook = await makeEndpoint(db(), {
      communityId: h.communityId,
      url: receiver.url(`/${randomUUID()}`),
      events: ['poll.opened', 'poll.closed'],
    });
    const poll = await scheduledPoll();
    await reschedule(poll.id, 3, -2, -0.01);
    await announceDuePolls(db());
    await announceDuePolls(db());
    const deliveries = await settled(harness.app, hook.id, 2);
    assert.deepEqual(deliveries.map((delivery) => [delivery.eventType, delivery.state]).sort(), [
      ['poll.closed', 'delivered'],
      ['poll.opened', 'delivered'],
    ]);
    const path = new URL(hook.url).pathname;
    const bodies = receiver.received
      .filter((request) => request.path === path)
      .map((request) => verified(hook.secret, request) as { type: string; data: { poll?: { id: string } } });
    assert.deepEqual(bodies.map((body) => body.type).sort(), ['poll.closed', 'poll.opened']);
    assert.ok(
      bodies.every((body) => body.data.poll?.id === poll.id),
      JSON.stringify(bodies),
    );
  });

  it('skips a round while another instance holds the job’s lock (PostgreSQL)', { skip: !usingPostgres }, async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    await reschedule(poll.id, 2, -0.01, 2);
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${JobLocks.pollAnnouncements}::bigint)`);
      assert.deepEqual(await announceDuePolls(db()), { ran: false, opened: 0, closed: 0 });
    });
    assert.deepEqual(await announcementsOf(poll.id), []);
    assert.deepEqual(await announceDuePolls(db()), { ran: true, opened: 1, closed: 0 });
  });

  it('announces a closing once when staff close by hand while a round finds the poll due (PostgreSQL)', {
    skip: !usingPostgres,
  }, async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    // Open already; its closing time comes in 1.5 s, and staff press "close" just before it.
    await reschedule(poll.id, 3, -2, 1.5 / 3600);
    await settleAnnouncements();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let closedInside: () => void = () => {};
    const closing = new Promise<void>((resolve) => {
      closedInside = resolve;
    });
    const staffClose = db().transaction(async (tx) => {
      assert.ok(await closePoll(tx, h.communityId, poll.id));
      await emit(tx, topic(h.communityId, 'poll', poll.id), 'poll.closed', { id: poll.id, state: 'closed' });
      closedInside();
      await held;
    });
    await closing;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // The round sees the committed poll: past its closing time, not closed, not announced. It must wait.
    const round = announceDuePolls(db());
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await staffClose;
    assert.deepEqual(await round, { ran: true, opened: 0, closed: 0 });
    assert.deepEqual(
      (await announcementsOf(poll.id)).map((event) => event.type),
      ['poll.opened', 'poll.closed'],
    );
  });

  it('announces once when two rounds race (two instances at the same moment)', async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    await reschedule(poll.id, 3, -2, -0.01);
    const runs = await Promise.all([announceDuePolls(db()), announceDuePolls(db()), announceDuePolls(db())]);
    assert.equal(
      runs.reduce((sum, run) => sum + run.opened + run.closed, 0),
      2,
    );
    assert.equal((await announcementsOf(poll.id)).length, 2);
  });

  it('runs by itself on its configured interval inside the server', async () => {
    await settleAnnouncements();
    const poll = await scheduledPoll();
    const second = await buildTestApp({
      testDatabase: harness.testDatabase,
      env: { ...webhookTestEnv, COURTYARD_POLL_ANNOUNCE_EVERY_MS: '50' },
    });
    try {
      await reschedule(poll.id, 2, -0.01, 2);
      const deadline = Date.now() + 10_000;
      while ((await announcementsOf(poll.id)).length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(await announcementsOf(poll.id), [{ type: 'poll.opened', payload: { id: poll.id } }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a job interval that is not a whole number of milliseconds from 50 to a day', () => {
    assert.throws(() => loadConfig({ COURTYARD_POLL_ANNOUNCE_EVERY_MS: 'soon' }), /COURTYARD_POLL_ANNOUNCE_EVERY_MS/);
    assert.throws(() => loadConfig({ COURTYARD_RETENTION_EVERY_MS: '10' }), /COURTYARD_RETENTION_EVERY_MS/);
    assert.equal(loadConfig({ COURTYARD_PURGE_EVERY_MS: '60000' }).jobs.purgeEveryMs, 60_000);
    assert.equal(loadConfig({}).jobs.pollAnnouncementsEveryMs, 30_000);
  });
});
