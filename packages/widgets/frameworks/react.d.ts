// JSX types for React 19: every <courtyard-…> tag with its properties and its events as
// `oncourtyard-…` props. React 19 sets a prop as a property when the element has one (register the tags
// before rendering) and listens to `on<event name>` exactly as written, so the event props keep the
// event's own kebab-case name: `oncourtyard-submitted`, not `onCourtyardSubmitted`.
// Use: `"types": ["@courtyard/widgets/react"]` in tsconfig.json, or `import '@courtyard/widgets/react'`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CourtyardTags, Tag } from './tags.js';

type EventProps<Events> = {
  [Name in keyof Events as `on${Name & string}`]?: (event: Events[Name]) => void;
};

type ReactProps<Element extends HTMLElement, Properties extends keyof Element, Events> = Omit<
  DetailedHTMLProps<HTMLAttributes<Element>, Element>,
  Properties
> &
  Partial<Pick<Element, Properties>> &
  EventProps<Events>;

type CourtyardIntrinsicElements = {
  [Name in keyof CourtyardTags]: CourtyardTags[Name] extends Tag<infer Element, infer Properties, infer Events>
    ? ReactProps<Element, Properties, Events>
    : never;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CourtyardIntrinsicElements {}
  }
}
