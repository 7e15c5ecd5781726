// A node:test reporter that test/run.mjs adds beside `spec`: at the end of a stage it lists the files whose
// tests took longest (the sum of their top-level suites, hooks included; not the process start), which is
// where a slower run spent its time.
import { relative } from 'node:path';

export default async function* slowestFiles(source) {
  const perFile = new Map();
  for await (const event of source) {
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0 || !event.data.file) {
      continue;
    }
    // test/run.mjs runs the compiled copies (test/support/compile-tests.mjs): name the .ts source.
    const file = relative(process.cwd(), event.data.file)
      .replace(/^node_modules\/\.cache\/courtyard-tests\//, '')
      .replace(/\.js$/, '.ts');
    perFile.set(file, (perFile.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
  }
  const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (slowest.length < 2) return;
  yield `\nSlowest files (time in their tests): ${slowest
    .map(([file, ms]) => `${file.replace(/^test\//, '')} ${(ms / 1000).toFixed(1)} s`)
    .join(', ')}\n`;
}
