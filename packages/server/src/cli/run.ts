// `courtyard <area> <action> [flags]`: set up communities, sites and staff from a shell. Uses the server's
// configuration (DATABASE_URL, or PGlite in COURTYARD_DATA_DIR) and applies migrations first.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { commands, type Flags } from './commands.js';
import { UsageError } from './validate.js';

export const usage = `Usage: courtyard <command> [flags]

  community create --slug <slug> (--name-zh <名称> | --name-en <name>)... [--time-zone Asia/Shanghai] [--language zh-CN|en]
  community list
  site create --community <slug> --key <site-key> (--origin <https://host> ... | --allow-localhost) [--name <name>]
  site list [--community <slug>]
  site origin add <site-key> <https://host>
  site origin remove <site-key> <https://host>
  staff create --community <slug> --email <email> --name <display name> [--role staff|admin] [--password <pw>]
  staff reset-password --email <email> [--community <slug>] [--password <pw>]
  staff deactivate --email <email> [--community <slug>]
  staff list --community <slug>

Passwords: --password, else COURTYARD_STAFF_PASSWORD, else one is generated and printed once.
An email may have an account in several communities: --community then says which one.
Database: DATABASE_URL (PostgreSQL), else PGlite in COURTYARD_DATA_DIR (default ./.courtyard).`;

const options = {
  slug: { type: 'string' },
  'name-zh': { type: 'string' },
  'name-en': { type: 'string' },
  'time-zone': { type: 'string' },
  language: { type: 'string' },
  community: { type: 'string' },
  key: { type: 'string' },
  name: { type: 'string' },
  origin: { type: 'string', multiple: true },
  'allow-localhost': { type: 'boolean' },
  email: { type: 'string' },
  role: { type: 'string' },
  password: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Commands that take words after their name (all others take flags only), with what those words are. */
const operands: Record<string, string[]> = {
  'site origin add': ['<site-key>', '<origin>'],
  'site origin remove': ['<site-key>', '<origin>'],
};

/** The command the words start with, and the words after its name. */
function commandOf(words: string[]): { name: string; args: string[] } {
  for (const name of Object.keys(operands)) {
    const length = name.split(' ').length;
    if (words.slice(0, length).join(' ') === name) return { name, args: words.slice(length) };
  }
  return { name: words.join(' '), args: [] };
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** A database the caller owns (tests); otherwise the one the configuration names is opened and closed. */
  database?: Database;
}

/** Runs one command; resolves to the process exit code (0 done, 1 refused or failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`courtyard: ${(error as Error).message} (see: courtyard help)`);
    return 2;
  }
  const { name, args } = commandOf(parsed.positionals);
  if (parsed.values.help || name === '' || name === 'help') {
    io.stdout(usage);
    return name === '' && !parsed.values.help ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`courtyard: unknown command "${name}" (see: courtyard help)`);
    return 2;
  }
  const expected = operands[name] ?? [];
  if (args.length !== expected.length) {
    io.stderr(`courtyard: usage: courtyard ${name} ${expected.join(' ')}`.trimEnd());
    return 2;
  }

  let database = io.database;
  try {
    if (!database) {
      const config = loadConfig(io.env);
      database = await openDatabase(
        config.databaseUrl
          ? { driver: 'postgres', url: config.databaseUrl }
          : { driver: 'pglite', dataDir: config.dataDir },
      );
      await database.migrate();
    }
    await command({ db: database.db, flags: parsed.values as Flags, args, env: io.env, print: io.stdout });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) io.stderr(`courtyard: ${error.message}`);
    else if (error instanceof ConfigError) for (const problem of error.problems) io.stderr(`courtyard: ${problem}`);
    else io.stderr(`courtyard: failed: ${databaseMessage(error)}`);
    return 1;
  } finally {
    if (database && database !== io.database) await database.close();
  }
}

/** The database's own words, not the driver's wrapper (which repeats the query and its parameters). */
function databaseMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === '23505') return 'that already exists (another command may have just created it)';
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
