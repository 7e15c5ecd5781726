// Rate limits for the public API, per IP and per site, from `app.config.rateLimits`:
//   - hard tier: a public write past it answers 429 with Retry-After (the widget's outbox retries later);
//   - soft tier: a public write past it is still accepted but `request.overSoftLimit` is set, and the write
//     route stores the submission as `spam` for staff to review, so nothing a resident sends is lost;
//   - reads (config, results, streams, preflights) get the per-IP read limit.
// Public write routes opt in with `config: publicWrite` (or `config: { publicWrite: true, ... }`).
// Registered in the public scope after the tenancy plugin (it needs `request.site`), which also means a
// 429 still carries the CORS headers a widget needs to read Retry-After.
import { createHmac } from 'node:crypto';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { rateLimited } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** This public write passed a soft limit (per IP or per site): store it as `spam` for review. */
    overSoftLimit: boolean;
  }
  interface FastifyContextConfig {
    /** A public write: counted against the write tiers (soft and hard) instead of the read limit. */
    publicWrite?: boolean;
  }
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
    // `soft` it is kept as spam. One counter instead of two halves the store's work on every write.
    const writes = [
      { limiter: tier('ip-write', limits.ipHard, byIp), soft: limits.ipSoft },
      { limiter: tier('site-write', limits.siteHard, bySite), soft: limits.siteSoft },
    ];
    const read = tier('ip-read', limits.ipRead, byIp);

    app.decorateRequest('overSoftLimit', false);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.publicWrite !== true) {
        const result = await read(request);
        if (!result.isAllowed && result.isExceeded) throw rateLimited(result.ttlInSeconds);
        return;
      }
      for (const { limiter, soft } of writes) {
        const result = await limiter(request);
        if (result.isAllowed) continue;
        if (result.isExceeded) throw rateLimited(result.ttlInSeconds);
        // remaining = max - current while not exceeded.
        if (result.max - result.remaining > soft) request.overSoftLimit = true;
      }
    });
  },
  { name: 'courtyard-rate-limits', dependencies: ['courtyard-tenancy'] },
);
