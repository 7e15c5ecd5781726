// Configuration from the environment, validated once at start with one clear line per problem.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_PASSWORD_HASH_COST } from './auth/password.js';
import { isVapidKeyPair } from './push/key-pair.js';
import { weakSecretReason } from './secret-strength.js';

export interface RateLimitConfig {
  /** Length of every rate-limit window, in milliseconds. */
  windowMs: number;
  /** Accepted public writes per IP per window past which each further write asks for a proof of work. */
  ipSoft: number;
  /** Public writes per IP per window past which the server answers 429. */
  ipHard: number;
  /** Accepted public writes per site per window past which each further write asks for a proof of work. */
  siteSoft: number;
  /** Public writes per site per window, hard tier. */
  siteHard: number;
  /** Public requests per IP per window (hard): every read, and every write request whether accepted or not. */
  ipRead: number;
  /** Failed sign-ins per account before it is locked for `loginLockMs`. */
  loginFailures: number;
  loginLockMs: number;
  /** Sign-in attempts per IP per window (hard). */
  loginIp: number;
}

export interface WebhookConfig {
  /** Deliver to private, loopback and link-local addresses too (tests, a relay on the same network). */
  allowPrivate: boolean;
  /** How long one attempt may take, connecting included. */
  timeoutMs: number;
  /** Wait before each retry, in milliseconds; after the last one a delivery is marked failed. */
  retryScheduleMs: number[];
  /** How often the worker looks for due deliveries (new events also wake it at once). */
  pollIntervalMs: number;
}

/** Web push reminders of rota duties (push/, docs/configuration.md). */
export interface PushConfig {
  /** Send to private, loopback and plain-http push endpoints too (tests with a local receiver). */
  allowPrivate: boolean;
  /** The VAPID key pair, base64url (65-byte public point, 32-byte private scalar); unset: made once and kept in the database. */
  vapidPublicKey: string | undefined;
  vapidPrivateKey: string | undefined;
  /** The contact push services see in the VAPID token (`mailto:` or `https:`); default PUBLIC_URL. */
  vapidSubject: string;
  /** How long one send may take, connecting included. */
  timeoutMs: number;
  /** From this hour of the evening before (community's time zone), reminders go out. */
  reminderHour: number;
}

/** The proof of work asked of writes past a soft limit (ALTCHA, PBKDF2/SHA-256; docs/security.md). */
export interface ProofOfWorkConfig {
  /** PBKDF2 iterations of one derivation. */
  cost: number;
  /** The solving counter is drawn from half of this up to it: a client derives 0.75 × this keys on average. */
  difficulty: number;
  /** How long a challenge may be solved and used, in seconds. */
  ttlSeconds: number;
}

// Measured in Chromium on this project's 2-core machine: one derivation of 1,000 iterations takes 0.16 ms,
// so 1,500 of them about 0.25 s; a phone several times slower still solves it in about a second.
export const defaultProofOfWork: ProofOfWorkConfig = { cost: 1000, difficulty: 2000, ttlSeconds: 300 };

/** Open live-update streams (events/stream-limits.ts); each instance counts its own. */
export interface StreamLimitConfig {
  /** Streams one client (address; an IPv6 /64) may hold open at once. */
  perClient: number;
  /** Streams one instance holds open at once. */
  total: number;
}

export const defaultStreamLimits: StreamLimitConfig = { perClient: 250, total: 10_000 };

/** How often each scheduled job runs (docs/operations.md); one instance does each round. */
export interface JobConfig {
  /** Erasing contact details and photos past their community's retention. */
  retentionEveryMs: number;
  /** Announcing polls whose scheduled opening or closing has passed. */
  pollAnnouncementsEveryMs: number;
  /** Purging old idempotency keys and finished webhook deliveries. */
  purgeEveryMs: number;
  /** Telling staff of tomorrow's duty rota gaps. */
  rotaGapsEveryMs: number;
  /** Sending the web push reminders of tomorrow's duties. */
  rotaRemindersEveryMs: number;
}

export const defaultJobs: JobConfig = {
  retentionEveryMs: 60 * 60_000,
  pollAnnouncementsEveryMs: 30_000,
  purgeEveryMs: 60 * 60_000,
  rotaGapsEveryMs: 10 * 60_000,
  rotaRemindersEveryMs: 5 * 60_000,
};

const jobEnv: Record<keyof JobConfig, string> = {
  retentionEveryMs: 'COURTYARD_RETENTION_EVERY_MS',
  pollAnnouncementsEveryMs: 'COURTYARD_POLL_ANNOUNCE_EVERY_MS',
  purgeEveryMs: 'COURTYARD_PURGE_EVERY_MS',
  rotaGapsEveryMs: 'COURTYARD_ROTA_GAPS_EVERY_MS',
  rotaRemindersEveryMs: 'COURTYARD_ROTA_REMINDERS_EVERY_MS',
};

/** Standard Webhooks' suggested schedule: retries over about 28 hours. */
export const defaultRetryScheduleMs = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
];

export interface Config {
  nodeEnv: string;
  port: number;
  host: string;
  /** The origin residents and staff see: links, QR codes, the cookies' Secure flag. */
  publicUrl: URL;
  trustProxy: boolean | number | string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  /** HMAC and session key material; resolved by `resolveSecret` when not set. */
  secret: string | undefined;
  logLevel: string;
  /** How long a shutdown waits for requests in flight before cutting their connections. */
  shutdownGraceMs: number;
  /** Redis for rate-limit counters shared by every instance; unset keeps them in this process's memory. */
  redisUrl: string | undefined;
  /** Event-loop delay past which requests get 503 + Retry-After instead of queueing (0 turns it off). */
  maxEventLoopDelayMs: number;
  /** log2 of scrypt's N for new staff password hashes: 15 (32 MiB), at least 15 in production. */
  passwordHashCost: number;
  rateLimits: RateLimitConfig;
  proofOfWork: ProofOfWorkConfig;
  streams: StreamLimitConfig;
  webhooks: WebhookConfig;
  push: PushConfig;
  jobs: JobConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const defaultRateLimits: RateLimitConfig = {
  windowMs: 60_000,
  ipSoft: 20,
  ipHard: 120,
  siteSoft: 300,
  siteHard: 3000,
  ipRead: 1200,
  loginFailures: 5,
  loginLockMs: 15 * 60_000,
  loginIp: 30,
};

const rateLimitEnv: Record<keyof RateLimitConfig, string> = {
  windowMs: 'COURTYARD_RATE_WINDOW_MS',
  ipSoft: 'COURTYARD_RATE_IP_SOFT',
  ipHard: 'COURTYARD_RATE_IP_HARD',
  siteSoft: 'COURTYARD_RATE_SITE_SOFT',
  siteHard: 'COURTYARD_RATE_SITE_HARD',
  ipRead: 'COURTYARD_RATE_IP_READ',
  loginFailures: 'COURTYARD_LOGIN_MAX_FAILURES',
  loginLockMs: 'COURTYARD_LOGIN_LOCK_MS',
  loginIp: 'COURTYARD_RATE_LOGIN_IP',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV || 'development';
  const production = nodeEnv === 'production';

  const port = integer(env.PORT, 8080, 'PORT', problems, 0, 65535);
  const host = env.HOST || '0.0.0.0';

  const publicUrl = publicUrlFrom(env, port, production, problems);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const secret = env.COURTYARD_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    problems.push('COURTYARD_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  }
  if (secret === undefined && production) {
    problems.push('COURTYARD_SECRET is required when NODE_ENV=production (e.g. `openssl rand -hex 32`)');
  }
  const weakness = secret !== undefined && secret.length >= 32 && production ? weakSecretReason(secret) : undefined;
  if (weakness) {
    problems.push(
      `COURTYARD_SECRET is too guessable for NODE_ENV=production (${weakness}): generate one with \`openssl rand -hex 32\``,
    );
  }

  const adminPassword = env.COURTYARD_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 10) {
    problems.push('COURTYARD_ADMIN_PASSWORD must be at least 10 characters');
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const shutdownGraceMs = integer(env.COURTYARD_SHUTDOWN_GRACE_MS, 10_000, 'COURTYARD_SHUTDOWN_GRACE_MS', problems, 0);

  const redisUrl = env.COURTYARD_REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('COURTYARD_REDIS_URL must start with redis:// or rediss://');

  const maxEventLoopDelayMs = integer(
    env.COURTYARD_MAX_EVENT_LOOP_DELAY_MS,
    1000,
    'COURTYARD_MAX_EVENT_LOOP_DELAY_MS',
    problems,
    0,
  );

  // Tests lower it (one sign-in costs about 0.17 s of CPU at 15); production may only raise it.
  const passwordHashCost = integer(
    env.COURTYARD_PASSWORD_HASH_COST,
    DEFAULT_PASSWORD_HASH_COST,
    'COURTYARD_PASSWORD_HASH_COST',
    problems,
    production ? DEFAULT_PASSWORD_HASH_COST : 10,
    20,
  );

  const rateLimits = { ...defaultRateLimits };
  for (const [key, name] of Object.entries(rateLimitEnv) as [keyof RateLimitConfig, string][]) {
    rateLimits[key] = integer(env[name], defaultRateLimits[key], name, problems, 1);
  }

  const proofOfWork: ProofOfWorkConfig = {
    cost: integer(env.COURTYARD_POW_COST, defaultProofOfWork.cost, 'COURTYARD_POW_COST', problems, 1, 1_000_000),
    difficulty: integer(
      env.COURTYARD_POW_DIFFICULTY,
      defaultProofOfWork.difficulty,
      'COURTYARD_POW_DIFFICULTY',
      problems,
      2,
      10_000_000,
    ),
    ttlSeconds: integer(
      env.COURTYARD_POW_TTL_SECONDS,
      defaultProofOfWork.ttlSeconds,
      'COURTYARD_POW_TTL_SECONDS',
      problems,
      10,
      3600,
    ),
  };

  const streams = {
    perClient: integer(
      env.COURTYARD_STREAMS_PER_CLIENT,
      defaultStreamLimits.perClient,
      'COURTYARD_STREAMS_PER_CLIENT',
      problems,
      1,
    ),
    total: integer(env.COURTYARD_STREAMS_TOTAL, defaultStreamLimits.total, 'COURTYARD_STREAMS_TOTAL', problems, 1),
  };

  const webhooks = webhookConfig(env, problems);
  const push = pushConfig(env, publicUrl, problems);

  const jobs = { ...defaultJobs };
  for (const [key, name] of Object.entries(jobEnv) as [keyof JobConfig, string][]) {
    // Up to a day: a longer interval would let announcements fall out of their window (24 hours).
    jobs[key] = integer(env[name], defaultJobs[key], name, problems, 50, 24 * 60 * 60_000);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    port,
    host,
    publicUrl,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    databaseUrl,
    dataDir: resolve(env.COURTYARD_DATA_DIR || '.courtyard'),
    adminPassword,
    secret,
    logLevel,
    shutdownGraceMs,
    maxEventLoopDelayMs,
    passwordHashCost,
    redisUrl,
    rateLimits,
    proofOfWork,
    streams,
    webhooks,
    push,
    jobs,
  };
}

/** PUBLIC_URL: an origin without a path; in production it must be set, and https. */
function publicUrlFrom(env: NodeJS.ProcessEnv, port: number, production: boolean, problems: string[]): URL {
  const fallback = new URL(`http://localhost:${port || 8080}`);
  if (!env.PUBLIC_URL) {
    if (production) {
      problems.push(
        'PUBLIC_URL is required when NODE_ENV=production: the https origin residents and staff open, e.g. https://courtyard.example.org',
      );
    }
    return fallback;
  }
  let url: URL;
  try {
    url = new URL(env.PUBLIC_URL);
  } catch {
    problems.push(`PUBLIC_URL is not a URL: "${env.PUBLIC_URL}"`);
    return fallback;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`PUBLIC_URL must be an http(s) URL, got "${env.PUBLIC_URL}"`);
  } else if (url.pathname !== '/' || url.search || url.hash) {
    problems.push(`PUBLIC_URL must be an origin without a path, e.g. https://courtyard.example.org`);
  } else if (production && url.protocol === 'http:') {
    problems.push(
      `PUBLIC_URL must start with https:// when NODE_ENV=production (links, QR codes and the Secure staff cookie use it), got "${env.PUBLIC_URL}"`,
    );
  }
  return url;
}

function webhookConfig(env: NodeJS.ProcessEnv, problems: string[]): WebhookConfig {
  const allow = env.COURTYARD_WEBHOOKS_ALLOW_PRIVATE;
  if (allow !== undefined && allow !== '' && allow !== 'true' && allow !== 'false') {
    problems.push(`COURTYARD_WEBHOOKS_ALLOW_PRIVATE must be true or false, got "${allow}"`);
  }
  let retryScheduleMs = defaultRetryScheduleMs;
  const schedule = env.COURTYARD_WEBHOOKS_RETRY_SCHEDULE_MS;
  if (schedule) {
    const parts = schedule.split(',').map((part) => Number(part.trim()));
    if (parts.length > 20 || parts.some((part) => !Number.isInteger(part) || part < 0)) {
      problems.push(
        `COURTYARD_WEBHOOKS_RETRY_SCHEDULE_MS must be up to 20 comma-separated milliseconds, got "${schedule}"`,
      );
    } else {
      retryScheduleMs = parts;
    }
  }
  return {
    allowPrivate: allow === 'true',
    timeoutMs: integer(env.COURTYARD_WEBHOOKS_TIMEOUT_MS, 5000, 'COURTYARD_WEBHOOKS_TIMEOUT_MS', problems, 100, 60_000),
    retryScheduleMs,
    pollIntervalMs: integer(env.COURTYARD_WEBHOOKS_POLL_MS, 2000, 'COURTYARD_WEBHOOKS_POLL_MS', problems, 10, 600_000),
  };
}

function pushConfig(env: NodeJS.ProcessEnv, publicUrl: URL, problems: string[]): PushConfig {
  const allow = env.COURTYARD_PUSH_ALLOW_PRIVATE;
  if (allow !== undefined && allow !== '' && allow !== 'true' && allow !== 'false') {
    problems.push(`COURTYARD_PUSH_ALLOW_PRIVATE must be true or false, got "${allow}"`);
  }
  const vapidPublicKey = env.COURTYARD_VAPID_PUBLIC_KEY || undefined;
  const vapidPrivateKey = env.COURTYARD_VAPID_PRIVATE_KEY || undefined;
  if ((vapidPublicKey === undefined) !== (vapidPrivateKey === undefined)) {
    problems.push('COURTYARD_VAPID_PUBLIC_KEY and COURTYARD_VAPID_PRIVATE_KEY are set together or not at all');
  } else if (vapidPublicKey && vapidPrivateKey) {
    const bytes = (text: string) => (/^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').length : 0);
    if (bytes(vapidPublicKey) !== 65 || bytes(vapidPrivateKey) !== 32) {
      problems.push(
        'COURTYARD_VAPID_PUBLIC_KEY must be a 65-byte P-256 point and COURTYARD_VAPID_PRIVATE_KEY a 32-byte key, both base64url (docs/configuration.md shows how to make a pair)',
      );
    } else if (!isVapidKeyPair(vapidPublicKey, vapidPrivateKey)) {
      problems.push('COURTYARD_VAPID_PRIVATE_KEY is not the private key of COURTYARD_VAPID_PUBLIC_KEY');
    }
  }
  const vapidSubject = env.COURTYARD_VAPID_SUBJECT || publicUrl.origin;
  if (env.COURTYARD_VAPID_SUBJECT && !/^(mailto:|https?:\/\/)/.test(vapidSubject)) {
    problems.push(`COURTYARD_VAPID_SUBJECT must be a mailto: or https:// contact, got "${vapidSubject}"`);
  }
  return {
    allowPrivate: allow === 'true',
    vapidPublicKey,
    vapidPrivateKey,
    vapidSubject,
    timeoutMs: integer(env.COURTYARD_PUSH_TIMEOUT_MS, 10_000, 'COURTYARD_PUSH_TIMEOUT_MS', problems, 100, 60_000),
    reminderHour: integer(env.COURTYARD_ROTA_REMINDER_HOUR, 18, 'COURTYARD_ROTA_REMINDER_HOUR', problems, 0, 23),
  };
}

/** TRUST_PROXY: `true`, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function integer(
  value: string | undefined,
  fallback: number,
  name: string,
  problems: string[],
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    return fallback;
  }
  return parsed;
}

/**
 * The secret used for HMACs and sessions. When COURTYARD_SECRET is unset (development), one is generated
 * into the data folder so it survives restarts.
 */
export async function resolveSecret(config: Config): Promise<string> {
  if (config.secret) return config.secret;
  const file = join(config.dataDir, 'secret');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 32) return stored;
  } catch {
    // first start: generate below
  }
  const generated = randomBytes(32).toString('hex');
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, `${generated}\n`, { mode: 0o600 });
  return generated;
}
