#!/usr/bin/env node
// `npm test`: every check and every test, stopping at the first failing stage.
//   build      tsc --build and rollup: type errors and the widgets' size budgets fail the run
//   typecheck  the tests' own types          lint   Biome
//   server     test/server (node:test, two processes at a time, each a group of files)
//   widgets    test/widgets in Chromium (web-test-runner)
//   e2e        test/e2e: the built server and a real Chromium over real HTTP
//   package    test/e2e/package.test.ts: the packed packages installed into a scratch project (npm registry)
// Server and e2e tests use PostgreSQL when DATABASE_URL is set, PGlite otherwise. They run as JavaScript that
// test/support/compile-tests.mjs compiles once per run (no tsx in every test process), with source maps.
//
//   node test/run.mjs                           every stage
//   node test/run.mjs server e2e                the build stages (build, typecheck, lint), then these
//   node test/run.mjs build lint widgets        when a build stage is named: exactly the named stages
//   node test/run.mjs --no-build [server e2e]   exactly these (or every test stage), on a tree built before
//   --driver-tests                              server and e2e run only the files test/driver-tests.mjs marks
//                                               `both`: the ones whose behaviour depends on the database driver
//   --isolated                                  a process per server or e2e file (they share a few otherwise:
//                                               test/support/test-groups.mjs), to rule out one file's effect on
//                                               the next
//
// CI (.ci/run) runs build, typecheck and lint once, then widgets, package, every server and e2e test on
// PostgreSQL and the driver tests on PGlite, in three lanes at once (docs/getting-started.md). Every run prints each stage's
// wall and CPU time (CPU of the whole process tree: browsers and servers included, a database server not);
// COURTYARD_TIMINGS_FILE=path appends them there as JSON lines, for .ci/run's table.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDriverTests, driverTests } from './driver-tests.mjs';
import { compiledPath, compileTests } from './support/compile-tests.mjs';
import { groupProblems, runTestGroups } from './support/test-groups.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildStages = ['build', 'typecheck', 'lint'];
const testStages = ['server', 'widgets', 'e2e', 'package'];
const stages = [...buildStages, ...testStages];
const packageTest = 'test/e2e/package.test.ts';

const args = process.argv.slice(2);
const options = new Set(args.filter((arg) => arg.startsWith('--')));
const named = args.filter((arg) => !arg.startsWith('--'));
const unknown = [...named.filter((name) => !stages.includes(name)), ...options].filter(
  (arg) => !['--no-build', '--driver-tests', '--isolated'].includes(arg),
);
if (unknown.length > 0) {
  console.error(`unknown: ${unknown.join(' ')}`);
  console.error(`usage: node test/run.mjs [--no-build] [--driver-tests] [--isolated] [${stages.join('|')} ...]`);
  process.exit(2);
}
const buildNamed = named.some((name) => buildStages.includes(name));
const selected = stages.filter((name) =>
  buildStages.includes(name)
    ? buildNamed
      ? named.includes(name)
      : !options.has('--no-build')
    : named.length === 0 || named.includes(name),
);
const onlyDriverTests = options.has('--driver-tests');

// Two test processes at a time on 2 cores: measured 147 s against 242 s for one at a time; three starved
// each other into timeouts. Each process runs a group of files (test/support/test-groups.mjs).
const concurrency = Number(process.env.COURTYARD_TEST_CONCURRENCY || 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  // Else no process would start and the stage would pass with nothing run.
  console.error(
    `COURTYARD_TEST_CONCURRENCY must be a whole number of processes, 1 or more (it is "${process.env.COURTYARD_TEST_CONCURRENCY}")`,
  );
  process.exit(2);
}
const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite';
const pass = `${database}${onlyDriverTests ? ', driver tests' : ''}`;
const results = [];

function section(title) {
  console.log(`\n=== ${title} ===`);
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** CPU seconds of the children this process has waited for, and theirs (Linux; 0 elsewhere). */
function childrenCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // After the command name: field 14 (cutime) and 15 (cstime) of proc(5) are at 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

async function stage(name, body) {
  const started = Date.now();
  const cpuBefore = childrenCpuSeconds();
  const status = await body();
  const wall = (Date.now() - started) / 1000;
  const cpu = childrenCpuSeconds() - cpuBefore;
  results.push(`${name} ${status === 0 ? 'passed' : 'FAILED'} (${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s)`);
  if (process.env.COURTYARD_TIMINGS_FILE) {
    const line = {
      pass,
      stage: name,
      passed: status === 0,
      wall: Number(wall.toFixed(1)),
      cpu: Number(cpu.toFixed(1)),
    };
    appendFileSync(process.env.COURTYARD_TIMINGS_FILE, `${JSON.stringify(line)}\n`);
  }
  if (status !== 0) finish(status);
}

function finish(status) {
  console.log(`\n${status === 0 ? 'PASSED' : 'FAILED'} on ${pass}: ${results.join(', ')}`);
  process.exit(status);
}

/** Every `*.test.ts` under a folder, found here (not by a shell glob) so nested tests are never skipped. */
function testFiles(folder) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.test.ts')) {
        found.push(relative(root, path));
      }
    }
  };
  walk(join(root, folder));
  return found.sort();
}

const browserCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

function findBrowser() {
  if (process.env.CHROME_PATH) {
    if (existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
    console.error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist.`);
    process.exit(1);
  }
  return browserCandidates.find((path) => existsSync(path));
}

function ensureBrowser() {
  let browser = findBrowser();
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!browser && canInstall) {
    section('Installing Chromium (apt-get install -y chromium)');
    const status = run('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium']);
    if (status !== 0) finish(status);
    browser = findBrowser();
  }
  if (!browser) {
    console.error('No Chromium/Chrome found: install one (apt-get install -y chromium) or set CHROME_PATH');
    process.exit(1);
  }
  return browser;
}

let testsCompiled = false;

/** node:test on the files' JavaScript, compiled once per run (test/support/compile-tests.mjs). */
async function nodeTests(files) {
  if (!testsCompiled) {
    const started = Date.now();
    try {
      const { compiled, files } = await compileTests();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`Compiled ${compiled} of ${files} TypeScript files for node (the rest were current) in ${seconds} s`);
    } catch (error) {
      console.error(`Compiling the tests failed:\n${error.message}`);
      return 1;
    }
    testsCompiled = true;
  }
  return runTestGroups({
    root,
    files,
    compiled: compiledPath,
    processes: concurrency,
    isolated: options.has('--isolated'),
    nodeFlags: [
      // Stack traces and failures name the .ts file and line.
      '--enable-source-maps',
      // PGlite's WebAssembly with V8's baseline compiler only: a test process (and an e2e server, which takes
      // the flag from it) is too short-lived to repay optimizing it. Measured: one PGlite started in a fresh
      // process 5.4 → 3.3 s of CPU; two server files 17.5 → 13.0 s, two e2e files 17.6 → 13.8 s.
      '--liftoff-only',
    ],
  });
}

/** The server or e2e files of this run: all of them, or with --driver-tests those marked `both`. */
function nodeStageFiles(folder) {
  const files = testFiles(folder).filter((file) => file !== packageTest);
  return onlyDriverTests ? files.filter((file) => driverTests[file] === 'both') : files;
}

const nodeTestFiles = [...testFiles('test/server'), ...testFiles('test/e2e')];
const problems = checkDriverTests(nodeTestFiles.filter((file) => file !== packageTest));
if (problems.length > 0) {
  console.error(`test/driver-tests.mjs does not match the test files:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const sharing = groupProblems(root, nodeTestFiles);
if (sharing.length > 0) {
  console.error(`Test files share a process with others (test/support/test-groups.mjs):\n  ${sharing.join('\n  ')}`);
  process.exit(1);
}

if (selected.some((name) => buildStages.includes(name))) {
  section(`Build (${selected.filter((name) => buildStages.includes(name)).join(', ')})`);
}
if (selected.includes('build')) await stage('build', () => run('npm', ['run', 'build', '--silent']));
if (selected.includes('typecheck')) await stage('typecheck', () => run('npx', ['tsc', '-p', 'test/tsconfig.json']));
if (selected.includes('lint')) await stage('lint', () => run('npx', ['biome', 'check', '.']));

if (selected.some((name) => testStages.includes(name))) {
  // Every test process and e2e server loads the route checks compiled by the first (docs/architecture.md).
  process.env.COURTYARD_SCHEMA_CACHE ??= join(root, 'node_modules/.cache/courtyard-schemas');
  process.env.CHROME_PATH = ensureBrowser();
  console.log(`Browser: ${process.env.CHROME_PATH}; database: ${pass}`);
}
if (
  (selected.includes('e2e') || selected.includes('package')) &&
  !existsSync(join(root, 'packages/server/dist/server.js'))
) {
  console.error('The e2e tests run the built server: build first (node test/run.mjs, or name the build stage).');
  process.exit(1);
}

if (selected.includes('server')) {
  const files = nodeStageFiles('test/server');
  section(`Server tests (${files.length} files, node:test, ${pass})`);
  await stage('server', () => (files.length ? nodeTests(files) : 0));
}

if (selected.includes('widgets')) {
  const files = testFiles('test/widgets');
  section(`Widget tests (${files.length} files, web-test-runner in Chromium)`);
  await stage('widgets', () =>
    run(join(root, 'node_modules', '.bin', 'web-test-runner'), ['--config', 'test/widgets/web-test-runner.config.mjs']),
  );
}

if (selected.includes('e2e')) {
  const files = nodeStageFiles('test/e2e');
  section(`End-to-end tests (${files.length} files, real server + Chromium, ${pass})`);
  await stage('e2e', () => (files.length ? nodeTests(files) : 0));
}

if (selected.includes('package')) {
  section(`Package test (${packageTest}: npm pack, a scratch Vite project from the npm registry)`);
  await stage('package', () => nodeTests([packageTest]));
}

finish(0);
