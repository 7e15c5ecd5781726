// Each tag's API as custom-elements.json gives it, and the Markdown tables docs/widgets/*.md carry between
// `<!-- api:TAG -->` and `<!-- /api:TAG -->`. No Node.js imports: the widget tests run this in the browser to
// check the docs against the manifest, write-api-docs.mjs (`npm run docs:widgets`) to rewrite them.

/**
 * The tags the package registers (its `custom-element-definition`s), each with its class's public API:
 * attributes, properties (`readonly` for getters), events, CSS parts and custom properties.
 */
export function manifestTags(manifest) {
  const classes = new Map();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) classes.set(`${module.path}#${declaration.name}`, declaration);
  }
  const tags = [];
  for (const module of manifest.modules) {
    for (const entry of module.exports ?? []) {
      if (entry.kind !== 'custom-element-definition') continue;
      const declaration = classes.get(`${entry.declaration.module}#${entry.declaration.name}`);
      if (!declaration)
        throw new Error(`${entry.name}: no class ${entry.declaration.name} in ${entry.declaration.module}`);
      const fields = (declaration.members ?? []).filter((member) => member.kind === 'field' && !member.static);
      tags.push({
        tag: entry.name,
        className: declaration.name,
        module: entry.declaration.module,
        defineModule: module.path,
        attributes: declaration.attributes ?? [],
        properties: fields.map((field) => ({
          name: field.name,
          attribute: field.attribute,
          type: field.type?.text ?? '',
          default: (declaration.attributes ?? []).find((attribute) => attribute.fieldName === field.name)?.default,
          description: field.description ?? '',
          readonly: field.readonly === true,
        })),
        events: declaration.events ?? [],
        parts: declaration.cssParts ?? [],
        cssProperties: declaration.cssProperties ?? [],
      });
    }
  }
  return tags.sort((a, b) => a.tag.localeCompare(b.tag));
}

const code = (text) => (text ? `\`${text.replaceAll('|', '\\|')}\`` : '');
const cell = (text) =>
  (text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replaceAll('|', '\\|')
    .trim();
const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

/** The Markdown between a tag's markers (without them). */
export function apiTables(tag) {
  const writable = tag.properties.filter((property) => !property.readonly);
  const readonly = tag.properties.filter((property) => property.readonly);
  const sections = [
    '**Attributes and properties** (changing one re-renders the widget):',
    table(
      ['attribute', 'property', 'type', 'default', 'description'],
      writable.map((property) => [
        code(property.attribute),
        code(property.name),
        code(property.type),
        code(property.default),
        cell(property.description),
      ]),
    ),
  ];
  if (readonly.length) {
    sections.push(
      '**Read-only properties**:',
      table(
        ['property', 'type', 'description'],
        readonly.map((property) => [code(property.name), code(property.type), cell(property.description)]),
      ),
    );
  }
  sections.push(
    '**Events** (all bubble and are composed; the detail types are exported by `@courtyard/widgets`):',
    table(
      ['event', 'type', 'when'],
      tag.events.map((event) => [code(event.name), code(event.type?.text), cell(event.description)]),
    ),
    '**CSS parts** (style them with `::part()`, see [theming](../theming.md)):',
    table(
      ['part', 'what it is'],
      tag.parts.map((part) => [code(part.name), cell(part.description)]),
    ),
    '**CSS custom properties**:',
    table(
      ['property', 'what it sets'],
      tag.cssProperties.map((property) => [code(property.name), cell(property.description)]),
    ),
  );
  return sections.join('\n\n');
}

export const startMarker = (tag) =>
  `<!-- api:${tag} — generated from custom-elements.json by \`npm run docs:widgets\`: edit the class's JSDoc, not this -->`;
export const endMarker = (tag) => `<!-- /api:${tag} -->`;

/** The doc's text with each marked block replaced by the manifest's tables; `found` lists the tags seen. */
export function withApiTables(markdown, tags) {
  const found = [];
  const text = markdown.replace(/<!-- api:([a-z-]+)[^>]*-->[\s\S]*?<!-- \/api:\1 -->/g, (_, name) => {
    const tag = tags.find((candidate) => candidate.tag === name);
    if (!tag) throw new Error(`docs name ${name}, which custom-elements.json does not register`);
    found.push(name);
    return `${startMarker(name)}\n\n${apiTables(tag)}\n\n${endMarker(name)}`;
  });
  return { text, found };
}
