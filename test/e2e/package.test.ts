// @courtyard/widgets as a developer gets it: `npm pack` of the built protocol and widgets, installed from the
// tarballs into a fresh Vite + TypeScript project outside this repository with React 19, Vue 3 and the rest
// from the npm registry (exact versions). It checks what the tarballs hold and import, type-checks the React
// and Vue examples and a TSX and a Vue SFC using every tag's properties and events (generated from
// custom-elements.json), compiles docs/extending.md's subclass under strict TypeScript, builds both examples
// with Vite, and submits a suggestion through each in Chromium against the real server.
// No registry, no test: it fails with one line saying so rather than pass.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { coverageTags, coverageTsx, coverageVue } from './support/api-coverage.js';
import { launchBrowser, newContext, watchProblems } from './support/browser.js';
import {
  assertRegistryReachable,
  createScratch,
  formatSteps,
  install,
  type Packed,
  pack,
  readJson,
  repoRoot,
  run,
  type Step,
} from './support/package-scratch.js';
import { type RunningServer, startServer, stopCleanly } from './support/server.js';
import { serveFolder } from './support/static-site.js';

const steps: Step[] = [];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Every JavaScript file under a folder. */
async function scripts(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((e) => join(e.parentPath, e.name));
}

const importPattern = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g;
const specifiers = (code: string) => [...code.matchAll(importPattern)].map((match) => match[1]!);
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The bare imports reached from a module by following its relative ones. */
async function reachableImports(entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of specifiers(await readFile(file, 'utf8'))) {
      if (specifier.startsWith('.')) await visit(join(dirname(file), specifier));
      else bare.add(specifier);
    }
  };
  await visit(entry);
  return [...bare].sort();
}

/** Every file an `exports` map names. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  return Object.values(exports as Record<string, unknown>).flatMap(exportTargets);
}

/** The ```ts blocks of a doc whose first line names their file (`// name.ts`), as files. */
function docFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, body] of markdown.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = body!.match(/^\/\/ ([\w.-]+\.ts)\n/)?.[1];
    if (name) files.set(name, body!);
  }
  return files;
}

describe('@courtyard/widgets installed from its tarball into a fresh Vite + TypeScript project', () => {
  let scratch: string;
  let app: string;
  let protocol: Packed;
  let widgets: Packed;
  let server: RunningServer;
  let browser: Browser;
  const installed = (name: string, ...path: string[]) => join(app, 'node_modules', name, ...path);
  const bin = (name: string) => join(app, 'node_modules', '.bin', name);

  before(async () => {
    await assertRegistryReachable(steps);
    scratch = await mkdtemp(join(tmpdir(), 'courtyard-package-'));
    app = join(scratch, 'app');
    await mkdir(join(scratch, 'packs'));
    protocol = await pack(steps, 'packages/protocol', join(scratch, 'packs'));
    widgets = await pack(steps, 'packages/widgets', join(scratch, 'packs'));
    await createScratch(app, [protocol, widgets]);

    const tags = coverageTags(await readJson(join(repoRoot, 'packages/widgets/custom-elements.json')));
    await writeFile(join(app, 'react/src/EveryTag.tsx'), coverageTsx(tags));
    await writeFile(join(app, 'vue/src/EveryTag.vue'), coverageVue(tags));
    const extend = docFiles(await readFile(join(repoRoot, 'docs/extending.md'), 'utf8'));
    assert.deepEqual([...extend.keys()].sort(), [
      'my-community-suggestion-box.define.ts',
      'my-community-suggestion-box.ts',
    ]);
    await mkdir(join(app, 'extend'));
    for (const [name, source] of extend) await writeFile(join(app, 'extend', name), source);
    await writeFile(
      join(app, 'extend/tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          module: 'ESNext',
          moduleResolution: 'bundler',
          strict: true,
          noImplicitOverride: true,
          noUnusedLocals: true,
          noEmit: true,
          isolatedModules: true,
          verbatimModuleSyntax: true,
          types: [],
        },
        include: ['*.ts'],
      }),
    );

    [server] = await Promise.all([startServer(), install(steps, app)]);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stopCleanly(server);
    if (scratch) await rm(scratch, { recursive: true, force: true });
    console.log(`package test: ${formatSteps(steps)}`);
    if (protocol && widgets) {
      console.log(
        `packed: ${[protocol, widgets].map((p) => `${p.name} ${kb(p.size)} (${kb(p.unpackedSize)} unpacked, ${p.files.length} files)`).join('; ')}`,
      );
    }
  });

  it('packs built JavaScript, declarations, source maps with their sources, a readme and a licence, no sources', async () => {
    for (const packed of [protocol, widgets]) {
      const paths = packed.files.map((file) => file.path);
      for (const file of ['package.json', 'README.md', 'LICENSE'])
        assert.ok(paths.includes(file), `${packed.name}: ${file}`);
      const sources = paths.filter((path) => /\.(ts|tsx)$/.test(path) && !path.endsWith('.d.ts'));
      assert.deepEqual(sources, [], `${packed.name} ships TypeScript sources`);
      assert.deepEqual(
        paths.filter((path) => path.endsWith('.d.ts.map')),
        [],
        `${packed.name}: maps to absent sources`,
      );
      const manifest = await readJson<{ repository?: { directory?: string }; exports: unknown }>(
        installed(packed.name, 'package.json'),
      );
      // The repository's public address is the maintainers' to add at publication; the folder is known.
      assert.match(manifest.repository?.directory ?? '', /^packages\//, `${packed.name} names its folder`);
      for (const target of exportTargets(manifest.exports)) {
        assert.ok(paths.includes(target.replace(/^\.\//, '')), `${packed.name} exports ${target}, which it lacks`);
      }
      for (const map of paths.filter((path) => path.endsWith('.js.map'))) {
        const { sources: mapped, sourcesContent } = await readJson<{ sources: string[]; sourcesContent?: string[] }>(
          installed(packed.name, map),
        );
        assert.equal(sourcesContent?.length, mapped.length, `${packed.name}/${map} carries its sources`);
      }
    }
    const widgetPaths = widgets.files.map((file) => file.path);
    assert.deepEqual(
      widgetPaths.filter((path) => path.startsWith('dist/embed/') || path.includes('script-tag')),
      [],
      'the script-tag bundle is served by the server, not shipped in the ESM package',
    );
  });

  it('installs one Lit, and the widgets import only their dependencies: lit and the protocol without a schema library', async () => {
    assert.equal(
      existsSync(installed('@courtyard/widgets', 'node_modules')),
      false,
      'the widgets got their own copies',
    );
    const { dependencies } = await readJson<{ dependencies: Record<string, string> }>(
      installed('@courtyard/widgets', 'package.json'),
    );
    assert.deepEqual(Object.keys(dependencies).sort(), ['@courtyard/protocol', 'lit']);
    const imported = new Set<string>();
    for (const file of await scripts(installed('@courtyard/widgets', 'dist'))) {
      for (const specifier of specifiers(await readFile(file, 'utf8'))) {
        if (!specifier.startsWith('.')) imported.add(packageOf(specifier));
      }
    }
    assert.deepEqual([...imported].sort(), ['@courtyard/protocol', 'lit']);
    // What `import … from '@courtyard/protocol'` loads: error codes and constants, not TypeBox.
    assert.deepEqual(await reachableImports(installed('@courtyard/protocol', 'dist/index.js')), []);
  });

  it('ships a custom-elements.json whose modules and tag registrations exist in the package', async () => {
    const manifest = await readJson<{
      modules: { path: string; exports?: { kind: string; name: string; declaration: { module: string } }[] }[];
    }>(installed('@courtyard/widgets', 'custom-elements.json'));
    const paths = new Set(widgets.files.map((file) => file.path));
    for (const module of manifest.modules) assert.ok(paths.has(module.path), `${module.path} is not in the package`);
    const definitions = manifest.modules.flatMap((module) =>
      (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition'),
    );
    assert.deepEqual(definitions.map((definition) => definition.name).sort(), [
      'courtyard-notices',
      'courtyard-poll',
      'courtyard-repair-request',
      'courtyard-rota',
      'courtyard-suggestion-board',
      'courtyard-suggestion-box',
      'courtyard-topics',
    ]);
    for (const { declaration } of definitions) assert.ok(paths.has(declaration.module), declaration.module);
  });

  it('type-checks the React example and a TSX using every tag, property and event (TypeScript 6 and 7)', async () => {
    await run(steps, 'tsc (TypeScript 6) react', bin('tsc'), ['-p', 'react/tsconfig.json'], { cwd: app });
    // This repository's TypeScript 7, on the same project.
    const tsc7 = join(repoRoot, 'node_modules/.bin/tsc');
    await run(steps, 'tsc (TypeScript 7) react', tsc7, ['-p', 'react/tsconfig.json'], { cwd: app });
  });

  it('type-checks the Vue example and an SFC using every tag, property and event (vue-tsc, strictTemplates)', async () => {
    await run(steps, 'vue-tsc vue', bin('vue-tsc'), ['-p', 'vue/tsconfig.json'], { cwd: app });
  });

  it("compiles docs/extending.md's subclass and its registration under strict TypeScript", async () => {
    await run(steps, 'tsc docs/extending.md', bin('tsc'), ['-p', 'extend/tsconfig.json'], { cwd: app });
  });

  for (const example of ['react', 'vue'] as const) {
    it(`builds the ${example} example with Vite, and in Chromium it submits a suggestion and hears courtyard-submitted`, async () => {
      await run(steps, `vite build ${example}`, bin('vite'), ['build', '--logLevel', 'warn'], {
        cwd: join(app, example),
        env: { VITE_COURTYARD_URL: server.url, VITE_COURTYARD_SITE: 'demo' },
      });
      const assets = join(app, example, 'dist/assets');
      const bundle = (await Promise.all((await scripts(assets)).map((file) => readFile(file, 'utf8')))).join('\n');
      assert.equal(bundle.split('litElementVersions').length - 1, 1, 'one copy of Lit in the bundle');
      assert.doesNotMatch(bundle, /TypeBox\./, 'no schema library in the bundle');

      const site = await serveFolder(join(app, example, 'dist'));
      const context = await newContext(browser);
      try {
        const page = await context.newPage();
        const problems = await watchProblems(page);
        page.on('dialog', (dialog) => void dialog.accept()); // the example's cancelable courtyard-submit asks first
        await page.goto(site.url);
        const box = page.locator('courtyard-suggestion-box');
        const send = (label: string) => box.locator('button[type="submit"]', { hasText: label });
        // `strings` reaches the widget as a property (the host's words on the send button), and follows the
        // page's language when it changes.
        await send('提交给居委会').waitFor();
        await page.getByRole('button', { name: 'English' }).click();
        await send('Send to the committee').waitFor();
        await page.getByRole('button', { name: '中文' }).click();
        await send('提交给居委会').waitFor();

        const suggestion = `${example} 应用里的建议：楼道加装扶手 ${Date.now()}`;
        await box.locator('textarea').fill(suggestion);
        await send('提交给居委会').click();
        const thanks = box.locator('[part="thanks"]');
        await thanks.waitFor();
        const followCode = ((await thanks.locator('.code').textContent()) ?? '').trim();
        // The example's oncourtyard-submitted / @courtyard-submitted handler logged it.
        await page.locator('#events li', { hasText: /^submitted \([0-9a-f-]{36}\)$/ }).waitFor();
        const followed = await fetch(`${server.url}/api/v1/sites/demo/suggestions/follow/${followCode}`);
        assert.equal((await followed.json()).text, suggestion);

        const { consoleErrors, cspViolations } = await problems.collect();
        assert.deepEqual(consoleErrors, []);
        assert.deepEqual(cspViolations, []);
      } finally {
        await context.close();
        await site.close();
      }
    });
  }
});
