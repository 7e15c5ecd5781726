// What each Courtyard tag takes in a framework's templates: its public properties (the attributes among
// them) and the events it fires. react.d.ts and vue.d.ts turn this into each framework's own types; the
// package test checks both against custom-elements.json.
import type {
  CourtyardErrorDetail,
  CourtyardNotices,
  CourtyardPoll,
  CourtyardQueuedDetail,
  CourtyardRepairRequest,
  CourtyardRota,
  CourtyardSubmitDetail,
  CourtyardSubmittedDetail,
  CourtyardSuggestionBoard,
  CourtyardSuggestionBox,
  CourtyardTopics,
} from '../dist/index.js';

/** Every widget's own: `site`, `api`, `lang`, `theme`, and the properties `strings` and `outbox`. */
export type SharedProperties = 'site' | 'api' | 'lang' | 'theme' | 'strings' | 'outbox';

export interface ErrorEvents {
  'courtyard-error': CustomEvent<CourtyardErrorDetail>;
}

export interface SubmitEvents extends ErrorEvents {
  'courtyard-submit': CustomEvent<CourtyardSubmitDetail>;
  'courtyard-submitted': CustomEvent<CourtyardSubmittedDetail>;
  'courtyard-queued': CustomEvent<CourtyardQueuedDetail>;
}

export interface Tag<Element extends HTMLElement, Properties extends keyof Element, Events> {
  element: Element;
  properties: Properties;
  events: Events;
}

export interface CourtyardTags {
  'courtyard-suggestion-box': Tag<CourtyardSuggestionBox, SharedProperties, SubmitEvents>;
  'courtyard-suggestion-board': Tag<
    CourtyardSuggestionBoard,
    SharedProperties | 'sort' | 'status' | 'follow',
    ErrorEvents
  >;
  'courtyard-poll': Tag<CourtyardPoll, SharedProperties | 'poll' | 'code', SubmitEvents>;
  'courtyard-repair-request': Tag<CourtyardRepairRequest, SharedProperties | 'code', SubmitEvents>;
  'courtyard-notices': Tag<CourtyardNotices, SharedProperties | 'building' | 'unit', SubmitEvents>;
  'courtyard-topics': Tag<CourtyardTopics, SharedProperties | 'building' | 'unit', SubmitEvents>;
  'courtyard-rota': Tag<CourtyardRota, SharedProperties | 'rota', SubmitEvents>;
}
