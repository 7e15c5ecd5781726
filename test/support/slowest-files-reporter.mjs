// A node:test reporter that test/run.mjs adds beside `spec`: at the end of a stage it lists the files whose
// tests took longest (the sum of their top-level suites, hooks included; not the process start), which is
// where a slower run spent its time.
import { writeSync } from 'node:fs';
import { relative } from 'node:path';

/** The line naming the slowest files, or nothing when there are fewer than two. */
function summary(perFile) {
  const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (slowest.length < 2) return undefined;
  return `\nSlowest files (time in their tests): ${slowest
    .map(([file, ms]) => `${file.replace(/^test\//, '')} ${(ms / 1000).toFixed(1)} s`)
    .join(', ')}\n`;
}

export default async function* slowestFiles(source) {
  const perFile = new Map();
  for await (const event of source) {
    // The run's closing diagnostics begin ("tests N"): write now and synchronously, since --test-force-exit
    // ends the process before the last of them, and before a yielded line reaches a piped stdout.
    if (event.type === 'test:diagnostic' && event.data.nesting === 0 && /^tests \d/.test(event.data.message)) {
      const line = summary(perFile);
      if (line) writeSync(1, line);
      return;
    }
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0 || !event.data.file) {
      continue;
    }
    // test/run.mjs runs the compiled copies (test/support/compile-tests.mjs): name the .ts source.
    const file = relative(process.cwd(), event.data.file)
      .replace(/^node_modules\/\.cache\/courtyard-tests\//, '')
      .replace(/\.js$/, '.ts');
    perFile.set(file, (perFile.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
  }
  const line = summary(perFile);
  if (line) yield line;
}
