// Staff sign-in: which account an email and password open, under the per-account lock.
//
// An email may have an account in several communities (one per community, each with its own password). The
// password picks the account: it is checked against every account of the email (or only the one in the
// community the person named), and
//   - none fits             → refused: each account counts a failure (a locked account answers locked);
//   - exactly one fits      → signed in to that community;
//   - several fit           → the person chooses a community and signs in again naming it.
// Only someone who knows the password learns which communities it opens. Every account's attempt is counted
// before its password is checked, and the lock is checked again in the transaction that creates the session
// (repositories/sign-in-attempts.ts), so parallel guesses cannot outrun the lock.
import type { Db } from '../db/database.js';
import { type LockPolicy, releaseSignInAttempts, reserveSignInAttempts } from '../repositories/sign-in-attempts.js';
import { findStaffForSignIn, type StaffForSignIn } from '../repositories/staff.js';
import { verifyAgainstDummy, verifyPassword } from './password.js';

export type SignInCheck =
  | { outcome: 'account'; account: StaffForSignIn }
  | { outcome: 'choose'; communities: StaffForSignIn['community'][] }
  /** No account opened: `failed` were wrong guesses; `lockedForSeconds` > 0 when an account is locked. */
  | { outcome: 'refused'; failed: StaffForSignIn[]; lockedForSeconds: number };

/**
 * Checks an email and password (and the community, when the person named one). The attempts of `refused`
 * stay counted: the caller records each failed account's failure, which may engage its lock. For `account`,
 * the caller signs in with `succeedSignInAttempt`, which checks the lock once more.
 */
export async function checkSignIn(
  db: Db,
  input: { email: string; password: string; community?: string },
  policy: LockPolicy,
  passwordHashCost?: number,
): Promise<SignInCheck> {
  const accounts = await findStaffForSignIn(db, input.email, input.community);
  if (accounts.length === 0) {
    // As long as a real check, so the time does not tell which emails have accounts.
    await verifyAgainstDummy(input.password, passwordHashCost);
    return { outcome: 'refused', failed: [], lockedForSeconds: 0 };
  }
  const waits = await reserveSignInAttempts(
    db,
    accounts.map((account) => account.id),
    policy,
  );
  const counted = accounts.filter((account) => waits.get(account.id) === 0);
  const longestLock = Math.max(0, ...waits.values());
  if (counted.length === 0) return { outcome: 'refused', failed: [], lockedForSeconds: longestLock };

  // In parallel, so checking two accounts takes about as long as checking one.
  const fits = await Promise.all(counted.map((account) => verifyPassword(input.password, account.passwordHash)));
  const opened = counted.filter((account, index) => fits[index] && account.active);
  const failed = counted.filter((_account, index) => !fits[index]);

  if (opened.length === 0) {
    // A deactivated account's right password is not a guess: uncounted, and answered like a wrong one.
    await releaseSignInAttempts(
      db,
      counted.filter((account) => !failed.includes(account)).map((account) => account.id),
    );
    return { outcome: 'refused', failed, lockedForSeconds: longestLock };
  }
  // The password opened an account, so the others' checks were not guesses at them (it is one fixed value).
  const chosen = opened.length === 1 ? opened[0] : undefined;
  await releaseSignInAttempts(
    db,
    counted.filter((account) => account !== chosen).map((account) => account.id),
  );
  if (chosen) return { outcome: 'account', account: chosen };
  return { outcome: 'choose', communities: opened.map((account) => account.community) };
}
