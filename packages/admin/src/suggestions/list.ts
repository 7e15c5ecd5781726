// The moderation queue at /admin/suggestions: filters by moderation and status, then the suggestions with
// their moderation buttons and a link to each one's page.
import { type Language, SuggestionModerations, SuggestionStatuses } from '@courtyard/protocol';
import { html, nothing } from 'lit';
import type { StaffSuggestion, SuggestionFilter } from '../api/suggestions.js';
import { type Moderation, renderMeta, renderModeration } from './parts.js';
import type { SuggestionsText } from './translations.js';

export type FilterKey = 'moderation' | 'status';

export interface ListView {
  t: SuggestionsText;
  language: Language;
  filter: SuggestionFilter;
  items: StaffSuggestion[] | undefined;
  hasMore: boolean;
  busy: boolean;
  message: string;
  error: string;
  onFilter(key: FilterKey, event: Event): void;
  onModerate(item: StaffSuggestion, action: Moderation): void;
  onMore(): void;
  /** Suggestions chosen to become one topic (the Topics screen opens with them). */
  chosen: ReadonlySet<string>;
  onChoose(item: StaffSuggestion, chosen: boolean): void;
}

/** Choosing suggestions for a topic: a box on each, and "Make a topic" once one is chosen. */
const renderChoose = (view: ListView, item: StaffSuggestion, textId: string) =>
  item.moderation === 'spam'
    ? nothing
    : html`<label class="check"><input type="checkbox" aria-describedby=${textId} .checked=${view.chosen.has(item.id)}
        @change=${(event: Event) => view.onChoose(item, (event.target as HTMLInputElement).checked)} /> ${view.t.chooseForTopic}</label>`;
const renderMakeTopic = ({ t, chosen }: ListView) =>
  html`<p role="status">${chosen.size ? t.chosenForTopic(chosen.size) : ''}</p>
    ${chosen.size ? html`<p><a class="button primary" href=${`/admin/topics/new?suggestions=${[...chosen].join(',')}`}>${t.makeTopic}</a></p>` : nothing}`;

function renderItem(view: ListView, item: StaffSuggestion) {
  const { t } = view;
  const textId = `text-${item.id}`;
  return html`<li>
    <article class="item card-item" tabindex="-1" aria-labelledby=${textId}>
      ${renderMeta(t, item, view.language)}
      <p class="text" id=${textId}>${item.text}</p>
      <p class="meta muted">
        <span>${t.from}: ${item.name ?? t.anonymous}${item.phoneMasked ? ` · ${item.phoneMasked}` : ''}</span>
        ${item.authorTrusted ? html`<span>${t.trusted}</span>` : nothing}
      </p>
      ${renderModeration(t, item, textId, view.busy, view.onModerate)}
      ${renderChoose(view, item, textId)}
      <a class="open" href=${`/admin/suggestions/${encodeURIComponent(item.id)}`} aria-describedby=${textId}>${t.open}</a>
    </article>
  </li>`;
}

export function renderList(view: ListView) {
  const { t, filter, items } = view;
  const select = (key: FilterKey, label: string, values: readonly string[], names: Record<string, string>) =>
    html`<div class="field">
      <label for=${`filter-${key}`}>${label}</label>
      <select id=${`filter-${key}`} @change=${(event: Event) => view.onFilter(key, event)}>
        <option value="" ?selected=${!filter[key]}>${t.any}</option>
        ${values.map((value) => html`<option value=${value} ?selected=${filter[key] === value}>${names[value]}</option>`)}
      </select>
    </div>`;
  return html`<section aria-labelledby="suggestions-title">
    <h2 id="suggestions-title" tabindex="-1">${t.title}</h2>
    <p>${t.intro}</p>
    <p><a href="/admin/record/suggestion">${t.recordOnBehalf}</a></p>
    <p class="help muted" id="trust-help"><strong>${t.approveAndTrust}:</strong> ${t.trustHelp}</p>
    <fieldset class="filters">
      <legend class="muted">${t.filters}</legend>
      ${select('moderation', t.moderationFilter, SuggestionModerations, t.moderation)}
      ${select('status', t.statusFilter, SuggestionStatuses, t.status)}
    </fieldset>
    <p role="status">${view.message || (items ? (items.length ? t.shown(items.length) : t.empty) : t.loading)}</p>
    <p role="alert" class="alert">${view.error}</p>
    ${renderMakeTopic(view)}
    ${items?.length ? html`<ol class="feed">${items.map((item) => renderItem(view, item))}</ol>` : nothing}
    ${view.hasMore ? html`<button class="secondary" type="button" @click=${view.onMore}>${t.more}</button>` : nothing}
  </section>`;
}
