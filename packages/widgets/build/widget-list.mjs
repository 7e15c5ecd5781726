// The one list of widgets: the imports of src/all.define.ts, one line per widget, in its order. The script
// tag's module files and loader, its manifest, the size table and the package's exports check all read it
// here, so a new widget is one line there (docs/architecture.md, "Where to add a widget").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** [{ name, tag }] for each `import './components/<name>/<name>.define.js'` in all.define.ts. */
export function widgetList() {
  const source = readFileSync(`${packageDir}src/all.define.ts`, 'utf8');
  const names = [...source.matchAll(/^import '\.\/components\/([a-z-]+)\/\1\.define\.js';$/gm)].map((m) => m[1]);
  if (!names.length) throw new Error('src/all.define.ts imports no widget');
  return names.map((name) => {
    const define = readFileSync(`${packageDir}src/components/${name}/${name}.define.ts`, 'utf8');
    const tag = define.match(/\.define\('([a-z]+-[a-z-]+)'\)/)?.[1];
    if (!tag) throw new Error(`No tag registered in components/${name}/${name}.define.ts`);
    return { name, tag };
  });
}

/** The package's exports for each widget (`./<name>`, `./<name>/define`); what is missing, as sentences. */
export function missingExports() {
  const { exports } = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8'));
  const missing = [];
  for (const { name } of widgetList()) {
    for (const [key, file] of [
      [`./${name}`, `components/${name}/${name}.component`],
      [`./${name}/define`, `components/${name}/${name}.define`],
    ]) {
      if (exports[key]?.default !== `./dist/${file}.js` || exports[key]?.types !== `./dist/${file}.d.ts`) {
        missing.push(
          `package.json exports "${key}" must be { types: ./dist/${file}.d.ts, default: ./dist/${file}.js }`,
        );
      }
    }
  }
  return missing;
}
