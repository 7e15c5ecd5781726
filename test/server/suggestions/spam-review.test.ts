// What the server sets aside as spam is never hidden from staff: a filled honeypot lands in the inbox's
// "to review" section, counted, apart from what is new so a flood of it buries nothing; staff moderating
// it takes it out. Data an earlier version hid because of traffic is brought back by two migrations.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { auditLog, repairRequests, suggestions } from '../../../packages/server/src/db/schema.js';
import type { TestApp } from '../../support/app.js';
import { type RepairCommunity, repairTestApp } from '../../support/repair-fixtures.js';
import { staffRequest, submit } from '../../support/suggestion-fixtures.js';

const migrations = fileURLToPath(new URL('../../../packages/server/drizzle/', import.meta.url));

/** Runs the committed migration whose name ends in `name` again, as a later boot would on old data. */
async function runMigration(harness: TestApp, name: string) {
  const file = (await readdir(migrations)).find((entry) => entry.endsWith(`_${name}.sql`));
  assert.ok(file, `migration ${name}`);
  const text = await readFile(`${migrations}${file}`, 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) {
    await harness.app.db.execute(sql.raw(statement));
  }
}

interface Inbox {
  items: { kind: string; id: string; reason: string }[];
  count: { total: number; toReview: number };
}

describe('spam set aside for staff to review', () => {
  let harness: TestApp;
  let place: RepairCommunity;

  const inbox = async (section?: 'review') => {
    const query = section ? '?section=review' : '';
    const response = await harness.app.inject({
      url: `/admin/api/inbox${query}`,
      headers: { cookie: place.workerCookie },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Inbox;
  };
  const staff = (method: 'GET' | 'PATCH', url: string, body?: unknown) =>
    staffRequest(harness.app, place.workerCookie, method, `/admin/api${url}`, body);

  before(async () => ({ harness, place } = await repairTestApp()));
  after(() => harness.close());

  it('lists a honeypot hit under "to review" with its count, apart from what is new, until staff moderate it', async () => {
    const before = await inbox();
    const hit = await submit(harness.app, place.site.siteKey, { text: '物业费太高了', website: 'http://bot.example' });
    assert.equal(hit.statusCode, 201, hit.body);
    const { id } = hit.json();

    const review = await inbox('review');
    const item = review.items.find((entry) => entry.id === id);
    assert.equal(item?.kind, 'suggestion');
    assert.equal(item?.reason, 'flagged');
    assert.equal(review.count.toReview, before.count.toReview + 1);
    const fresh = await inbox();
    assert.ok(!fresh.items.some((item) => item.id === id), 'not among what is new');
    assert.equal(fresh.count.total, before.count.total);
    const detail = await staff('GET', `/suggestions/${id}`);
    assert.equal(detail.json().moderation, 'spam');
    assert.equal(detail.json().reviewReason, 'honeypot');

    // A resident wrote it after all: published, it leaves "to review" and joins what is new.
    const published = await staff('PATCH', `/suggestions/${id}`, { moderation: 'publish' });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().reviewReason, null);
    assert.ok(!(await inbox('review')).items.some((item) => item.id === id));
    assert.ok((await inbox()).items.some((item) => item.id === id));
  });

  it('takes a flagged suggestion out of "to review" when staff confirm it is spam', async () => {
    const { id } = (await submit(harness.app, place.site.siteKey, { text: 'cheap watches', website: 'x' })).json();
    assert.ok((await inbox('review')).items.some((item) => item.id === id));
    assert.equal((await staff('PATCH', `/suggestions/${id}`, { moderation: 'spam' })).statusCode, 200);
    assert.ok(!(await inbox('review')).items.some((item) => item.id === id));
  });

  it('migrates what an earlier version hid: unreviewed spam to "to review", traffic-marked repairs back to the inbox', async () => {
    const { community, site } = place;
    const old = async (text: string) => {
      const [row] = await harness.app.db
        .insert(suggestions)
        .values({
          communityId: community.id,
          siteId: site.id,
          text,
          followCode: `M${Math.random().toString().slice(2, 11)}`,
          moderation: 'spam',
        })
        .returning({ id: suggestions.id });
      return row!.id;
    };
    const machineMarked = await old('旧版本因流量标为垃圾的建议');
    const staffMarked = await old('工作人员标为垃圾的建议');
    await harness.app.db.insert(auditLog).values({
      communityId: community.id,
      actorType: 'staff',
      action: 'suggestion.updated',
      subjectType: 'suggestion',
      subjectId: staffMarked,
      before: { moderation: 'pending' },
      after: { moderation: 'spam' },
    });
    const [hidden] = await harness.app.db
      .insert(repairRequests)
      .values({
        communityId: community.id,
        siteId: site.id,
        trackingCode: 'R-OLD0-SPAM',
        categoryId: place.leak.id,
        description: '煤气味很重',
        spam: true,
      })
      .returning({ id: repairRequests.id });

    await runMigration(harness, 'flag_unreviewed_spam');
    await runMigration(harness, 'release_traffic_spam');

    const reasonOf = async (id: string) =>
      (await harness.app.db.select().from(suggestions).where(eq(suggestions.id, id)))[0]?.reviewReason;
    assert.equal(await reasonOf(machineMarked), 'unreviewed');
    assert.equal(await reasonOf(staffMarked), null, 'what staff marked stays marked, out of "to review"');
    const review = await inbox('review');
    assert.ok(review.items.some((item) => item.id === machineMarked));
    assert.ok(!review.items.some((item) => item.id === staffMarked));
    const [repair] = await harness.app.db.select().from(repairRequests).where(eq(repairRequests.id, hidden!.id));
    assert.equal(repair?.spam, false);
    assert.ok(
      (await inbox()).items.some((item) => item.id === hidden!.id),
      'the hidden repair is in the inbox',
    );
  });
});
