#!/usr/bin/env node
// Measures which server code that talks to the database each server test file runs, on PGlite, and whether
// the files test/driver-tests.mjs marks `both` (CI's PGlite pass) still run all of it:
//   node test/driver-coverage.mjs [test/server/x.test.ts ...]     (npm run test:driver-coverage)
// Every file runs once under V8's coverage (about as long as the server stage of `npm test`). "Talks to the
// database" means a module of packages/server/src that imports drizzle-orm or the database handle. Prints, per
// file, how many of those functions it runs and how many no other file runs; then every function the full set
// runs and the `both` set does not, with the files that would run it. Exits 1 when there is such a function.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { driverTests } from './driver-tests.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverSource = join(root, 'packages/server/src');

function walk(dir, matches) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path, matches);
    return matches(entry.name) ? [path] : [];
  });
}

/** Modules that run SQL: they import drizzle-orm or the database handle (db/database.ts). */
const databaseModules = new Set(
  walk(serverSource, (name) => name.endsWith('.ts'))
    .filter((path) =>
      /from '(drizzle-orm[^']*|[./]*db\/database\.js|\.\/database\.js)'/.test(readFileSync(path, 'utf8')),
    )
    .map((path) => pathToFileURL(path).href),
);

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : walk(join(root, 'test/server'), (name) => name.endsWith('.test.ts'))
        .map((path) => relative(root, path))
        .sort();

function runWithCoverage(file, folder) {
  const env = { ...process.env, NODE_V8_COVERAGE: folder };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=dot', '--test-timeout=300000', file],
      { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('exit', (code) => resolve(code));
  });
}

/** 1-based line in the TypeScript source of an offset in the code tsx gave V8. */
function sourceLine(sourceMaps, url, offset) {
  const entry = sourceMaps[url];
  if (!entry?.data) return undefined;
  let line = 0;
  let remaining = offset;
  while (line < entry.lineLengths.length && remaining > entry.lineLengths[line]) {
    remaining -= entry.lineLengths[line] + 1;
    line++;
  }
  const found = new SourceMap(entry.data).findEntry(line, remaining);
  return found?.originalLine === undefined ? undefined : found.originalLine + 1;
}

/** The database-facing functions one test file ran: key `module:offset` → a readable name. */
function functionsRun(folder) {
  const ran = new Map();
  for (const name of readdirSync(folder)) {
    const report = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    const sourceMaps = report['source-map-cache'] ?? {};
    for (const script of report.result) {
      if (!databaseModules.has(script.url)) continue;
      const module = relative(serverSource, fileURLToPath(script.url));
      for (const fn of script.functions) {
        const [range] = fn.ranges;
        if (!range || range.count === 0 || range.startOffset === 0) continue; // never called, or the module body
        if (!fn.functionName || fn.functionName === '__name') continue; // anonymous callbacks: their function counts
        const key = `${module}:${range.startOffset}`;
        if (!ran.has(key)) {
          const line = sourceLine(sourceMaps, script.url, range.startOffset);
          ran.set(key, `${module}${line ? `:${line}` : ''} ${fn.functionName}`);
        }
      }
    }
  }
  return ran;
}

const perFile = new Map();
const failed = [];
const queue = [...files];
const scratch = mkdtempSync(join(tmpdir(), 'courtyard-driver-coverage-'));
await Promise.all(
  [0, 1].map(async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const folder = join(scratch, file.replaceAll('/', '_'));
      const code = await runWithCoverage(file, folder);
      if (code !== 0) failed.push(file);
      perFile.set(file, functionsRun(folder));
      process.stderr.write(`${file}: ${perFile.get(file).size} functions\n`);
    }
  }),
);
rmSync(scratch, { recursive: true, force: true });

const names = new Map();
const runBy = new Map();
for (const [file, ran] of perFile) {
  for (const [key, name] of ran) {
    names.set(key, name);
    runBy.set(key, [...(runBy.get(key) ?? []), file]);
  }
}

console.log(
  `\n${names.size} functions in ${databaseModules.size} database-facing modules ran in ${perFile.size} files.`,
);
console.log('\nfile                                           runs  only it  driver-tests.mjs');
for (const file of files) {
  const ran = perFile.get(file);
  const only = [...ran.keys()].filter((key) => runBy.get(key).length === 1).length;
  console.log(
    `${file.padEnd(46)} ${String(ran.size).padStart(4)}  ${String(only).padStart(7)}  ${driverTests[file] ?? '?'}`,
  );
}

const both = new Set(files.filter((file) => driverTests[file] === 'both'));
const missed = [...runBy].filter(([, by]) => !by.some((file) => both.has(file)));
if (missed.length === 0) {
  console.log(`\nThe files marked \`both\` run every one of the ${names.size} functions on PGlite.`);
} else {
  console.log(`\n${missed.length} functions run on PGlite by no file marked \`both\`:`);
  for (const [key, by] of missed.sort((a, b) => names.get(a[0]).localeCompare(names.get(b[0])))) {
    console.log(`  ${names.get(key)}  (${by.join(', ')})`);
  }
}
if (failed.length > 0) console.log(`\nFailed under coverage: ${failed.join(', ')}`);
process.exit(missed.length > 0 || failed.length > 0 ? 1 : 0);
