// What a suggestion shows both in the queue and on its own page: its badges line, and the moderation buttons
// (publish, reject, spam, and publish-and-trust when it came from a device staff can trust).
import { html, nothing } from 'lit';
import type { ModerationAction, StaffSuggestion, SuggestionModeration } from '../api/suggestions.js';
import type { SuggestionsText } from './translations.js';

export type Moderation = ModerationAction | 'trust';

export function renderModeration(
  t: SuggestionsText,
  item: StaffSuggestion,
  describedBy: string,
  busy: boolean,
  onModerate: (item: StaffSuggestion, action: Moderation) => void,
) {
  const button = (action: ModerationAction, label: string, current: SuggestionModeration) =>
    item.moderation === current
      ? nothing
      : html`<button class=${action === 'publish' ? 'primary' : 'secondary'} type="button" aria-describedby=${describedBy}
          ?disabled=${busy} @click=${() => onModerate(item, action)}>${label}</button>`;
  const canTrust = item.authorDevice && !item.authorTrusted;
  return html`<div class="buttons" role="group" aria-label=${t.actions}>
    ${button('publish', t.publish, 'published')} ${button('reject', t.reject, 'rejected')} ${button('spam', t.spam, 'spam')}
    ${
      canTrust
        ? html`<button class="secondary" type="button" aria-describedby=${`${describedBy} trust-help`} ?disabled=${busy}
            @click=${() => onModerate(item, 'trust')}>${t.approveAndTrust}</button>`
        : nothing
    }
  </div>`;
}

export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Moderation, status, supports and when it was sent. */
export function renderMeta(t: SuggestionsText, item: StaffSuggestion, language: string) {
  return html`<p class="meta">
    <span class="tag">${t.moderation[item.moderation]}</span>
    <span>${t.status[item.status]}</span>
    <span>${t.supports(item.supportCount)}</span>
    <span class="muted">${t.sent} <time datetime=${item.createdAt}>${formatDate(item.createdAt, language)}</time></span>
  </p>`;
}
