// The new-topic form: from scratch on the Topics list, or at /admin/topics/new?suggestions=<id>,<id> with the
// suggestions staff chose on the Suggestions screen ("Make a topic"), each kept or left out by its box, and
// the title and summary started from their text.
import { html, type TemplateResult } from 'lit';
import type { StaffSuggestion } from '../api/suggestions.js';
import type { TopicsTranslation } from './translations.js';

export interface TopicFormView {
  t: TopicsTranslation;
  /** The suggestions it grows from (none: from scratch). */
  chosen: StaffSuggestion[];
  placeOptions: TemplateResult;
  onSubmit(event: SubmitEvent): void;
}

/** The ids the Suggestions screen put in the address (`?suggestions=a,b`), at most 20. */
export function suggestionIdsOf(search: string): string[] {
  const ids = new URLSearchParams(search).get('suggestions')?.split(',') ?? [];
  return [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))].slice(0, 20);
}

/** A title to start from: the first suggestion's first sentence. */
const titleFrom = (chosen: StaffSuggestion[]) =>
  chosen[0]?.text
    .split(/[。！？!?\n]/)[0]
    ?.trim()
    .slice(0, 60) ?? '';

export function renderTopicForm(view: TopicFormView): TemplateResult {
  const { t, chosen } = view;
  return html`<form @submit=${view.onSubmit}>
    ${
      chosen.length
        ? html`<fieldset><legend>${t.fromSuggestions}</legend>
          ${chosen.map(
            (item) =>
              html`<label class="check"><input type="checkbox" name="suggestion" value=${item.id} checked /> ${item.text}</label>`,
          )}
        </fieldset>`
        : html`<p class="muted">${t.fromSuggestionsHint} <a href="/admin/suggestions">${t.toSuggestions}</a></p>`
    }
    <label>${t.topicTitle}<input name="title" required maxlength="120" .value=${titleFrom(chosen)}></label>
    <label>${t.summary}<textarea name="summary" maxlength="4000" .value=${chosen.map((item) => item.text).join('\n')}></textarea></label>
    <label>${t.place}<select name="place">${view.placeOptions}</select></label>
    <button type="submit" class="primary">${t.create}</button>
  </form>`;
}
