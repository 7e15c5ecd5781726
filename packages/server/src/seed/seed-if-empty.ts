// First start on an empty database: seed the demo community so `npm start` shows something real. Runs once:
// only when there are no communities, under a transaction-scoped advisory lock so two instances starting
// together cannot both seed (the second waits, then finds the community).
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { countCommunities } from '../repositories/communities.js';
import { type DemoResult, seedDemo } from './demo.js';

const SEED_LOCK = 727_002;

/**
 * Seeds when the database has no community. The admin's password, when generated, goes to `print`
 * (stdout by default) once and never through the logger. Resolves to what was seeded, or undefined.
 */
export async function seedIfEmpty(
  app: FastifyInstance,
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<DemoResult | undefined> {
  const result = await app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if ((await countCommunities(tx)) > 0) return undefined;
    return seedDemo(tx, app.config);
  });
  if (!result) return undefined;
  app.log.info({ community: result.community.slug }, 'seeded the demo community');
  print(
    box([
      `Demo community "${result.community.slug}" created. Staff sign-in at /admin:`,
      `  email     ${result.adminEmail}`,
      result.generatedPassword
        ? `  password  ${result.generatedPassword}   (shown only now; or set COURTYARD_ADMIN_PASSWORD)`
        : '  password  the value of COURTYARD_ADMIN_PASSWORD',
    ]),
  );
  return result;
}

function box(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '-'.repeat(width + 2);
  return `\n  +${rule}+\n${lines.map((line) => `  | ${line.padEnd(width)} |`).join('\n')}\n  +${rule}+\n\n`;
}
