// Source files written into the scratch project from custom-elements.json, so the type check covers every
// tag the manifest registers with every writable property and every event it lists: a property or event the
// JSX or Vue types lack (or type differently) fails the check. Values come from an element of that tag, so
// each binding has the class's own type. A handler's parameter is left to the framework's types (untyped it
// would be an implicit any, an error under strict) and then assigned to the manifest's event type.
import { manifestTags } from '../../../packages/widgets/build/api-tables.mjs';

interface Tag {
  tag: string;
  properties: { name: string; attribute?: string; readonly: boolean }[];
  events: { name: string; type?: { text: string } }[];
}

// `courtyardPoll` would be taken by Vue's <script setup> as the component for <courtyard-poll>.
const variable = (tag: string) => `${tag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}Element`;
const writable = (tag: Tag) => tag.properties.filter((property) => !property.readonly);

/** The exported types the manifest's event types name (`CustomEvent<CourtyardSubmitDetail>` → the detail). */
function detailTypes(tags: Tag[]): string[] {
  const names = tags.flatMap((tag) => tag.events.flatMap((event) => event.type?.text.match(/\bCourtyard\w+/g) ?? []));
  return [...new Set(names)].sort();
}

/** One checking function per event type (Vue's templates take no explicit type arguments): `is0(event)`. */
function eventCheckers(tags: Tag[]): { declarations: string; checker: (type: string | undefined) => string } {
  const types = [...new Set(tags.flatMap((tag) => tag.events.map((event) => event.type?.text ?? 'never')))];
  return {
    declarations: types.map((type, index) => `const is${index} = (event: ${type}) => event;`).join('\n'),
    checker: (type) => `is${types.indexOf(type ?? 'never')}`,
  };
}

export function coverageTags(manifest: unknown): Tag[] {
  return manifestTags(manifest) as Tag[];
}

export function coverageTsx(tags: Tag[]): string {
  const checkers = eventCheckers(tags);
  const elements = tags.map(({ tag }) => `const ${variable(tag)} = document.createElement('${tag}');`);
  const uses = tags.map((tag) => {
    const properties = writable(tag).map((property) => `${property.name}={${variable(tag.tag)}.${property.name}}`);
    const events = tag.events.map(
      (event) => `on${event.name}={(event) => seen.push(${checkers.checker(event.type?.text)}(event))}`,
    );
    return `      <${tag.tag}\n        ${[...properties, ...events].join('\n        ')}\n      />`;
  });
  return `// Generated from custom-elements.json by test/e2e/support/api-coverage.ts.
import '@courtyard/widgets/all';
import type { ${detailTypes(tags).join(', ')} } from '@courtyard/widgets';

${elements.join('\n')}
export const seen: unknown[] = [];
${checkers.declarations}

export function EveryTag() {
  return (
    <>
${uses.join('\n')}
    </>
  );
}
`;
}

export function coverageVue(tags: Tag[]): string {
  const checkers = eventCheckers(tags);
  const elements = tags.map(({ tag }) => `const ${variable(tag)} = document.createElement('${tag}');`);
  const uses = tags.map((tag) => {
    const properties = writable(tag).map(
      (property) => `:${property.name}${property.attribute ? '' : '.prop'}="${variable(tag.tag)}.${property.name}"`,
    );
    const events = tag.events.map(
      (event) => `@${event.name}="(event) => seen.push(${checkers.checker(event.type?.text)}(event))"`,
    );
    return `    <${tag.tag}\n      ${[...properties, ...events].join('\n      ')}\n    />`;
  });
  return `<script setup lang="ts">
// Generated from custom-elements.json by test/e2e/support/api-coverage.ts.
import '@courtyard/widgets/all';
import type { ${detailTypes(tags).join(', ')} } from '@courtyard/widgets';

${elements.join('\n')}
const seen: unknown[] = [];
${checkers.declarations}
</script>

<template>
  <div>
${uses.join('\n')}
  </div>
</template>
`;
}
