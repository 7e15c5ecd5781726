// Every public write goes through withIdempotency: the Idempotency-Key, a hash of the request and the
// first response are stored in the same transaction as the write, so a retry from the widgets' outbox
// replays the first answer instead of writing twice. Handing a write to it is also what admits it past
// the rate limits (admitWrite): by then the route has checked its body, so only valid writes are counted.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor, Tx } from '../db/database.js';
import { idempotencyKeys } from '../db/schema.js';
import type { StatementBatch } from '../db/statement-batch.js';
import { idempotencyInFlight, idempotencyKeyRequired, idempotencyKeyReused } from '../errors.js';
import { admitWrite } from '../plugins/rate-limits.js';
import { advisoryLockKey, requestHash } from './request-hash.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WriteResult<Body> {
  statusCode: number;
  body: Body;
}

export interface IdempotencyOptions<Prepared> {
  /** What is hashed as the body; defaults to `request.body`. Multipart routes pass `{ fields, photos }`. */
  body?: unknown;
  /**
   * Slow work that needs no transaction (e.g. re-encoding photos), run only when the key is new, before
   * the transaction opens; its result is handed to `write`.
   */
  prepare?: () => Promise<Prepared>;
  /** Staff routes have no `request.site`: the site whose keys they share (their route keeps them apart). */
  siteId?: string;
}

/**
 * What both write paths do first: the Idempotency-Key (400 without one), admission past the rate limits,
 * and the hash of the request a retry must match. `body` replaces `request.body` in the hash when given.
 */
async function admitKeyedWrite(request: FastifyRequest, body: unknown, site?: string) {
  const key = idempotencyKeyOf(request);
  await admitWrite(request);
  const siteId = site ?? siteIdOf(request);
  const hash = requestHash({
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    siteId,
    params: request.params ?? null,
    body: body === undefined ? (request.body ?? null) : body,
  });
  return { key, siteId, hash };
}

/**
 * Runs `write` once per Idempotency-Key and answers every retry with the first response.
 * Returns the body to send; the status code (and `Idempotent-Replayed: true` on a replay) is set on `reply`.
 * `write` throwing (a 4xx, anything) rolls back the write and stores no key, so the client may retry.
 */
export async function withIdempotency<Body, Prepared = undefined>(
  request: FastifyRequest,
  reply: FastifyReply,
  write: (tx: Tx, prepared: Prepared) => Promise<WriteResult<Body>>,
  options: IdempotencyOptions<Prepared> = {},
): Promise<Body> {
  const { key, siteId, hash } = await admitKeyedWrite(request, options.body, options.siteId);
  const db = request.server.db;

  // A retry of a finished write is answered without opening a write transaction.
  const earlier = await findKey(db, siteId, key);
  if (earlier) return replay<Body>(reply, earlier, hash);

  const prepared = (options.prepare ? await options.prepare() : undefined) as Prepared;
  const outcome = await db.transaction(async (tx): Promise<Outcome<Body>> => {
    // Held until commit: a concurrent request with the same key is told it is in flight, not run twice.
    const locked = await tx.execute(
      sql`select pg_try_advisory_xact_lock(${advisoryLockKey(siteId, key)}::bigint) as locked`,
    );
    if (!firstRow<{ locked: boolean }>(locked)?.locked) throw idempotencyInFlight();
    const stored = await findKey(tx, siteId, key);
    if (stored) return { replayOf: stored };
    const result = await write(tx, prepared);
    await tx.insert(idempotencyKeys).values({
      siteId,
      key,
      requestHash: hash,
      statusCode: result.statusCode,
      // JSON round trip: what is stored is exactly what a replay will send.
      responseBody: JSON.parse(JSON.stringify(result.body ?? null)),
    });
    return { result };
  });
  if (outcome.replayOf) return replay<Body>(reply, outcome.replayOf, hash);
  const { result } = outcome as { result: WriteResult<Body> };
  reply.code(result.statusCode);
  return result.body;
}

/** The Idempotency-Key's columns of a batch statement's rows, filled in by withIdempotentStatement. */
export type KeyValues = { keySiteId: string; key: string; keyRequestHash: string; keyStatusCode: number };

/** KeyValues as `json_to_recordset` column definitions. */
export const KEY_COLUMNS = sql.raw('"keySiteId" uuid, "key" uuid, "keyRequestHash" text, "keyStatusCode" integer');

/**
 * True for rows of `row` (an alias with KEY_COLUMNS) whose key is not stored yet: a retry is replayed.
 * A correlated scalar subquery, not `not exists`: the statement's generic plan would otherwise hash the
 * whole key table on every run instead of probing its primary key for each row.
 */
export const keyNotStored = (row: SQL) =>
  sql`(select true from ${idempotencyKeys} where ${idempotencyKeys.siteId} = ${row}."keySiteId"
    and ${idempotencyKeys.key} = ${row}.key limit 1) is null`;

/**
 * The CTE body that stores the Idempotency-Key's row for each row of `from` (which joins the written rows
 * to their input row `row`), answering `response` (jsonb). Name the CTE `stored`; `storedBody` reads it.
 */
export function storeKey(response: SQL, from: SQL, row: SQL): SQL {
  return sql`insert into ${idempotencyKeys} (site_id, key, request_hash, status_code, response_body)
    select ${row}."keySiteId", ${row}.key, ${row}."keyRequestHash", ${row}."keyStatusCode", ${response} from ${from}
    returning site_id, key, response_body`;
}

/** The stored response of the input row `input` (null when nothing was written for it), as `body`. */
export const storedBody = sql`(select stored.response_body from stored
  where stored.site_id = input."keySiteId" and stored.key = input.key) as body`;

/** What a batch statement answers for each of its rows. */
export interface StatementRow {
  n: number;
  /** The stored response, null when nothing was written for the row. */
  body: unknown;
  /** NOTIFY payloads of the events the row recorded (emitCtes), announced once committed. */
  notices?: string[] | null;
}

export interface StatementOptions<Value extends Record<string, unknown>> {
  /** The status of a first answer (a replay sends the stored one). */
  statusCode: number;
  /**
   * The whole write as ONE statement for many rows (db/statement-batch.ts): an `input` CTE from
   * `json_to_recordset` with KEY_COLUMNS, the rows whose key is not stored (`keyNotStored`), data-modifying
   * CTEs for the write and its event, and a `stored` CTE (`storeKey`) over the written rows, so a key is
   * stored exactly when its write happened; it answers `n`, `storedBody` and, with emitCtes, `notices` for
   * every input row. A key racing in from another request makes the key's primary key refuse the statement;
   * the batch then runs its rows one by one, and the request whose key was taken replays the stored answer.
   */
  statement: StatementBatch<Value & KeyValues, StatementRow>;
  /** The row's own values. */
  values: Value;
  /** Nothing was written and no earlier answer exists for the key: throw the 4xx that says why. */
  nothingWritten: () => Promise<never>;
  /** What is hashed as the body; defaults to `request.body`. */
  body?: unknown;
}

/**
 * withIdempotency for the busiest public writes (a suggestion, a device vote): the write, its event and the
 * key's row are one statement, atomic without BEGIN/COMMIT, shared with the writes arriving meanwhile. A
 * retry of a stored key writes nothing and replays the stored answer; two racing requests with one key never
 * both write.
 */
export async function withIdempotentStatement<Body, Value extends Record<string, unknown>>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: StatementOptions<Value>,
): Promise<Body> {
  const { key, siteId, hash } = await admitKeyedWrite(request, options.body);
  const db = request.server.db;
  let written: StatementRow | undefined;
  try {
    written = await options.statement.write(request.server.database, {
      ...options.values,
      keySiteId: siteId,
      key,
      keyRequestHash: hash,
      keyStatusCode: options.statusCode,
    });
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
  }
  if (written?.notices) request.server.events.announce(written.notices);
  if (written?.body !== undefined && written.body !== null) {
    reply.code(options.statusCode);
    return written.body as Body;
  }
  const stored = await findKey(db, siteId, key);
  if (stored) return replay<Body>(reply, stored, hash);
  return options.nothingWritten();
}

/** The key's primary key refused the insert: someone stored this key first. */
function isKeyConflict(error: unknown): boolean {
  for (
    let cause = error as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown } | undefined;
    cause;
    cause = cause.cause as typeof cause
  ) {
    if (cause.code === '23505') {
      const constraint = cause.constraint_name ?? cause.constraint ?? '';
      return constraint.startsWith('idempotency_keys');
    }
  }
  return false;
}

/** The request's Idempotency-Key, lower-cased; 400 when it is missing or not a UUID. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const value = request.headers[IDEMPOTENCY_HEADER];
  if (typeof value !== 'string' || !UUID.test(value.trim())) throw idempotencyKeyRequired();
  return value.trim().toLowerCase();
}

type Outcome<Body> = { replayOf: StoredKey; result?: never } | { replayOf?: never; result: WriteResult<Body> };
type StoredKey = { requestHash: string; statusCode: number; responseBody: unknown };

async function findKey(db: Executor, siteId: string, key: string): Promise<StoredKey | undefined> {
  const [row] = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      statusCode: idempotencyKeys.statusCode,
      responseBody: idempotencyKeys.responseBody,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.siteId, siteId), eq(idempotencyKeys.key, key)));
  return row;
}

function replay<Body>(reply: FastifyReply, stored: StoredKey, hash: string): Body {
  if (stored.requestHash !== hash) throw idempotencyKeyReused();
  reply.code(stored.statusCode).header(REPLAYED_HEADER, 'true');
  return stored.responseBody as Body;
}

function siteIdOf(request: FastifyRequest): string {
  // A programming error, not a client's: public writes are registered behind the tenancy plugin.
  if (!request.site) throw new Error('withIdempotency needs request.site (register the route behind tenancy)');
  return request.site.id;
}

/** postgres.js returns rows as an array, PGlite as `{ rows }`. */
function firstRow<Row>(result: unknown): Row | undefined {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows;
  return rows?.[0] as Row | undefined;
}
