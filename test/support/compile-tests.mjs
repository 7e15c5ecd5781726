// Compiles the node tests' TypeScript once per run, so each test process loads plain JavaScript instead of
// starting tsx (measured ≈3 s of CPU per file with `--import tsx`). esbuild transpiles every .ts file of
// test/ (but for the browser-side test/widgets) and packages/*/src into OUT, mirroring the tree:
// - `import.meta.url` stays the source file's URL, so paths a module builds from it (migrations, dist,
//   fixtures, docs) find what they found before;
// - a relative import of a file that is not compiled here (.mjs, .json) points at the original file;
// - source maps carry the .ts text, and node runs with --enable-source-maps: stack traces name .ts lines.
// Bare imports resolve from the repository's node_modules (OUT is inside it); a package's own node_modules
// is linked into its mirror. A file whose output is newer than its source is not compiled again (CI runs
// test/run.mjs three times), and the output of a source that is gone is deleted.
//   node test/support/compile-tests.mjs   (test/run.mjs calls compileTests() before the server and e2e stages)
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stop, transform, version } from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const compiledRoot = join(root, 'node_modules/.cache/courtyard-tests');
const sourceFolders = ['test', ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}/src`)];
// test/widgets runs in the browser (web-test-runner), but for the Courtyard server its tests talk to.
const skipped = new Set(['node_modules', 'widgets']);
const widgetTestServer = 'test/widgets/support/courtyard-test-server.ts';

/** Every .ts source to compile, relative to the root. */
function sources() {
  const found = [];
  const walk = (folder, top) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!(skipped.has(entry.name) && (top || entry.name === 'node_modules'))) walk(path, false);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        found.push(relative(root, path));
      }
    }
  };
  for (const folder of sourceFolders) walk(join(root, folder), folder === 'test');
  return [...found, widgetTestServer];
}

/** Where a compiled source lands: the same path under OUT, .ts → .js. */
export function compiledPath(source) {
  return join(compiledRoot, relative(root, resolve(root, source)).replace(/\.ts$/, '.js'));
}

const relativeImport = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.\.?\/[^"]+)"/g;

/** Every file under a folder, absolute. */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const modified = (path) => statSync(path).mtimeMs;

/** Compiles every source whose output is missing or older; returns how many it compiled and how many exist. */
export async function compileTests() {
  const files = sources();
  const compiled = new Set(files.map((file) => join(root, file)));
  // Another esbuild or another version of this script: start over.
  const stamp = `esbuild ${version}, ${modified(fileURLToPath(import.meta.url))}\n`;
  const stampFile = join(compiledRoot, '.compiled-by');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    rmSync(compiledRoot, { recursive: true, force: true });
    mkdirSync(compiledRoot, { recursive: true });
    writeFileSync(join(compiledRoot, 'package.json'), '{ "type": "module" }\n');
    for (const name of readdirSync(join(root, 'packages'))) {
      const modules = join(root, 'packages', name, 'node_modules');
      if (existsSync(modules)) {
        mkdirSync(join(compiledRoot, 'packages', name), { recursive: true });
        symlinkSync(modules, join(compiledRoot, 'packages', name, 'node_modules'));
      }
    }
    writeFileSync(stampFile, stamp);
  }
  const wanted = new Set(files.map((file) => compiledPath(file)));
  for (const folder of ['test', 'packages']) {
    if (!existsSync(join(compiledRoot, folder))) continue;
    for (const output of filesUnder(join(compiledRoot, folder))) {
      if (relative(compiledRoot, output).includes('node_modules/')) continue; // a package's linked folder
      if (!wanted.has(output.replace(/\.map$/, ''))) rmSync(output);
    }
  }
  const stale = files.filter((file) => {
    const output = compiledPath(file);
    return !existsSync(output) || modified(output) < modified(join(root, file));
  });
  const problems = [];
  await Promise.all(
    stale.map(async (file) => {
      const source = join(root, file);
      const output = compiledPath(file);
      const { code, map } = await transform(readFileSync(source, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        sourcemap: 'external',
        sourcefile: source,
        define: { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) },
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      });
      const rewritten = code.replace(relativeImport, (whole, keyword, specifier) => {
        const target = resolve(dirname(source), specifier);
        if (compiled.has(target.replace(/\.js$/, '.ts'))) return whole;
        if (target.endsWith('.ts') || !existsSync(target)) {
          problems.push(`${file} imports ${specifier}, which is neither compiled here nor a file`);
          return whole;
        }
        return `${keyword}"${pathToFileURL(target).href}"`;
      });
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, `${rewritten}//# sourceMappingURL=${output.split('/').pop()}.map\n`);
      writeFileSync(`${output}.map`, map);
    }),
  );
  // Ends esbuild's service process, so its CPU counts in the stage's time and nothing holds the loop.
  await stop();
  if (problems.length > 0) {
    for (const file of stale) rmSync(compiledPath(file), { force: true });
    throw new Error(problems.join('\n'));
  }
  return { compiled: stale.length, files: files.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { compiled, files } = await compileTests();
  console.log(
    `compiled ${compiled} of ${files} files into ${relative(root, compiledRoot)} in ${Date.now() - started} ms`,
  );
}
