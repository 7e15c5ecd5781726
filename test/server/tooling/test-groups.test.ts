// The test runner's own rules (test/support/test-groups.mjs), on small test files written here: files are
// grouped large first and small last; a group's files share one process (a process each with `isolated`); a
// file that could change the next file's tests is refused; a failing test fails the stage; and a test that
// never finishes ends its process, named, instead of holding the stage.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { groupFiles, groupProblems, runTestGroups } from '../../support/test-groups.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the test runner’s groups of files', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'courtyard-test-groups-test-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  async function testFile(name: string, body: string) {
    await writeFile(join(folder, name), `import { describe, it } from 'node:test';\n${body}\n`);
    return name;
  }

  async function run(files: string[], options: { isolated?: boolean; idleSeconds?: number } = {}) {
    let output = '';
    const status = await runTestGroups({
      root,
      files,
      compiled: (file: string) => join(folder, file),
      processes: 2,
      write: (text: string) => {
        output += text;
      },
      ...options,
    });
    return { status, output };
  }

  it('cuts groups large first and small last, every file once and in order', () => {
    const files = Array.from({ length: 88 }, (_, index) => `f${index}`);
    const groups = groupFiles(files, 2);
    assert.deepEqual(
      groups.map((group: string[]) => group.length),
      [22, 17, 13, 9, 7, 5, 4, 3, 2, 2, 1, 1, 1, 1],
    );
    assert.deepEqual(groups.flat(), files);
    assert.deepEqual(groupFiles(['only'], 2), [['only']]);
  });

  it('refuses a top-level hook and a write to process.env, naming the line, and lets the rest be', async () => {
    // Spelled apart here so that this file does not trip the check it tests.
    const envWrite = `${'process'}.env.PORT = '1';`;
    await writeFile(join(folder, 'leaky.test.ts'), `before(() => {});\n${envWrite}\n`);
    await writeFile(
      join(folder, 'tidy.test.ts'),
      "describe('x', () => {\n  before(() => {});\n  it('y', () => assert.equal(process.env.PORT === '1', false));\n});\n",
    );
    assert.deepEqual(groupProblems(folder, ['leaky.test.ts', 'tidy.test.ts']), [
      "leaky.test.ts:1: a top-level before() hook: put it inside the file's describe()",
      'leaky.test.ts:2: writes process.env: pass settings to the app or process under test instead',
    ]);
  });

  it('runs a group’s files in one process, or a process each when isolated, and adds up their tests', async () => {
    const pids = join(folder, 'pids');
    const files = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        testFile(
          `pass-${n}.mjs`,
          `import { appendFileSync } from 'node:fs';\nit('passes ${n}', () => appendFileSync(${JSON.stringify(pids)}, '${n} ' + process.pid + '\\n'));`,
        ),
      ),
    );
    const grouped = await run(files);
    assert.equal(grouped.status, 0, grouped.output);
    assert.match(grouped.output, /5 files in 4 processes: tests 5, suites 0, pass 5, fail 0/);
    // Each file's number and its process's id; two processes run at once, so the lines come in any order.
    const processOf = async () =>
      new Map(
        (await readFile(pids, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => line.split(' ') as [string, string]),
      );
    const byFile = await processOf();
    assert.equal(byFile.size, 5);
    assert.equal(byFile.get('1'), byFile.get('2'), 'the first group (two files) ran in one process');
    assert.equal(new Set(byFile.values()).size, 4);

    await rm(pids);
    const isolated = await run(files, { isolated: true });
    assert.equal(isolated.status, 0, isolated.output);
    assert.equal(new Set((await processOf()).values()).size, 5);
  });

  it('fails the stage when a test fails, naming the process’s files', async () => {
    const files = [
      await testFile('fine.mjs', "it('passes', () => {});"),
      await testFile('broken.mjs', "it('fails', () => { throw new Error('broken on purpose'); });"),
    ];
    const { status, output } = await run(files);
    assert.equal(status, 1);
    assert.match(output, /broken on purpose/);
    assert.match(output, /tests 2, suites 0, pass 1, fail 1/);
    assert.match(output, /✖ the process for .*broken\.mjs exited with 1/);
  });

  it('ends a process in which no test has finished for the idle limit, and names the tests still running', async () => {
    const files = [
      await testFile(
        'stalls.mjs',
        "describe('a suite that stalls', () => {\n  it('finishes', () => {});\n  it('never finishes', () => new Promise(() => setInterval(() => {}, 1000)));\n});",
      ),
    ];
    const started = Date.now();
    const { status, output } = await run(files, { idleSeconds: 2 });
    assert.equal(status, 1);
    assert.ok(Date.now() - started < 30_000, 'ended long before any timeout of its own');
    assert.match(output, /no test finished for 2 s; ending this process\. Still running:\n\s*a suite that stalls/);
    assert.match(output, /\n\s+never finishes \(/);
  });
});
