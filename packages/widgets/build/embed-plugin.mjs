// After the script-tag bundle is written: its SRI hash (sha384 of the exact bytes served), the size
// budget (printed every build, failing it past the budget) and dist/embed/manifest.json for the server
// and the docs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRows, measure } from './size-budget.mjs';

export function embedManifest({ dist, version }) {
  return {
    name: 'courtyard-embed-manifest',
    async writeBundle(options, bundle) {
      const file = Object.keys(bundle).find((name) => name.endsWith('.js'));
      const path = join(options.dir, file);
      const code = readFileSync(path);
      const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
      const rows = await measure(dist, code);
      const sizes = Object.fromEntries(rows.map(({ part, bytes, budget }) => [part, { gzipBytes: bytes, budget }]));
      writeFileSync(
        join(options.dir, 'manifest.json'),
        `${JSON.stringify({ version, file, integrity, sizes }, null, 2)}\n`,
      );
      console.log(`\nScript-tag bundle ${path} (version ${version})\n  integrity ${integrity}\n${formatRows(rows)}\n`);
      const over = rows.filter((row) => row.bytes > row.budget);
      if (over.length) this.error(`Size budget exceeded: ${over.map((row) => row.part).join(', ')}`);
    },
  };
}
