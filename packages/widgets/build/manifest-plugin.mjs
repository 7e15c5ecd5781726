// An analyzer plugin that makes custom-elements.json describe the package as it is installed:
// - module paths point at the shipped JavaScript (`dist/…/*.js`), not at the TypeScript sources;
// - a class lists its public API only: protected and private members are internals for subclasses, and a
//   reactive property that is not public is internal state (Lit's `state: true`), never an attribute;
// - each `*.define.js` module declares the tag it registers (`CourtyardPoll.define('courtyard-poll')`),
//   which the analyzer cannot see through `define()`; the `customElements.define(tag, this)` inside
//   `CourtyardElement.define` registers no tag of its own.

const source = /^(?:\.?\/)?src\/(.+)\.[jt]s$/;

/** `src/a/b.ts`, `/src/a/b.js` or `./b.js` (relative to `from`) as the shipped `dist/a/b.js`. */
function shippedPath(path, from) {
  const absolute = path.startsWith('./') ? `${from.slice(0, from.lastIndexOf('/') + 1)}${path.slice(2)}` : path;
  const match = absolute.replace(/^\//, '').match(source);
  return match ? `dist/${match[1]}.js` : path;
}

const isPublic = (member) => !member.privacy || member.privacy === 'public';
const isPublicName = (member) => !member.name.startsWith('#');

function publicApi(declaration) {
  const internal = new Set(
    (declaration.members ?? []).filter((member) => !isPublic(member) || !isPublicName(member)).map((m) => m.name),
  );
  declaration.members = declaration.members?.filter((member) => !internal.has(member.name));
  declaration.attributes = declaration.attributes?.filter((attribute) => !internal.has(attribute.fieldName));
}

/** Rewrites every `path` and `module` in the manifest to the shipped file. */
function rewritePaths(node, modulePath) {
  if (Array.isArray(node)) {
    for (const item of node) rewritePaths(item, modulePath);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = shippedPath(value, modulePath);
      else rewritePaths(value, modulePath);
    }
  }
}

export function packageManifest() {
  const registrations = new Map(); // module path -> [{ className, tag }]
  return {
    name: 'courtyard-package-manifest',
    analyzePhase({ ts, node, moduleDoc }) {
      // `SomeClass.define('some-tag')` at the top level of a module.
      if (!ts.isExpressionStatement(node) || !ts.isCallExpression(node.expression)) return;
      const call = node.expression;
      const [tag] = call.arguments;
      if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'define') return;
      if (!ts.isIdentifier(call.expression.expression) || !tag || !ts.isStringLiteral(tag)) return;
      const list = registrations.get(moduleDoc.path) ?? [];
      list.push({ className: call.expression.expression.text, tag: tag.text });
      registrations.set(moduleDoc.path, list);
    },
    packageLinkPhase({ customElementsManifest }) {
      const classModules = new Map();
      for (const module of customElementsManifest.modules) {
        module.exports = module.exports?.filter(
          (entry) => entry.kind !== 'custom-element-definition' || entry.name.includes('-'),
        );
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          publicApi(declaration);
          classModules.set(declaration.name, module.path);
        }
      }
      for (const module of customElementsManifest.modules) {
        for (const { className, tag } of registrations.get(module.path) ?? []) {
          module.exports.push({
            kind: 'custom-element-definition',
            name: tag,
            declaration: { name: className, module: classModules.get(className) },
          });
        }
      }
      for (const module of customElementsManifest.modules) rewritePaths(module, module.path);
    },
  };
}
