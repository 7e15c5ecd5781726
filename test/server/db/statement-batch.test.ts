// StatementBatch: the busiest writes arriving together share one statement, each still answered with its
// own row, and one row's failure is that row's alone. On the real database (PGlite, or PostgreSQL with
// DATABASE_URL); the handle is wrapped only to count the statements it runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../packages/server/src/db/database.js';
import { StatementBatch } from '../../../packages/server/src/db/statement-batch.js';
import { deviceVoteStatement } from '../../../packages/server/src/polls/cast-vote.js';
import { createSuggestionStatement } from '../../../packages/server/src/repositories/suggestions.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

type Probe = { id: number; label: string };
type Written = { n: number; id: number; label: string | null };

const insertProbes = (rows: SQL) => sql`with input as (
      select * from json_to_recordset(${rows}::json) as input(n integer, id integer, label text)
    ),
    written as (insert into batch_probe (id, label) select id, label from input returning id, label)
    select input.n, input.id, (select written.label from written where written.id = input.id) as label from input`;

describe('statements shared by writes arriving together', () => {
  let test: TestDatabase;
  let statements: number[];
  let counted: Database;
  before(async () => {
    test = await createTestDatabase();
    await test.database.run(sql`create table batch_probe (id integer primary key, label text not null)`);
    statements = [];
    counted = {
      ...test.database,
      run: (query) => {
        const rows = JSON.parse(String((query as { params: unknown[] }).params[0])) as unknown[];
        statements.push(rows.length);
        return test.database.run(query);
      },
    };
  });
  after(() => test.dispose());

  const rowsOf = async (from: number, to: number) =>
    test.database.run<Probe>(sql`select id, label from batch_probe where id >= ${from} and id < ${to} order by id`);

  it('writes a lone write at once, in a statement of its own', async () => {
    statements.length = 0;
    const batch = new StatementBatch<Probe, Written>(insertProbes);
    assert.deepEqual(await batch.write(counted, { id: 1, label: '一楼' }), { n: 0, id: 1, label: '一楼' });
    assert.deepEqual(statements, [1]);
  });

  it('runs one statement of a kind at a time by default: what arrives meanwhile goes in the next one', async () => {
    statements.length = 0;
    const batch = new StatementBatch<Probe, Written>(insertProbes);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => batch.write(counted, { id: i + 10, label: `${i + 10}层` })),
    );
    assert.deepEqual(
      answers.map((answer) => answer?.id),
      Array.from({ length: 30 }, (_, i) => i + 10),
    );
    assert.deepEqual(statements, [1, 29]);
  });

  it('answers each of 200 writes arriving together with its own row, in far fewer statements', async () => {
    statements.length = 0;
    const batch = new StatementBatch<Probe, Written>(insertProbes, { maxInFlight: 2, maxRows: 50 });
    const labels = Array.from({ length: 200 }, (_, i) => `${i + 100}号`);
    const answers = await Promise.all(labels.map((label, i) => batch.write(counted, { id: i + 100, label })));
    assert.deepEqual(
      answers.map((answer) => answer?.label),
      labels,
    );
    assert.deepEqual(
      answers.map((answer) => answer?.id),
      labels.map((_, i) => i + 100),
    );
    assert.equal((await rowsOf(100, 300)).length, 200);
    assert.equal(
      statements.reduce((sum, rows) => sum + rows, 0),
      200,
    );
    assert.ok(statements.length <= 6, `200 writes took ${statements.length} statements: ${statements.join(', ')}`);
    assert.ok(Math.max(...statements) <= 50, `a statement took more than 50 rows: ${statements.join(', ')}`);
  });

  it('refuses only the row that fails the statement; the others are written', async () => {
    const batch = new StatementBatch<Probe, Written>(insertProbes, { maxInFlight: 1 });
    await batch.write(counted, { id: 400, label: '已有' });
    statements.length = 0;
    // The first write holds the only slot, so the next five wait and share a statement; one repeats id 400.
    const writes = [401, 402, 400, 403, 404, 405].map((id) => batch.write(counted, { id, label: `第${id}` }));
    const settled = await Promise.allSettled(writes);
    const refused = settled.filter((outcome) => outcome.status === 'rejected');
    assert.equal(refused.length, 1);
    assert.equal(settled[2]!.status, 'rejected');
    assert.match(String((settled[2] as PromiseRejectedResult).reason), /duplicate key|unique/i);
    assert.deepEqual(
      (await rowsOf(400, 410)).map((row) => row.label),
      ['已有', '第401', '第402', '第403', '第404', '第405'],
    );
    assert.ok(
      statements.some((rows) => rows > 1),
      `the waiting writes shared a statement: ${statements.join(', ')}`,
    );
  });

  it('stores a lone surrogate as U+FFFD instead of failing the shared statement', async () => {
    const batch = new StatementBatch<Probe, Written>(insertProbes);
    const answers = await Promise.all([
      batch.write(counted, { id: 500, label: 'a\uD800b' }),
      batch.write(counted, { id: 501, label: '\uDC00' }),
      batch.write(counted, { id: 502, label: '😀' }),
      // Typed text that looks like an escape is kept as typed.
      batch.write(counted, { id: 503, label: 'C:\\udp\\ud800' }),
    ]);
    assert.deepEqual(
      answers.map((answer) => answer?.label),
      ['a\uFFFDb', '\uFFFD', '😀', 'C:\\udp\\ud800'],
    );
  });

  it("probes keys and polls by their indexes in the hot writes' generic plans, not a scan of the table", async () => {
    // A prepared statement switches to its generic plan after five runs; a `not exists` there became a hash
    // of every stored key, rebuilt on every run, and the write slowed as the table grew.
    for (const batch of [createSuggestionStatement, deviceVoteStatement]) {
      const { text } = batch;
      const plan = await test.database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`prepare hot_write(json) as ${text}`));
        await tx.execute(sql.raw('set local plan_cache_mode = force_generic_plan'));
        const rows = await tx.execute(sql.raw(`explain execute hot_write('[]')`));
        await tx.execute(sql.raw('deallocate hot_write'));
        return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)
          .map((row) => Object.values(row as object)[0])
          .join('\n');
      });
      assert.doesNotMatch(
        plan,
        /Seq Scan on (idempotency_keys|polls|poll_options|suggestions|poll_ballots|events)\b/,
        plan,
      );
      assert.match(plan, /idempotency_keys_site_id_key_pk/, plan);
    }
  });
});
