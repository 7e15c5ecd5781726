#!/usr/bin/env node
// `npm test`: build (type errors and size budgets fail the run), find a browser, then server tests,
// widget tests in Chromium and end-to-end tests, stopping at the first failing stage.
//   node test/run.mjs [server|widgets|e2e]   runs one stage (after the build)
// Server and e2e tests use PostgreSQL when DATABASE_URL is set, PGlite otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stages = ['server', 'widgets', 'e2e'];
const only = process.argv[2];
if (only !== undefined && !stages.includes(only)) {
  console.error(`usage: node test/run.mjs [${stages.join('|')}]`);
  process.exit(2);
}

// Two files at a time on 2 cores: measured 147 s against 242 s for one at a time; three starved each
// other into timeouts. node:test applies --test-timeout to each whole file as well as to each test, so
// server files get 120 s (the CLI file alone takes ~50 s while other files run beside it).
const serverConcurrency = process.env.COURTYARD_TEST_CONCURRENCY || '2';
const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite';
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

function stage(name, body) {
  const started = Date.now();
  const status = body();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push(`${name} ${status === 0 ? 'passed' : 'FAILED'} (${seconds} s)`);
  if (status !== 0) finish(status);
}

function finish(status) {
  console.log(`\n${status === 0 ? 'PASSED' : 'FAILED'} on ${database}: ${results.join(', ')}`);
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

function nodeTests(files, timeoutMs) {
  return run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-timeout=${timeoutMs}`,
    `--test-concurrency=${serverConcurrency}`,
    ...files,
  ]);
}

section('Build (tsc --build + rollup), then type-check the tests');
stage('build', () => run('npm', ['run', 'build', '--silent']));
stage('typecheck', () => run('npx', ['tsc', '-p', 'test/tsconfig.json']));
stage('lint', () => run('npx', ['biome', 'check', '.']));

const chromePath = ensureBrowser();
process.env.CHROME_PATH = chromePath;
console.log(`Browser: ${chromePath}; database: ${database}`);

if (!only || only === 'server') {
  const files = testFiles('test/server');
  section(`Server tests (${files.length} files, node:test, ${database})`);
  stage('server', () => (files.length ? nodeTests(files, 120_000) : 0));
}

if (!only || only === 'widgets') {
  const files = testFiles('test/widgets');
  section(`Widget tests (${files.length} files, web-test-runner in Chromium)`);
  if (files.length === 0) {
    console.log('No widget tests exist yet (test/widgets/**/*.test.ts).');
    results.push('widgets none');
  } else {
    stage('widgets', () =>
      run(join(root, 'node_modules', '.bin', 'web-test-runner'), [
        '--config',
        'test/widgets/web-test-runner.config.mjs',
      ]),
    );
  }
}

if (!only || only === 'e2e') {
  const files = testFiles('test/e2e');
  section(`End-to-end tests (${files.length} files, real server + Chromium, ${database})`);
  // Each e2e file starts real servers (a first start creates its database) and a browser.
  stage('e2e', () => (files.length ? nodeTests(files, 180_000) : 0));
}

finish(0);
