// Communities and staff accounts for staff API tests, made through the real repositories.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../packages/server/src/auth/password.js';
import type { Executor } from '../../packages/server/src/db/database.js';
import { type Community, createCommunity } from '../../packages/server/src/repositories/communities.js';
import { createStaff, type StaffAccount, type StaffRole } from '../../packages/server/src/repositories/staff.js';
import { createCommunityWithSite } from './fixtures.js';
import { signIn } from './sign-in.js';

export { signIn };

export const STAFF_PASSWORD = 'correct horse battery staple';

/**
 * The scrypt cost (log2 N) test apps hash and verify staff passwords at: 2^10 takes about 4 ms of CPU where
 * production's 2^15 takes about 170 ms, and the suite signs in hundreds of times. Production's cost is
 * tested in test/server/auth/staff-auth.test.ts and test/server/config/config-production.test.ts.
 */
export const TEST_PASSWORD_HASH_COST = 10;

/**
 * One scrypt run per password per test process: a fixture account gets a real hash (sign-in still verifies
 * it with scrypt), but a file that makes a dozen staff does not pay a dozen hashes for them.
 */
const hashes = new Map<string, Promise<string>>();
export function fixturePasswordHash(password: string = STAFF_PASSWORD): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password, TEST_PASSWORD_HASH_COST);
    hashes.set(password, hash);
  }
  return hash;
}

export async function makeCommunity(db: Executor, slug = `c-${randomBytes(4).toString('hex')}`): Promise<Community> {
  return createCommunity(db, {
    slug,
    names: { 'zh-CN': `${slug} 社区`, en: `${slug} Community` },
    timeZone: 'Asia/Shanghai',
    defaultLanguage: 'zh-CN',
  });
}

export async function makeStaff(
  db: Executor,
  communityId: string,
  options: { role?: StaffRole; email?: string; password?: string } = {},
): Promise<StaffAccount & { password: string }> {
  const password = options.password ?? STAFF_PASSWORD;
  const account = await createStaff(db, {
    communityId,
    email: options.email ?? `staff-${randomBytes(4).toString('hex')}@example.org`,
    displayName: '王主任',
    role: options.role ?? 'staff',
    passwordHash: await fixturePasswordHash(password),
  });
  return { ...account, password };
}

/** A new staff account in the community, signed in: the account and its session cookie. */
export async function signedInStaff(
  app: FastifyInstance,
  communityId: string,
  options: { role?: StaffRole } = {},
): Promise<{ staff: StaffAccount & { password: string }; cookie: string }> {
  const staff = await makeStaff(app.db, communityId, options);
  return { staff, cookie: (await signIn(app, staff.email, staff.password)).cookie };
}

/**
 * A staff session made on first use and kept: `() => cookie`, for test-only routes that act as staff through
 * the real staff API. The account is a new staff member of the community, signed in the first time the
 * cookie is asked for; `communityId` may be a function when the community is made after the routes.
 */
export function lazyStaffCookie(app: FastifyInstance, communityId: string | (() => string)): () => Promise<string> {
  let cookie: Promise<string> | undefined;
  return () => {
    cookie ??= signedInStaff(app, typeof communityId === 'string' ? communityId : communityId()).then(
      (signedIn) => signedIn.cookie,
    );
    return cookie;
  };
}

/** A community with one site and a signed-in staff member: where most staff API tests begin. */
export async function communityWithStaff(
  app: FastifyInstance,
  options: { site?: Parameters<typeof createCommunityWithSite>[1]; role?: StaffRole } = {},
) {
  const { community, site } = await createCommunityWithSite(app.db, options.site);
  return { community, site, ...(await signedInStaff(app, community.id, { role: options.role })) };
}

/** A staff request with the session cookie, as the console sends it (same-origin JSON). */
export function staffRequest(
  app: FastifyInstance,
  cookie: string,
  method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}
