// @courtyard/widgets for developers: classes, controllers and helpers, with no side effects. Register tags
// with `@courtyard/widgets/<widget>/define` (one each) or `@courtyard/widgets/all`, or subclass and
// `define()` your own.
export type { Language } from '@courtyard/protocol';
export { ApiError, type ClientErrorCode, NETWORK_ERROR } from './api/api-error.js';
export { CourtyardClient, type FormField, sendWrite, type WriteRequest, type WriteResult } from './api/client.js';
export { Outbox, type OutboxOptions, type SendOutcome } from './api/outbox.js';
export { voterToken } from './api/voter-token.js';
export { CourtyardNotices } from './components/notices/notices.component.js';
export { CourtyardPoll } from './components/poll/poll.component.js';
export { CourtyardRepairRequest } from './components/repair-request/repair-request.component.js';
export { CourtyardRota } from './components/rota/rota.component.js';
export { CourtyardSuggestionBoard } from './components/suggestion-board/suggestion-board.component.js';
export { CourtyardSuggestionBox } from './components/suggestion-box/suggestion-box.component.js';
export { CourtyardTopics } from './components/topics/topics.component.js';
export { LiveController } from './controllers/live-controller.js';
export { type LiveEvent, LiveHub } from './controllers/live-hub.js';
export {
  LocalizeController,
  type LocalizeHost,
  type Lookup,
  type Placeholders,
  setStrings,
  type Translations,
} from './controllers/localize-controller.js';
export { type Submission, SubmissionController, type SubmissionState } from './controllers/submission-controller.js';
export { CourtyardElement, type Theme } from './internal/courtyard-element.js';
export { setDefaults, type WidgetDefaults } from './internal/defaults.js';
export type {
  CourtyardErrorDetail,
  CourtyardEventDetails,
  CourtyardEventName,
  CourtyardQueuedDetail,
  CourtyardSubmitDetail,
  CourtyardSubmittedDetail,
} from './internal/events.js';
export { controls } from './styles/controls.js';
export { theme } from './styles/theme.js';
export type { StringKey, StringOverrides, Translation, WidgetStringKey } from './translations/types.js';
