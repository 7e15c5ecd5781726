// A node:test reporter that test/run.mjs adds beside `spec` in each test process (test/support/test-groups.mjs):
//   - writes the process's totals and each file's time in its tests to COURTYARD_TEST_SUMMARY (JSON), which
//     run.mjs adds up over the stage's processes;
//   - ends the process when no test has finished for COURTYARD_TEST_IDLE_SECONDS (300 by default), naming the
//     tests still running: the per-test timeout that `node --test` gives only to a whole file.
import { writeFileSync, writeSync } from 'node:fs';
import { relative } from 'node:path';

const summaryFile = process.env.COURTYARD_TEST_SUMMARY;
const idleLimitMs = Number(process.env.COURTYARD_TEST_IDLE_SECONDS || 300) * 1000;

/** test/run.mjs runs the compiled copies (test/support/compile-tests.mjs): name the .ts source. */
const sourceOf = (file) =>
  relative(process.cwd(), file)
    .replace(/^node_modules\/\.cache\/courtyard-tests\//, '')
    .replace(/\.js$/, '.ts');

export default async function* testReporter(source) {
  const totals = {};
  const perFile = {};
  /** Tests and suites that began and have not finished, by where they are declared. */
  const running = new Map();
  const where = (data) => `${data.file}:${data.line}:${data.column}:${data.name}`;
  let lastFinished = Date.now();

  // Written on every closing line: --test-force-exit may end the process before the last of them.
  const save = () => {
    if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ totals, perFile }));
  };
  const watchdog = setInterval(() => {
    if (Date.now() - lastFinished < idleLimitMs) return;
    const names = [...running.values()].map(
      (data) => `${'  '.repeat(data.nesting)}${data.name} (${sourceOf(data.file ?? '')})`,
    );
    writeSync(
      1,
      `\n✖ no test finished for ${idleLimitMs / 1000} s; ending this process. Still running:\n${names.join('\n')}\n`,
    );
    totals.fail = (totals.fail ?? 0) + 1;
    save();
    process.exit(1);
  }, 1000);
  watchdog.unref();

  for await (const event of source) {
    const { data } = event;
    if (event.type === 'test:dequeue') running.set(where(data), data);
    if (event.type === 'test:complete') {
      running.delete(where(data));
      lastFinished = Date.now();
    }
    if (event.type === 'test:diagnostic' && data.nesting === 0) {
      const [, name, value] = /^(\w+) ([\d.]+)$/.exec(data.message) ?? [];
      if (name) {
        totals[name] = Number(value);
        save();
      }
    }
    if ((event.type === 'test:pass' || event.type === 'test:fail') && data.nesting === 0 && data.file) {
      const file = sourceOf(data.file);
      perFile[file] = (perFile[file] ?? 0) + (data.details?.duration_ms ?? 0);
    }
  }
  clearInterval(watchdog);
}
