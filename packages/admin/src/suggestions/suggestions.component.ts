import { type Language, SuggestionModerations, SuggestionStatuses } from '@courtyard/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { AdminApiError } from '../api/request.js';
import type { StaffMember } from '../api/session.js';
import { StaffEventsController } from '../api/staff-events.js';
import {
  approveAndTrust,
  getSuggestion,
  listSuggestions,
  type ModerationAction,
  mergeSuggestion,
  moderateSuggestion,
  photoUrl,
  revealPhone,
  type StaffSuggestion,
  type SuggestionFilter,
  type SuggestionModeration,
  type SuggestionStatus,
  untrustAuthor,
  updateSuggestion,
} from '../api/suggestions.js';
import { baseStyles } from '../styles.js';
import { boardPreviewStyles, renderBoardPreview } from './board-preview.js';
import { suggestionsStyles } from './suggestions.styles.js';
import { suggestionsText } from './translations.js';

type Done = keyof (typeof suggestionsText)['en']['done'];

/**
 * @summary Suggestions: the moderation queue with filters (publish, reject, spam, publish-and-trust) and, at
 * /admin/suggestions/<id>, one suggestion with its photo, contact, status and official response (with a
 * preview of the board), internal note and merging into another.
 */
export class CourtyardAdminSuggestions extends LitElement {
  static override styles = [baseStyles, suggestionsStyles, boardPreviewStyles];

  @query('h2') private heading!: HTMLHeadingElement;

  @state() private filter: SuggestionFilter = { moderation: 'pending' };
  @state() private items?: StaffSuggestion[];
  @state() private nextCursor: string | null = null;
  @state() private item?: StaffSuggestion;
  @state() private draftStatus: SuggestionStatus = 'received';
  @state() private draftResponse = '';
  @state() private draftNote = '';
  @state() private phone?: string | null;
  @state() private mergeTargets: StaffSuggestion[] = [];
  @state() private mergeInto = '';
  @state() private confirmingMerge = false;
  @state() private busy = false;
  @state() private message = '';
  @state() private error = '';

  @property({ attribute: false }) staff!: StaffMember;
  @property({ attribute: false }) language: Language = 'en';
  @property({ attribute: false }) route: string[] = [];

  protected readonly live = new StaffEventsController(this, {
    types: ['suggestion.created', 'suggestion.updated', 'suggestion.supports'],
    onEvent: () => void (this.detailId ? this.loadItem(false) : this.loadList()),
  });

  private get t() {
    return suggestionsText[this.language];
  }

  private get detailId(): string | undefined {
    return this.route[0];
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route')) {
      const before = changed.get('route') as string[] | undefined;
      if (before?.[0] === this.detailId && before !== undefined) return;
      this.message = '';
      this.error = '';
      if (this.detailId) void this.loadItem(true);
      else void this.loadList();
    }
  }

  /** Moves focus to the heading so a screen reader announces the new view. */
  override focus() {
    this.updateComplete.then(() => this.heading?.focus());
  }

  private fail(error: unknown) {
    const code = error instanceof AdminApiError ? error.code : 'unexpected';
    this.error = this.t.errors[code] ?? this.t.errors.unexpected ?? '';
  }

  private announce(done: Done) {
    this.error = '';
    // Cleared first, so saying the same thing twice is announced twice.
    this.message = '';
    void this.updateComplete.then(() => {
      this.message = this.t.done[done];
    });
  }

  // --- the list ---

  private async loadList(more = false) {
    try {
      const page = await listSuggestions(this.filter, more ? this.nextCursor : null);
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.fail(error);
    }
  }

  private onFilter(key: 'moderation' | 'status', event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    this.filter = { ...this.filter, [key]: value || undefined };
    this.items = undefined;
    void this.loadList();
  }

  private async moderate(item: StaffSuggestion, action: ModerationAction | 'trust') {
    const index = this.items?.indexOf(item) ?? -1;
    this.busy = true;
    try {
      if (action === 'trust') await approveAndTrust(item.id);
      else await moderateSuggestion(item.id, action);
      await this.loadList();
      this.announce(action);
      // The item may have left the queue: focus goes to the one now in its place, else the heading.
      await this.updateComplete;
      const next = this.renderRoot.querySelectorAll<HTMLElement>('article.item')[Math.max(0, index)];
      (next ?? this.heading)?.focus();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  // --- one suggestion ---

  private async loadItem(fresh: boolean) {
    const id = this.detailId;
    if (!id) return;
    try {
      const item = await getSuggestion(id);
      if (id !== this.detailId) return;
      this.item = item;
      if (fresh) {
        this.resetDrafts(item);
        this.phone = undefined;
        this.mergeInto = '';
        this.confirmingMerge = false;
        void this.loadMergeTargets(item.id);
      }
    } catch (error) {
      this.item = undefined;
      this.fail(error);
    }
  }

  private resetDrafts(item: StaffSuggestion) {
    this.draftStatus = item.status;
    this.draftResponse = item.response ?? '';
    this.draftNote = item.note ?? '';
  }

  private async loadMergeTargets(id: string) {
    try {
      const page = await listSuggestions({ moderation: 'published', limit: 200 });
      this.mergeTargets = page.items.filter((entry) => entry.id !== id && !entry.mergedIntoId);
    } catch {
      this.mergeTargets = [];
    }
  }

  private async act(done: Done, call: () => Promise<StaffSuggestion>) {
    this.busy = true;
    try {
      this.item = await call();
      this.announce(done);
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private onSave(event: SubmitEvent) {
    event.preventDefault();
    const item = this.item;
    if (!item) return;
    const response = this.draftResponse.trim() === '' ? null : this.draftResponse;
    const changes: { status?: SuggestionStatus; response?: string | null } = {};
    if (this.draftStatus !== item.status) changes.status = this.draftStatus;
    if (response !== item.response) changes.response = response;
    if (Object.keys(changes).length === 0) {
      this.announce('saved');
      return;
    }
    void this.act('saved', () => updateSuggestion(item.id, changes));
  }

  private onSaveNote(event: SubmitEvent) {
    event.preventDefault();
    const item = this.item;
    if (!item) return;
    void this.act('note', () =>
      updateSuggestion(item.id, { note: this.draftNote.trim() === '' ? null : this.draftNote }),
    );
  }

  private async onReveal() {
    const item = this.item;
    if (!item) return;
    try {
      this.phone = (await revealPhone(item.id)).phone;
    } catch (error) {
      this.fail(error);
    }
  }

  /** Staff erased the name, phone and photo on the sender's request: show the suggestion without them. */
  private async onErased() {
    const item = this.item;
    if (!item) return;
    this.phone = undefined;
    try {
      this.item = await getSuggestion(item.id);
    } catch (error) {
      this.fail(error);
    }
  }

  private onMerge(event: SubmitEvent) {
    event.preventDefault();
    const item = this.item;
    if (!item || !this.mergeInto) return;
    if (!this.confirmingMerge) {
      this.confirmingMerge = true;
      return;
    }
    const into = this.mergeInto;
    this.confirmingMerge = false;
    void this.act('merged', async () => {
      await mergeSuggestion(item.id, into);
      return getSuggestion(item.id);
    });
  }

  // --- rendering ---

  private formatDate(iso: string): string {
    return new Intl.DateTimeFormat(this.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private renderModeration(item: StaffSuggestion, describedBy: string) {
    const t = this.t;
    const button = (action: ModerationAction, label: string, current: SuggestionModeration) =>
      item.moderation === current
        ? nothing
        : html`<button class=${action === 'publish' ? 'primary' : 'secondary'} type="button" aria-describedby=${describedBy}
            ?disabled=${this.busy} @click=${() => (this.detailId ? this.act(action, () => moderateSuggestion(item.id, action)) : this.moderate(item, action))}>${label}</button>`;
    const canTrust = item.authorDevice && !item.authorTrusted;
    return html`<div class="buttons" role="group" aria-label=${t.actions}>
      ${button('publish', t.publish, 'published')} ${button('reject', t.reject, 'rejected')} ${button('spam', t.spam, 'spam')}
      ${
        canTrust
          ? html`<button class="secondary" type="button" aria-describedby=${`${describedBy} trust-help`} ?disabled=${this.busy}
              @click=${() => (this.detailId ? this.act('trust', () => approveAndTrust(item.id)) : this.moderate(item, 'trust'))}>${t.approveAndTrust}</button>`
          : nothing
      }
    </div>`;
  }

  private renderListItem(item: StaffSuggestion) {
    const t = this.t;
    const textId = `text-${item.id}`;
    return html`<li>
      <article class="item" tabindex="-1" aria-labelledby=${textId}>
        <p class="meta">
          <span class="tag">${t.moderation[item.moderation]}</span>
          <span>${t.status[item.status]}</span>
          <span>${t.supports(item.supportCount)}</span>
          <span class="muted">${t.sent} <time datetime=${item.createdAt}>${this.formatDate(item.createdAt)}</time></span>
        </p>
        <p class="text" id=${textId}>${item.text}</p>
        <p class="meta muted">
          <span>${t.from}: ${item.name ?? t.anonymous}${item.phoneMasked ? ` · ${item.phoneMasked}` : ''}</span>
          ${item.authorTrusted ? html`<span>${t.trusted}</span>` : nothing}
        </p>
        ${this.renderModeration(item, textId)}
        <a class="open" href=${`/admin/suggestions/${encodeURIComponent(item.id)}`} aria-describedby=${textId}>${t.open}</a>
      </article>
    </li>`;
  }

  private renderList() {
    const t = this.t;
    const select = (
      key: 'moderation' | 'status',
      label: string,
      values: readonly string[],
      names: Record<string, string>,
    ) =>
      html`<div class="field">
        <label for=${`filter-${key}`}>${label}</label>
        <select id=${`filter-${key}`} @change=${(event: Event) => this.onFilter(key, event)}>
          <option value="" ?selected=${!this.filter[key]}>${t.any}</option>
          ${values.map((value) => html`<option value=${value} ?selected=${this.filter[key] === value}>${names[value]}</option>`)}
        </select>
      </div>`;
    return html`<section aria-labelledby="suggestions-title">
      <h2 id="suggestions-title" tabindex="-1">${t.title}</h2>
      <p>${t.intro}</p>
      <p class="help muted" id="trust-help"><strong>${t.approveAndTrust}:</strong> ${t.trustHelp}</p>
      <fieldset class="filters">
        <legend class="muted">${t.filters}</legend>
        ${select('moderation', t.moderationFilter, SuggestionModerations, t.moderation)}
        ${select('status', t.statusFilter, SuggestionStatuses, t.status)}
      </fieldset>
      <p role="status">${this.message || (this.items ? (this.items.length ? t.shown(this.items.length) : t.empty) : t.loading)}</p>
      <p role="alert" class="alert">${this.error}</p>
      ${this.items?.length ? html`<ol>${this.items.map((item) => this.renderListItem(item))}</ol>` : nothing}
      ${this.nextCursor ? html`<button class="secondary" type="button" @click=${() => this.loadList(true)}>${t.more}</button>` : nothing}
    </section>`;
  }

  private renderDetail(item: StaffSuggestion) {
    const t = this.t;
    const published = item.moderation === 'published' && !item.mergedIntoId;
    const preview = renderBoardPreview(
      {
        text: item.text,
        status: this.draftStatus,
        response: this.draftResponse,
        respondedAt: this.draftResponse.trim() === (item.response ?? '') ? item.respondedAt : null,
        createdAt: item.createdAt,
        supportCount: item.supportCount,
      },
      this.language,
    );
    return html`<div class="detail">
      <section class="wide" aria-labelledby="text-title">
        <h3 id="text-title">${t.text}</h3>
        <p class="meta">
          <span class="tag">${t.moderation[item.moderation]}</span>
          <span>${t.status[item.status]}</span>
          <span>${t.supports(item.supportCount)}</span>
          <span class="muted">${t.sent} <time datetime=${item.createdAt}>${this.formatDate(item.createdAt)}</time></span>
        </p>
        ${item.reviewReason ? html`<p class="help">${t.flagged[item.reviewReason]}</p>` : nothing}
        <p class="text" id="detail-text">${item.text}</p>
        ${item.photoIds.map((photoId) => html`<img src=${photoUrl(item.id, photoId)} alt=${t.photo} />`)}
        ${
          item.mergedIntoId
            ? html`<p>${t.mergedInto} <a href=${`/admin/suggestions/${item.mergedIntoId}`}>${t.openMerged}</a></p>`
            : this.renderModeration(item, 'detail-text')
        }
        ${
          item.authorTrusted
            ? html`<p>${t.trusted}</p>
              <button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.act('untrust', () => untrustAuthor(item.id))}>${t.untrust}</button>`
            : item.authorDevice
              ? html`<p class="help muted" id="trust-help">${t.trustHelp}</p>`
              : nothing
        }
      </section>
      <section aria-labelledby="contact-title">
        <h3 id="contact-title">${t.contact}</h3>
        <dl>
          <dt>${t.name}</dt>
          <dd>${item.name ?? t.anonymous}</dd>
          <dt>${t.phone}</dt>
          <dd>${this.phone ?? item.phoneMasked ?? t.noPhone}</dd>
          <dt>${t.followCode}</dt>
          <dd>${item.followCode}</dd>
          ${item.siteKey ? html`<dt>${t.site}</dt><dd>${item.siteKey}</dd>` : nothing}
        </dl>
        ${
          item.phoneMasked && this.phone === undefined
            ? html`<button class="secondary" type="button" aria-describedby="reveal-help" @click=${this.onReveal}>${t.revealPhone}</button>
              <p class="help muted" id="reveal-help">${t.revealHelp}</p>`
            : nothing
        }
        <courtyard-admin-erase-button kind="suggestions" item-id=${item.id} .language=${this.language}
          ?empty=${!(item.name || item.phoneMasked || item.photoIds.length > 0)}
          @courtyard-admin-erased=${this.onErased}></courtyard-admin-erase-button>
      </section>
      <section aria-labelledby="answer-title">
        <h3 id="answer-title">${t.answerTitle}</h3>
        <form @submit=${this.onSave}>
          <div class="field">
            <label for="status">${t.statusLabel}</label>
            <select id="status" @change=${(event: Event) => (this.draftStatus = (event.target as HTMLSelectElement).value as SuggestionStatus)}>
              ${SuggestionStatuses.map((value) => html`<option value=${value} ?selected=${this.draftStatus === value}>${t.status[value]}</option>`)}
            </select>
          </div>
          <label>${t.responseLabel}
            <textarea maxlength="4000" aria-describedby="response-help" .value=${this.draftResponse}
              @input=${(event: Event) => (this.draftResponse = (event.target as HTMLTextAreaElement).value)}></textarea>
          </label>
          <p class="help muted" id="response-help">${t.responseHelp}</p>
          <div><button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button></div>
        </form>
      </section>
      <section aria-labelledby="preview-title">
        <h3 id="preview-title">${t.previewTitle}</h3>
        ${published ? nothing : html`<p class="muted">${t.previewHidden}</p>`}
        ${preview}
      </section>
      <section aria-labelledby="note-title">
        <h3 id="note-title">${t.noteTitle}</h3>
        <form @submit=${this.onSaveNote}>
          <label>${t.noteLabel}
            <textarea maxlength="4000" .value=${this.draftNote}
              @input=${(event: Event) => (this.draftNote = (event.target as HTMLTextAreaElement).value)}></textarea>
          </label>
          <div><button class="secondary" type="submit" ?disabled=${this.busy}>${t.saveNote}</button></div>
        </form>
      </section>
      ${
        item.mergedIntoId
          ? nothing
          : html`<section aria-labelledby="merge-title">
            <h3 id="merge-title">${t.mergeTitle}</h3>
            <p class="help" id="merge-help">${t.mergeHelp}</p>
            <form @submit=${this.onMerge}>
              <div class="field">
                <label for="merge-into">${t.mergeInto}</label>
                <select id="merge-into" aria-describedby="merge-help" @change=${(event: Event) => {
                  this.mergeInto = (event.target as HTMLSelectElement).value;
                  this.confirmingMerge = false;
                }}>
                  <option value="" ?selected=${!this.mergeInto}>${t.choose}</option>
                  ${this.mergeTargets.map(
                    (target) =>
                      html`<option value=${target.id} ?selected=${this.mergeInto === target.id}>${target.text.slice(0, 80)}</option>`,
                  )}
                </select>
              </div>
              <div class="buttons">
                <button class=${this.confirmingMerge ? 'primary' : 'secondary'} type="submit" ?disabled=${this.busy || !this.mergeInto}>
                  ${this.confirmingMerge ? t.confirmMerge : t.merge}
                </button>
                ${this.confirmingMerge ? html`<button class="secondary" type="button" @click=${() => (this.confirmingMerge = false)}>${t.cancel}</button>` : nothing}
              </div>
            </form>
          </section>`
      }
    </div>`;
  }

  override render() {
    const t = this.t;
    if (!this.detailId) return this.renderList();
    const item = this.item?.id === this.detailId ? this.item : undefined;
    return html`<section aria-labelledby="suggestion-title">
      <a class="back" href="/admin/suggestions">${t.back}</a>
      <h2 id="suggestion-title" tabindex="-1">${t.detailTitle}</h2>
      <p role="status">${this.message || (item || this.error ? '' : t.loading)}</p>
      <p role="alert" class="alert">${this.error}</p>
      ${item ? this.renderDetail(item) : nothing}
    </section>`;
  }
}
