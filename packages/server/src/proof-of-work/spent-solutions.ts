// Each solved challenge is accepted once, on every instance: the spent ones are kept in Redis when
// COURTYARD_REDIS_URL is set (the store rate limits already share), else in the database; either way until
// the challenge expires, after which it would be refused as expired anyway.
import type { Redis } from 'ioredis';
import type { Db } from '../db/database.js';
import { spendSolution } from '../repositories/proof-of-work.js';

export interface SpentSolutions {
  /** Marks the challenge spent; false when it already was. */
  spend(siteId: string, challengeSignature: string, expiresAt: Date): Promise<boolean>;
}

export function databaseSpentSolutions(db: Db): SpentSolutions {
  return { spend: (siteId, signature, expiresAt) => spendSolution(db, siteId, signature, expiresAt) };
}

/** Redis first; if Redis fails, the database still makes the answer right (only slower). */
export function redisSpentSolutions(redis: Redis, fallback: SpentSolutions): SpentSolutions {
  return {
    async spend(siteId, signature, expiresAt) {
      try {
        const set = await redis.set(`courtyard-pow:${siteId}:${signature}`, '1', 'PXAT', expiresAt.getTime(), 'NX');
        return set === 'OK';
      } catch {
        return fallback.spend(siteId, signature, expiresAt);
      }
    },
  };
}
