// The events a suggestion's topic carries (events/topics.ts), named once for the routes and staff actions.
/** A support added or removed: the new count. */
export const SUPPORTS_EVENT = 'suggestion.supports';
/** What residents may see change (no name, phone or note). */
export const UPDATED_EVENT = 'suggestion.updated';
export const CREATED_EVENT = 'suggestion.created';
/** Moments staff are notified of (webhooks); pages following the suggestion ignore them. */
export const PUBLISHED_EVENT = 'suggestion.published';
export const ANSWERED_EVENT = 'suggestion.answered';
