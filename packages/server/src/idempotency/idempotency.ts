// Every public write goes through withIdempotency: the Idempotency-Key, a hash of the request and the
// first response are stored in the same transaction as the write, so a retry from the widgets' outbox
// replays the first answer instead of writing twice.
import { and, eq, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor, Tx } from '../db/database.js';
import { idempotencyKeys } from '../db/schema.js';
import type { StatementTemplate } from '../db/statement-template.js';
import { idempotencyInFlight, idempotencyKeyRequired, idempotencyKeyReused } from '../errors.js';
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
  const key = idempotencyKeyOf(request);
  const siteId = siteIdOf(request);
  const hash = requestHash({
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    siteId,
    params: request.params ?? null,
    body: options.body === undefined ? (request.body ?? null) : options.body,
  });
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

/** Placeholders withIdempotentStatement fills in for storeKey (a template's own names must differ). */
export type KeyValueName = 'keySiteId' | 'key' | 'keyRequestHash' | 'keyStatusCode';

/**
 * The CTE body that stores the Idempotency-Key's row: one row per row of `from`, answering `response`
 * (jsonb). For use inside a StatementTemplate run by withIdempotentStatement, which fills in its values.
 */
export function storeKey(value: (name: KeyValueName) => Placeholder, response: SQL, from: SQL): SQL {
  return sql`insert into ${idempotencyKeys} (site_id, key, request_hash, status_code, response_body)
    select ${value('keySiteId')}::uuid, ${value('key')}::uuid, ${value('keyRequestHash')}::text,
      ${value('keyStatusCode')}::integer, ${response} from ${from}
    returning response_body`;
}

export interface StatementOptions<Name extends string = string> {
  /** The status of a first answer (a replay sends the stored one). */
  statusCode: number;
  /**
   * The whole write as ONE statement: data-modifying CTEs for the write and its event, and `storeKey(...)`
   * as a CTE over the written row, so the key is stored exactly when the write happened. The final select
   * must answer one row with `body` = the stored response (null when nothing was written) and, when it
   * records events with emitCtes, `notices` (announced once the statement has committed); and reference
   * every plain SELECT CTE (PostgreSQL skips unreferenced ones).
   */
  statement: StatementTemplate<Name | KeyValueName>;
  /** The values of the template's own placeholders. */
  values: Record<Name, unknown>;
  /** Nothing was written and no earlier answer exists for the key: throw the 4xx that says why. */
  nothingWritten: () => Promise<never>;
  /** What is hashed as the body; defaults to `request.body`. */
  body?: unknown;
}

/**
 * withIdempotency for the busiest public writes (a suggestion, a device vote): the write, its event and the
 * key's row are one statement, atomic without BEGIN/COMMIT, one round trip instead of nine. A retry of a
 * stored key makes the key's primary key refuse the statement (after the first commits, so two racing
 * requests with one key never both write); the stored answer is then replayed.
 */
export async function withIdempotentStatement<Body, Name extends string = string>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: StatementOptions<Name>,
): Promise<Body> {
  const key = idempotencyKeyOf(request);
  const siteId = siteIdOf(request);
  const hash = requestHash({
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    siteId,
    params: request.params ?? null,
    body: options.body === undefined ? (request.body ?? null) : options.body,
  });
  const db = request.server.db;
  const query = options.statement.bind({
    ...options.values,
    keySiteId: siteId,
    key,
    keyRequestHash: hash,
    keyStatusCode: options.statusCode,
  } as Record<Name | KeyValueName, unknown>);

  let written: { body: unknown; notices?: string[] | null } | undefined;
  try {
    [written] = await request.server.database.run<{ body: unknown; notices?: string[] | null }>(query);
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
