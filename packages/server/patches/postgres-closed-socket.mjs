#!/usr/bin/env node
// Run by `npm install` / `npm ci` (the root package's postinstall). postgres.js 3.4.9 crashes the whole
// process when a connection closes while a small write waits for setImmediate (`socket.write` on null in
// nextWrite, porsager/postgres#1154 and #1208; fixes proposed in #1168 and #1209, not released). Courtyard's
// fault test (test/e2e/fault.test.ts) hits it on every database crash under load. This applies the proposed
// fix: a write to a closed socket fails its query with CONNECTION_CLOSED (caught, answered 503, retried by
// the widgets), and teardown forgets the pending write so the pooled connection can be used again.
// It refuses loudly when the code it expects is not there (a new postgres.js version: check whether the bug
// is fixed upstream, then update or remove this file).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARK = '/* courtyard: closed-socket guard */';
const require = createRequire(import.meta.url);
let root;
try {
  root = dirname(require.resolve('postgres'));
} catch {
  // postgres is not installed (yet): nothing to patch.
  process.exit(0);
}
// From the entry point (cjs/src/index.js) up to the package's own folder.
while (
  !existsSync(join(root, 'package.json')) ||
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name !== 'postgres'
) {
  const parent = dirname(root);
  if (parent === root) process.exit(0);
  root = parent;
}
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const replacements = [
  [
    `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    `  function nextWrite(fn) {
    ${MARK}
    if (socket === null) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`,
  ],
  [
    `    clearImmediate(nextWriteTimer)
    if (socket) {`,
    `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
    if (socket) {`,
  ],
  [
    `    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
    `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
    socket.removeListener('data', data)`,
  ],
];

for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
  const path = join(root, file);
  if (!existsSync(path)) continue;
  let source = readFileSync(path, 'utf8');
  if (source.includes(MARK)) continue;
  for (const [before, after] of replacements) {
    if (!source.includes(before)) {
      console.error(
        `courtyard: postgres ${version} ${file} is not the code packages/server/patches/postgres-closed-socket.mjs expects; check porsager/postgres#1208 and update the patch`,
      );
      process.exit(1);
    }
    source = source.replace(before, after);
  }
  writeFileSync(path, source);
}
