// The busiest public writes (a suggestion, a device vote) share statements: while one of them is running,
// the requests that arrive meanwhile wait and go together as one statement over a JSON array of rows. Under
// load that turns fifty statements into a handful (one parse, plan, commit and round trip for many rows);
// when the service is quiet every write still goes at once, alone. Measured with `npm run bench`.
import { type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './database.js';

const dialect = new PgDialect();

export interface StatementBatchOptions {
  /**
   * Statements of this kind running at once; later writes queue for the next one. One by default: under
   * load the next statement then carries everything that arrived meanwhile (about ten rows at 50
   * connections), which `npm run bench` measured as less CPU per write in both PostgreSQL (0.20 ms instead
   * of 0.30) and Node than four statements of four or five rows. A quiet service still writes at once.
   */
  maxInFlight?: number;
  /** Rows one statement takes at most. */
  maxRows?: number;
}

type Waiting<Value, Row> = { value: Value; resolve: (row: Row | undefined) => void; reject: (error: unknown) => void };

/**
 * A statement written for many rows: `build(rows)` composes it with drizzle's sql, where `rows` stands for a
 * JSON array of the values with each row's position as `n` (`json_to_recordset(${rows}::json)`), and it
 * answers one row per input row with its `n`. It is rendered once: composing and rendering it on every
 * request was about a sixth of the request's CPU. The statement must be all-or-nothing for its rows: when
 * it fails, each row is run again on its own, so one row's refusal (a key racing in, a constraint) is that
 * row's error only.
 */
export class StatementBatch<Value extends Record<string, unknown>, Row extends { n: number }> {
  private readonly queues = new WeakMap<Database, Queue<Value, Row>>();
  private rendered: string | undefined;

  constructor(
    private readonly build: (rows: SQL) => SQL,
    private readonly options: StatementBatchOptions = {},
  ) {}

  /** The statement's text, with `$1` for the rows. */
  get text(): string {
    if (this.rendered === undefined) {
      const query = dialect.sqlToQuery(this.build(sql`${sql.placeholder('rows')}`));
      if (query.params.length !== 1) throw new Error('a batch statement takes its rows as its only parameter');
      this.rendered = query.sql;
    }
    return this.rendered;
  }

  /** Writes one row (with others waiting at the time) and answers its result row, if the statement gave one. */
  write(database: Database, value: Value): Promise<Row | undefined> {
    let queue = this.queues.get(database);
    if (!queue) {
      queue = new Queue(database, (rows) => ({ sql: this.text, params: [rows] }), this.options);
      this.queues.set(database, queue);
    }
    return queue.add(value);
  }
}

class Queue<Value extends Record<string, unknown>, Row extends { n: number }> {
  private waiting: Waiting<Value, Row>[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxRows: number;

  constructor(
    private readonly database: Database,
    private readonly query: (rows: string) => Query,
    options: StatementBatchOptions,
  ) {
    this.maxInFlight = options.maxInFlight ?? 1;
    this.maxRows = options.maxRows ?? 64;
  }

  add(value: Value): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ value, resolve, reject });
      this.next();
    });
  }

  private next() {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxRows);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.next();
      });
    }
  }

  private async send(batch: Waiting<Value, Row>[]) {
    try {
      const rows = await this.run(batch.map((entry) => entry.value));
      for (const [n, entry] of batch.entries()) entry.resolve(rows[n]);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(
        batch.map((entry) => this.run([entry.value]).then(([row]) => entry.resolve(row), entry.reject)),
      );
    }
  }

  /** Runs the statement for `values`; its rows, indexed by each value's position. */
  private async run(values: Value[]): Promise<(Row | undefined)[]> {
    const rows = values.map((value, n) => ({ ...value, n }));
    const result = await this.database.run<Row>(this.query(rowsJson(rows)));
    const byPosition: (Row | undefined)[] = new Array(values.length);
    for (const row of result) byPosition[Number(row.n)] = row;
    return byPosition;
  }
}

/**
 * The rows as JSON. JSON.stringify writes a lone surrogate as `\udXXX`, so only output containing `\ud`
 * (rare: that, or a backslash typed before "ud") is written again through the slower replacer.
 */
function rowsJson(rows: unknown[]): string {
  const json = JSON.stringify(rows);
  return json.includes('\\ud') ? JSON.stringify(rows, wellFormed) : json;
}

/**
 * A lone surrogate (valid in a JS string, not in Unicode) becomes U+FFFD, as postgres.js stores it in a
 * text parameter; escaped in JSON, PostgreSQL would refuse the whole statement. Requests never bring one
 * (validation answers 400); this keeps one written any other way from failing its neighbours' rows.
 */
function wellFormed(_key: string, value: unknown) {
  return typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
