// Every widget the package defines, for checks that must hold for each of them. Read from the package as the
// build reads it (packages/widgets/build/widget-list.mjs): the widgets src/all.define.ts imports, and the tag
// each one's define module registers. A new widget is then in every such check without touching the tests.
import '../../../packages/widgets/src/all.define.js';

const read = async (path: string) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
};

// The dev server hands these modules over compiled by esbuild (`import "./components/poll/poll.define.ts";`),
// so either quote and either extension is read.
const allDefine = await read('/packages/widgets/src/all.define.ts');
const names = [...allDefine.matchAll(/^import ['"]\.\/components\/([a-z-]+)\/\1\.define\.[jt]s['"];$/gm)].map(
  (match) => match[1]!,
);
if (names.length === 0) throw new Error(`src/all.define.ts imports no widget:\n${allDefine}`);

/** Every widget's tag, in all.define.ts's order; each is registered on this page. */
export const WIDGET_TAGS: readonly string[] = await Promise.all(
  names.map(async (name) => {
    const define = await read(`/packages/widgets/src/components/${name}/${name}.define.ts`);
    const tag = define.match(/\.define\(['"]([a-z]+-[a-z-]+)['"]\)/)?.[1];
    if (!tag) throw new Error(`no tag registered in components/${name}/${name}.define.ts`);
    if (!customElements.get(tag)) throw new Error(`<${tag}> is not registered by all.define.js`);
    return tag;
  }),
);
