#!/usr/bin/env node
// `npm run docs:widgets`: rewrites the API tables in docs/widgets/*.md from packages/widgets/custom-elements.json
// (made by `npm run build`). test/widgets/api-docs.test.ts fails when they differ.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestTags, withApiTables } from './api-tables.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'packages/widgets/custom-elements.json'), 'utf8'));
const tags = manifestTags(manifest);
const docs = join(root, 'docs/widgets');
const documented = [];
for (const file of readdirSync(docs).filter((name) => name.endsWith('.md'))) {
  const path = join(docs, file);
  const before = readFileSync(path, 'utf8');
  const { text, found } = withApiTables(before, tags);
  documented.push(...found);
  if (text !== before) {
    writeFileSync(path, text);
    console.log(`updated docs/widgets/${file} (${found.join(', ')})`);
  }
}
const missing = tags.map(({ tag }) => tag).filter((tag) => !documented.includes(tag));
if (missing.length) {
  console.error(
    `No API table in docs/widgets for ${missing.join(', ')}: add <!-- api:TAG --><!-- /api:TAG --> to its page.`,
  );
  process.exit(1);
}
