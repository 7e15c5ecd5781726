// Runs node:test files a group to a process, a few processes at a time, for test/run.mjs.
//
// `node --test` (Node 20) starts a process per file, and each process loads the server's modules, its route
// checks and PGlite's WebAssembly before its first test: about 2 s of CPU that a file run in a process that
// has them already does not pay (docs/architecture.md has the figures). So each process here imports a group
// of files, whose tests then run one file after another as in a file of their own. Groups are cut large first
// and small last (guided scheduling), so the processes that finish early take the short groups and no core
// waits idle at the end for one long group. Each group's output is printed whole when it ends; the totals of
// every group and the slowest files come last.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Consecutive groups of `files`, each a quarter (for two processes) of the files not yet grouped. */
export function groupFiles(files, processes) {
  const groups = [];
  for (let next = 0; next < files.length; ) {
    const size = Math.max(1, Math.ceil((files.length - next) / (2 * processes)));
    groups.push(files.slice(next, next + size));
    next += size;
  }
  return groups;
}

/**
 * What would let one file of a group change another's tests, for each file that does it: a hook at the top
 * level (node:test gives it to every test the process runs after it) or a write to process.env.
 */
export function groupProblems(root, files) {
  const problems = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (/^(before|after|beforeEach|afterEach)\(/.test(line)) {
        problems.push(
          `${file}:${index + 1}: a top-level ${line.split('(')[0]}() hook: put it inside the file's describe()`,
        );
      }
      if (/process\.env(\.\w+|\[[^\]]+\])\s*(=[^=]|\?\?=|\|\|=)|delete process\.env/.test(line)) {
        problems.push(
          `${file}:${index + 1}: writes process.env: pass settings to the app or process under test instead`,
        );
      }
    });
  }
  return problems;
}

const shortName = (file) => file.replace(/^test\//, '');
const totalNames = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];

/**
 * Runs `files` (source paths, for the names printed) from their compiled copies `compiled(file)`, `processes`
 * at a time with the node flags `nodeFlags` (a process a file when `isolated`), printing through `write`; ends
 * a process in which no test has finished for `idleSeconds`. Resolves to 0 when every group passed, else 1.
 */
export async function runTestGroups({
  root,
  files,
  compiled,
  processes,
  isolated = false,
  nodeFlags = [],
  idleSeconds = Number(process.env.COURTYARD_TEST_IDLE_SECONDS || 300),
  write = (text) => {
    process.stdout.write(text);
  },
}) {
  const groups = isolated ? files.map((file) => [file]) : groupFiles(files, processes);
  const scratch = mkdtempSync(join(tmpdir(), 'courtyard-test-groups-'));
  const outcomes = [];
  let next = 0;

  const runGroup = (group, index) =>
    new Promise((resolve) => {
      const entry = join(scratch, `group-${index + 1}.mjs`);
      const summary = join(scratch, `group-${index + 1}.json`);
      writeFileSync(
        entry,
        group.map((file) => `import ${JSON.stringify(pathToFileURL(compiled(file)).href)};\n`).join(''),
      );
      const started = Date.now();
      const child = spawn(
        process.execPath,
        [
          ...nodeFlags,
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          `--test-reporter=${join(root, 'test/support/test-reporter.mjs')}`,
          '--test-reporter-destination=stdout',
          // A file whose tests are done ends even if something it started still holds the loop.
          '--test-force-exit',
          entry,
        ],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            // Run under `node --test` itself (a file that tests this runner), node would make the child report
            // to it in its own protocol instead of with the reporters named here.
            ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT')),
            COURTYARD_TEST_SUMMARY: summary,
            COURTYARD_TEST_IDLE_SECONDS: String(idleSeconds),
            ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
          },
        },
      );
      const output = [];
      let lastOutput = Date.now();
      const keep = (chunk) => {
        output.push(chunk);
        lastOutput = Date.now();
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      // The reporter ends a process whose tests stall; this ends one whose event loop is stuck as well.
      const backstop = setInterval(() => {
        if (Date.now() - lastOutput > (idleSeconds + 120) * 1000) child.kill('SIGKILL');
      }, 5000);
      child.on('close', (code, signal) => {
        clearInterval(backstop);
        const names = group.map(shortName).join(', ');
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        write(`\n--- process ${index + 1} of ${groups.length}, ${seconds} s (${group.length} files: ${names}) ---\n`);
        write(Buffer.concat(output).toString());
        let result;
        try {
          result = JSON.parse(readFileSync(summary, 'utf8'));
        } catch {
          result = { totals: {}, perFile: {} };
        }
        outcomes[index] = { group, code, signal, ...result };
        resolve();
      });
    });

  const worker = async () => {
    while (next < groups.length) {
      const index = next++;
      await runGroup(groups[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(processes, groups.length) }, worker));
  rmSync(scratch, { recursive: true, force: true });

  const totals = Object.fromEntries(totalNames.map((name) => [name, 0]));
  const perFile = {};
  for (const outcome of outcomes) {
    for (const name of totalNames) totals[name] += outcome.totals[name] ?? 0;
    Object.assign(perFile, outcome.perFile);
  }
  const failed = outcomes.filter((outcome) => outcome.code !== 0);
  write(
    `\n${files.length} files in ${groups.length} processes: ${totalNames.map((name) => `${name} ${totals[name]}`).join(', ')}\n`,
  );
  const slowest = Object.entries(perFile)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  if (slowest.length > 1) {
    write(
      `Slowest files (time in their tests): ${slowest
        .map(([file, ms]) => `${shortName(file)} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}\n`,
    );
  }
  for (const outcome of failed) {
    const how = outcome.signal ? `was killed (${outcome.signal})` : `exited with ${outcome.code}`;
    write(`✖ the process for ${outcome.group.map(shortName).join(', ')} ${how}\n`);
  }
  return failed.length === 0 ? 0 : 1;
}
