// Vue 3 template types (vue-tsc, strictTemplates included): every <courtyard-…> tag in GlobalComponents,
// with its properties (`:strings.prop`, `:theme`…) and its events (`@courtyard-submitted`…), as Vue's guide
// for custom elements not built with Vue describes. Vue still has to be told the tags are custom elements
// (`compilerOptions.isCustomElement` in the Vite plugin).
// Use: `"types": ["@courtyard/widgets/vue"]` in tsconfig.json, or `import '@courtyard/widgets/vue'`.
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { CourtyardTags, Tag } from './tags.js';

type VueEmit<Events> = EmitFn<{ [Name in keyof Events]: (event: Events[Name]) => void }>;

type DefineCustomElement<Element extends HTMLElement, Properties extends keyof Element, Events> = new () => Element & {
  /** @deprecated Template type checking only: a Courtyard element has no `$props`. */
  $props: HTMLAttributes & Partial<Pick<Element, Properties>> & PublicProps;
  /** @deprecated Template type checking only: a Courtyard element has no `$emit`. */
  $emit: VueEmit<Events>;
};

type CourtyardComponents = {
  [Name in keyof CourtyardTags]: CourtyardTags[Name] extends Tag<infer Element, infer Properties, infer Events>
    ? DefineCustomElement<Element, Properties, Events>
    : never;
};

declare module 'vue' {
  interface GlobalComponents extends CourtyardComponents {}
}
