// Rate limits for the public API, per IP and per site, from `app.config.rateLimits`:
//   - reads (config, results, streams, preflights) and the proof-of-work challenges handed out count against
//     the per-IP read limit;
//   - a public write counts against the write tiers only once it is admitted: after its body passed the
//     schema and the route's own checks, when the route hands it to withIdempotency (which calls
//     `admitWrite`). A request refused as invalid (or for its origin) uses none of the write budget;
//   - hard tier: a write past it answers 429 with Retry-After (the widget's outbox retries later);
//   - soft tier: once the client (per IP) or the site is past it, each further write must carry a solved
//     proof-of-work challenge (428 with the challenge otherwise; proof-of-work/challenges.ts). No submission
//     is relabelled because of traffic: what is admitted is stored as any other.
// Public write routes opt in with `config: publicWrite` (or `config: { publicWrite: true, ... }`).
// Registered in the public scope after the tenancy plugin (it needs `request.site`), which also means a
// 429 or 428 still carries the CORS headers a widget needs to read it.
import { createHmac } from 'node:crypto';
import { ErrorResponse, ProofOfWorkRequired } from '@courtyard/protocol/schemas';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { proofOfWorkRequired, rateLimited } from '../errors.js';
import {
  checkProof,
  createProofChallenge,
  PROOF_OF_WORK_HEADER,
  type ProofCheck,
} from '../proof-of-work/challenges.js';
import { databaseSpentSolutions, redisSpentSolutions } from '../proof-of-work/spent-solutions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** On public writes: what admitting this write takes (set by the rate-limits plugin before the body is read). */
    writeGate: WriteGate | null;
  }
  interface FastifyContextConfig {
    /** A public write: counted against the write tiers (soft and hard) once admitted. */
    publicWrite?: boolean;
  }
}

interface WriteGate {
  /** Counts the write (and checks its solution when one is required); runs once per request. */
  admit(): Promise<void>;
  admitted?: Promise<void>;
}

/** Route config for a public write: `app.post('/suggestions', { config: publicWrite, schema }, handler)`. */
export const publicWrite = { publicWrite: true } as const;

/**
 * A keyed hash of the client's address (IPv6 reduced to its /64, as one household holds a whole /64).
 * Counters and anything else that must tell clients apart use this, never the raw IP. The key is a salt
 * that rotates daily (HMAC of the secret and the UTC date), so yesterday's fingerprints cannot be linked
 * to today's, even by someone holding the secret and a list of addresses to try after the day is over.
 */
export function clientFingerprint(secret: string, ip: string | undefined, now: Date = new Date()): string {
  const salt = dailySalt(secret, now);
  if (fingerprintsToday.salt !== salt) fingerprintsToday = { salt, byIp: new Map() };
  // Remembered in memory for the day only (one HMAC per client, not per request), then dropped with the salt.
  let fingerprint = fingerprintsToday.byIp.get(ip);
  if (fingerprint === undefined) {
    // A client that has already hung up has no address left; it is counted as one "unknown" client.
    fingerprint = createHmac('sha256', salt)
      .update(`ip:${ip ? normalizeIP(ip) : 'unknown'}`)
      .digest('base64url')
      .slice(0, 22);
    if (fingerprintsToday.byIp.size >= MAX_REMEMBERED_FINGERPRINTS) fingerprintsToday.byIp.clear();
    fingerprintsToday.byIp.set(ip, fingerprint);
  }
  return fingerprint;
}

const MAX_REMEMBERED_FINGERPRINTS = 10_000;
let fingerprintsToday: { salt: Buffer | undefined; byIp: Map<string | undefined, string> } = {
  salt: undefined,
  byIp: new Map(),
};

const DAY_MS = 86_400_000;
/** The salt of the UTC day [from, until): checked per request by two comparisons, not by formatting a date. */
let cachedSalt: { secret: string; from: number; until: number; salt: Buffer } | undefined;

/** The day's salt; never stored, and derived again (not kept) once the UTC day changes. */
export function dailySalt(secret: string, now: Date): Buffer {
  const time = now.getTime();
  if (cachedSalt?.secret !== secret || time < cachedSalt.from || time >= cachedSalt.until) {
    const from = time - (((time % DAY_MS) + DAY_MS) % DAY_MS);
    const day = new Date(from).toISOString().slice(0, 10);
    const salt = createHmac('sha256', secret).update(`fingerprint-salt:${day}`).digest();
    cachedSalt = { secret, from, until: from + DAY_MS, salt };
  }
  return cachedSalt.salt;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Admits a public write: counts it against the write tiers (429 past a hard one) and, when the client or the
 * site is past a soft tier, spends its proof-of-work solution (428 with a fresh challenge when it has none
 * that is good). withIdempotency calls it once the route has checked the body; a second call does nothing.
 */
export function admitWrite(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.publicWrite !== true) return Promise.resolve();
  const gate = request.writeGate;
  // A programming error, not a client's: public writes are registered behind this plugin.
  if (!gate) throw new Error('a public write outside the rate-limits plugin (register it in the public scope)');
  gate.admitted ??= gate.admit();
  return gate.admitted;
}

type ProofRefusal = 'missing' | 'spent' | Extract<ProofCheck, { ok: false }>['reason'];

const PROOF_MESSAGES: Record<ProofRefusal, string> = {
  missing: `This write needs a proof of work (the site is busy, or asks it of every write): solve error.challenge and send the same request again with the solution in the ${PROOF_OF_WORK_HEADER} header.`,
  malformed: `The ${PROOF_OF_WORK_HEADER} header does not hold a solution: solve error.challenge and send the request again.`,
  expired: 'The challenge has expired: solve error.challenge, a new one, and send the request again.',
  forged: "The solution is not for one of this site's challenges: solve error.challenge and send the request again.",
  wrong: 'The solution does not solve its challenge: solve error.challenge and send the request again.',
  spent: 'This solution was already used: solve error.challenge, a new one, and send the request again.',
};

/** Every public write route documents the 428 and 429 it may answer (an allowlist like any response). */
function documentWriteAnswers(route: RouteOptions) {
  if (route.config?.publicWrite !== true || !route.schema) return;
  const response = (route.schema.response ?? {}) as Record<number, unknown>;
  response[428] ??= ProofOfWorkRequired;
  response[429] ??= ErrorResponse;
  route.schema.response = response;
}

export default fp(
  async function rateLimits(app: FastifyInstance) {
    const limits = app.config.rateLimits;
    // Counters live in this process's memory (right for one instance), or in Redis when COURTYARD_REDIS_URL
    // is set, so every instance behind a load balancer counts against the same limits. Keys hold no raw IP.
    // skipOnError: a Redis outage lets requests through rather than refusing every resident.
    const redis = app.config.redisUrl
      ? new Redis(app.config.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableAutoPipelining: true })
      : undefined;
    if (redis) {
      redis.on('error', (error) => app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable'));
      app.addHook('onClose', async () => {
        await redis.quit().catch(() => redis.disconnect());
      });
    }
    await app.register(rateLimit, {
      global: false,
      timeWindow: limits.windowMs,
      skipOnError: true,
      ...(redis ? { redis, nameSpace: 'courtyard-rate:' } : {}),
    });
    const spent = redis ? redisSpentSolutions(redis, databaseSpentSolutions(app.db)) : databaseSpentSolutions(app.db);

    const fingerprints = new WeakMap<FastifyRequest, string>();
    const byIp = (request: FastifyRequest) => {
      let fingerprint = fingerprints.get(request);
      if (fingerprint === undefined) {
        fingerprint = clientFingerprint(app.secret, request.ip);
        fingerprints.set(request, fingerprint);
      }
      return fingerprint;
    };
    const bySite = (request: FastifyRequest) => request.site.id;
    // Each tier has its own key prefix: a shared store (Redis) then keeps the tiers apart.
    const tier = (name: string, max: number, key: (request: FastifyRequest) => string): Limiter =>
      app.createRateLimit({ max, timeWindow: limits.windowMs, keyGenerator: (request) => `${name}:${key(request)}` });

    // A write's soft and hard tiers read one counter (per IP, per site): past `hard` it is refused, past
    // `soft` it must bring a proof of work. One counter instead of two halves the store's work on every write.
    const writes = [
      { limiter: tier('ip-write', limits.ipHard, byIp), soft: limits.ipSoft },
      { limiter: tier('site-write', limits.siteHard, bySite), soft: limits.siteSoft },
    ];
    const requests = tier('ip-read', limits.ipRead, byIp);

    // Handing out a challenge costs a little (one derivation), so it counts as a read of the per-IP limit.
    const challenge = async (request: FastifyRequest, reason: ProofRefusal) => {
      const counted = await requests(request);
      if (!counted.isAllowed && counted.isExceeded) return rateLimited(counted.ttlInSeconds);
      return proofOfWorkRequired(
        await createProofChallenge(app.secret, app.config.proofOfWork, request.site.siteKey),
        PROOF_MESSAGES[reason],
      );
    };

    app.addHook('onRoute', documentWriteAnswers);
    app.decorateRequest('writeGate', null);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.publicWrite !== true) {
        const counted = await requests(request);
        if (!counted.isAllowed && counted.isExceeded) throw rateLimited(counted.ttlInSeconds);
        return;
      }
      // Looked at, not counted: a write already past a hard tier is refused before its body is read.
      let proofRequired = request.site.proofOfWorkAlways;
      for (const { limiter, soft } of writes) {
        const seen = await limiter(request, { increment: false });
        if (seen.isAllowed) continue;
        if (seen.remaining === 0) throw rateLimited(seen.ttlInSeconds);
        if (seen.max - seen.remaining >= soft) proofRequired = true;
      }
      // Without a good solution the client is told at once, before it has sent (and we read) the body.
      let proof: Extract<ProofCheck, { ok: true }> | undefined;
      if (proofRequired) {
        const header = request.headers[PROOF_OF_WORK_HEADER.toLowerCase()];
        if (typeof header !== 'string') throw await challenge(request, 'missing');
        const checked = await checkProof(app.secret, header, request.site.siteKey);
        if (!checked.ok) throw await challenge(request, checked.reason);
        proof = checked;
      }
      request.writeGate = {
        admit: async () => {
          if (proof && !(await spent.spend(request.site.id, proof.signature, proof.expiresAt))) {
            throw await challenge(request, 'spent');
          }
          for (const { limiter } of writes) {
            const result = await limiter(request);
            if (!result.isAllowed && result.isExceeded) throw rateLimited(result.ttlInSeconds);
          }
        },
      };
    });
  },
  { name: 'courtyard-rate-limits', dependencies: ['courtyard-tenancy'] },
);
