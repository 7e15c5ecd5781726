// One suggestion at /admin/suggestions/<id>: its text and photo, the contact (phone masked until revealed),
// the status and official response with a preview of the board, the internal note, merging into another, and
// "Make a topic" from it.
import { type Language, SuggestionStatuses } from '@courtyard/protocol';
import { html, nothing } from 'lit';
import { photoUrl, type StaffSuggestion, type SuggestionStatus } from '../api/suggestions.js';
import { sourceName } from '../recorded/sources.js';
import { renderBoardPreview } from './board-preview.js';
import { type Moderation, renderMeta, renderModeration } from './parts.js';
import type { SuggestionsText } from './translations.js';

export interface DetailView {
  t: SuggestionsText;
  language: Language;
  item: StaffSuggestion;
  draftStatus: SuggestionStatus;
  draftResponse: string;
  draftNote: string;
  /** The revealed phone number; undefined until revealed. */
  phone: string | null | undefined;
  mergeTargets: StaffSuggestion[];
  mergeInto: string;
  confirmingMerge: boolean;
  busy: boolean;
  onModerate(item: StaffSuggestion, action: Moderation): void;
  onUntrust(): void;
  onReveal(): void;
  onErased(): void;
  onDraftStatus(status: SuggestionStatus): void;
  onDraftResponse(text: string): void;
  onDraftNote(text: string): void;
  onSave(event: SubmitEvent): void;
  onSaveNote(event: SubmitEvent): void;
  onMergeInto(id: string): void;
  onMerge(event: SubmitEvent): void;
  onCancelMerge(): void;
}

const value = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;

function renderText(view: DetailView) {
  const { t, item } = view;
  return html`<section class="wide" aria-labelledby="text-title">
    <h3 id="text-title">${t.text}</h3>
    ${renderMeta(t, item, view.language)}
    ${item.reviewReason ? html`<p class="help">${t.flagged[item.reviewReason]}</p>` : nothing}
    <p class="text" id="detail-text">${item.text}</p>
    ${item.photoIds.map((photoId) => html`<img src=${photoUrl(item.id, photoId)} alt=${t.photo} />`)}
    ${
      item.mergedIntoId
        ? html`<p>${t.mergedInto} <a href=${`/admin/suggestions/${item.mergedIntoId}`}>${t.openMerged}</a></p>`
        : renderModeration(t, item, 'detail-text', view.busy, view.onModerate)
    }
    ${
      // A topic grows from it here as from the list (a merged one's topic grows from the one it was merged into).
      item.moderation === 'spam' || item.mergedIntoId
        ? nothing
        : html`<p><a class="button primary" href=${`/admin/topics/new?suggestions=${item.id}`} aria-describedby="detail-text">${t.makeTopic}</a></p>`
    }
    ${
      item.authorTrusted
        ? html`<p>${t.trusted}</p>
          <button class="secondary" type="button" ?disabled=${view.busy} @click=${view.onUntrust}>${t.untrust}</button>`
        : item.authorDevice
          ? html`<p class="help muted" id="trust-help">${t.trustHelp}</p>`
          : nothing
    }
  </section>`;
}

function renderContact(view: DetailView) {
  const { t, item } = view;
  return html`<section aria-labelledby="contact-title">
    <h3 id="contact-title">${t.contact}</h3>
    <dl class="pairs">
      <dt>${t.name}</dt>
      <dd>${item.name ?? t.anonymous}</dd>
      <dt>${t.phone}</dt>
      <dd>${view.phone ?? item.phoneMasked ?? t.noPhone}</dd>
      <dt>${t.followCode}</dt>
      <dd>${item.followCode}</dd>
      ${item.siteKey ? html`<dt>${t.site}</dt><dd>${item.siteKey}</dd>` : nothing}
      ${item.source === 'widget' ? nothing : html`<dt>${t.source}</dt><dd>${sourceName(view.language, item.source)}</dd>`}
      ${item.contactConsent === null ? nothing : html`<dt>${t.consent}</dt><dd>${item.contactConsent ? t.consentYes : t.consentNo}</dd>`}
      ${item.contactNote ? html`<dt>${t.contactNote}</dt><dd>${item.contactNote}</dd>` : nothing}
    </dl>
    ${
      item.phoneMasked && view.phone === undefined
        ? html`<button class="secondary" type="button" aria-describedby="reveal-help" @click=${view.onReveal}>${t.revealPhone}</button>
          <p class="help muted" id="reveal-help">${t.revealHelp}</p>`
        : nothing
    }
    <courtyard-admin-erase-button kind="suggestions" item-id=${item.id} .language=${view.language}
      ?empty=${!(item.name || item.phoneMasked || item.contactNote || item.photoIds.length > 0)}
      @courtyard-admin-erased=${view.onErased}></courtyard-admin-erase-button>
  </section>`;
}

function renderAnswer(view: DetailView) {
  const { t, item } = view;
  const published = item.moderation === 'published' && !item.mergedIntoId;
  const preview = renderBoardPreview(
    {
      text: item.text,
      status: view.draftStatus,
      response: view.draftResponse,
      respondedAt: view.draftResponse.trim() === (item.response ?? '') ? item.respondedAt : null,
      createdAt: item.createdAt,
      supportCount: item.supportCount,
    },
    view.language,
  );
  return html`<section aria-labelledby="answer-title">
      <h3 id="answer-title">${t.answerTitle}</h3>
      <form @submit=${view.onSave}>
        <div class="field">
          <label for="status">${t.statusLabel}</label>
          <select id="status" @change=${(event: Event) => view.onDraftStatus(value(event) as SuggestionStatus)}>
            ${SuggestionStatuses.map((status) => html`<option value=${status} ?selected=${view.draftStatus === status}>${t.status[status]}</option>`)}
          </select>
        </div>
        <label>${t.responseLabel}
          <textarea maxlength="4000" aria-describedby="response-help" .value=${view.draftResponse}
            @input=${(event: Event) => view.onDraftResponse(value(event))}></textarea>
        </label>
        <p class="help muted" id="response-help">${t.responseHelp}</p>
        <div><button class="primary" type="submit" ?disabled=${view.busy}>${t.save}</button></div>
      </form>
    </section>
    <section aria-labelledby="preview-title">
      <h3 id="preview-title">${t.previewTitle}</h3>
      ${published ? nothing : html`<p class="muted">${t.previewHidden}</p>`}
      ${preview}
    </section>`;
}

function renderNote(view: DetailView) {
  const { t } = view;
  return html`<section aria-labelledby="note-title">
    <h3 id="note-title">${t.noteTitle}</h3>
    <form @submit=${view.onSaveNote}>
      <label>${t.noteLabel}
        <textarea maxlength="4000" .value=${view.draftNote}
          @input=${(event: Event) => view.onDraftNote(value(event))}></textarea>
      </label>
      <div><button class="secondary" type="submit" ?disabled=${view.busy}>${t.saveNote}</button></div>
    </form>
  </section>`;
}

function renderMerge(view: DetailView) {
  const { t } = view;
  return html`<section aria-labelledby="merge-title">
    <h3 id="merge-title">${t.mergeTitle}</h3>
    <p class="help" id="merge-help">${t.mergeHelp}</p>
    <form @submit=${view.onMerge}>
      <div class="field">
        <label for="merge-into">${t.mergeInto}</label>
        <select id="merge-into" aria-describedby="merge-help" @change=${(event: Event) => view.onMergeInto(value(event))}>
          <option value="" ?selected=${!view.mergeInto}>${t.choose}</option>
          ${view.mergeTargets.map(
            (target) =>
              html`<option value=${target.id} ?selected=${view.mergeInto === target.id}>${target.text.slice(0, 80)}</option>`,
          )}
        </select>
      </div>
      <div class="buttons">
        <button class=${view.confirmingMerge ? 'primary' : 'secondary'} type="submit" ?disabled=${view.busy || !view.mergeInto}>
          ${view.confirmingMerge ? t.confirmMerge : t.merge}
        </button>
        ${view.confirmingMerge ? html`<button class="secondary" type="button" @click=${view.onCancelMerge}>${t.cancel}</button>` : nothing}
      </div>
    </form>
  </section>`;
}

export function renderDetail(view: DetailView) {
  return html`<div class="detail">
    ${renderText(view)} ${renderContact(view)} ${renderAnswer(view)} ${renderNote(view)}
    ${view.item.mergedIntoId ? nothing : renderMerge(view)}
  </div>`;
}
