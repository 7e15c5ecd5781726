import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { refreshShown, StaffEventsController } from '../api/staff-events.js';
import {
  approveAndTrust,
  getSuggestion,
  listSuggestions,
  mergeSuggestion,
  moderateSuggestion,
  revealPhone,
  type StaffSuggestion,
  type SuggestionFilter,
  type SuggestionStatus,
  untrustAuthor,
  updateSuggestion,
} from '../api/suggestions.js';
import { BusyController } from '../internal/actions.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, feedStyles, formStyles, pairsStyles } from '../styles.js';
import { boardPreviewStyles } from './board-preview.js';
import { renderDetail } from './detail.js';
import { type FilterKey, renderList } from './list.js';
import type { Moderation } from './parts.js';
import { suggestionsStyles } from './suggestions.styles.js';
import { type SuggestionsText, translations } from './translations.js';

type Done = keyof (typeof translations)['en']['done'];

/**
 * @summary Suggestions: the moderation queue with filters (publish, reject, spam, publish-and-trust) and, at
 * /admin/suggestions/<id>, one suggestion with its photo, contact, status and official response (with a
 * preview of the board), internal note and merging into another.
 */
export class CourtyardAdminSuggestions extends AdminScreen<SuggestionsText> {
  static override styles = [baseStyles, feedStyles, pairsStyles, formStyles, suggestionsStyles, boardPreviewStyles];

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
  @state() private message = '';
  @state() private error = '';
  /** Chosen on the list to become one topic; kept while filters change. */
  @state() private chosen: ReadonlySet<string> = new Set();

  protected readonly localize = new LocalizeController(this, translations);
  /** Which action runs now (one at a time): the buttons wait for it; a failure is said in `error`. */
  private readonly actions = new BusyController<'moderate' | 'save'>(this, {
    clear: () => {
      this.error = '';
    },
    fail: (error) => this.fail(error),
  });

  protected readonly live = new StaffEventsController(this, {
    types: ['suggestion.created', 'suggestion.updated', 'suggestion.supports'],
    onEvent: () => void this.refresh(),
  });

  private get detailId(): string | undefined {
    return this.route[0];
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route')) {
      const before = changed.get('route') as string[] | undefined;
      if (before?.[0] === this.detailId && before !== undefined) return;
      this.message = '';
      this.error = '';
      if (this.detailId) void this.loadItem();
      else void this.loadList();
    }
  }

  private fail(error: unknown) {
    this.error = this.localize.errorText(error);
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

  /** After a live event: what is on screen, asked for again (refreshShown drops an answer older than the screen). */
  private async refresh() {
    const id = this.detailId;
    try {
      if (id) {
        const fresh = await refreshShown(
          () => (id === this.detailId && this.item?.id === id ? this.item : undefined),
          () => getSuggestion(id),
        );
        if (fresh) this.item = fresh.answer;
      } else {
        const fresh = await refreshShown(
          () => (this.detailId ? undefined : this.items),
          () => listSuggestions(this.filter, null),
        );
        if (!fresh) return;
        this.items = fresh.answer.items;
        this.nextCursor = fresh.answer.nextCursor;
      }
    } catch {
      // A live refresh that fails leaves the screen as it was; the next event or a reload tries again.
    }
  }

  private async loadList(more = false) {
    try {
      const page = await listSuggestions(this.filter, more ? this.nextCursor : null);
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.fail(error);
    }
  }

  private onFilter(key: FilterKey, event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    this.filter = { ...this.filter, [key]: value || undefined };
    this.items = undefined;
    void this.loadList();
  }

  private async moderate(item: StaffSuggestion, action: Moderation) {
    const index = this.items?.indexOf(item) ?? -1;
    await this.actions.run('moderate', async () => {
      if (action === 'trust') await approveAndTrust(item.id);
      else await moderateSuggestion(item.id, action);
      await this.loadList();
      this.announce(action);
      // The item may have left the queue: focus goes to the one now in its place, else the heading.
      await this.updateComplete;
      const next = this.renderRoot.querySelectorAll<HTMLElement>('article.item')[Math.max(0, index)];
      (next ?? this.heading)?.focus();
    });
  }

  // --- one suggestion ---

  private async loadItem() {
    const id = this.detailId;
    if (!id) return;
    try {
      const item = await getSuggestion(id);
      if (id !== this.detailId) return;
      this.item = item;
      this.resetDrafts(item);
      this.phone = undefined;
      this.mergeInto = '';
      this.confirmingMerge = false;
      void this.loadMergeTargets(item.id);
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

  private act(done: Done, call: () => Promise<StaffSuggestion>) {
    return this.actions.run('save', async () => {
      this.item = await call();
      this.announce(done);
    });
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

  private readonly onModerate = (item: StaffSuggestion, action: Moderation) => {
    if (!this.detailId) void this.moderate(item, action);
    else if (action === 'trust') void this.act('trust', () => approveAndTrust(item.id));
    else void this.act(action, () => moderateSuggestion(item.id, action));
  };

  private renderItemPage(item: StaffSuggestion) {
    return renderDetail({
      t: this.t,
      language: this.language,
      item,
      draftStatus: this.draftStatus,
      draftResponse: this.draftResponse,
      draftNote: this.draftNote,
      phone: this.phone,
      mergeTargets: this.mergeTargets,
      mergeInto: this.mergeInto,
      confirmingMerge: this.confirmingMerge,
      busy: this.actions.running !== '',
      onModerate: this.onModerate,
      onUntrust: () => void this.act('untrust', () => untrustAuthor(item.id)),
      onReveal: () => void this.onReveal(),
      onErased: () => void this.onErased(),
      onDraftStatus: (status) => (this.draftStatus = status),
      onDraftResponse: (text) => (this.draftResponse = text),
      onDraftNote: (text) => (this.draftNote = text),
      onSave: (event) => this.onSave(event),
      onSaveNote: (event) => this.onSaveNote(event),
      onMergeInto: (id) => {
        this.mergeInto = id;
        this.confirmingMerge = false;
      },
      onMerge: (event) => this.onMerge(event),
      onCancelMerge: () => (this.confirmingMerge = false),
    });
  }

  override render() {
    const t = this.t;
    if (!this.detailId) {
      return renderList({
        t,
        language: this.language,
        filter: this.filter,
        items: this.items,
        hasMore: Boolean(this.nextCursor),
        busy: this.actions.running !== '',
        message: this.message,
        error: this.error,
        onFilter: (key, event) => this.onFilter(key, event),
        onModerate: this.onModerate,
        onMore: () => void this.loadList(true),
        chosen: this.chosen,
        onChoose: (item, chosen) => {
          const next = new Set(this.chosen);
          if (chosen) next.add(item.id);
          else next.delete(item.id);
          this.chosen = next;
        },
      });
    }
    const item = this.item?.id === this.detailId ? this.item : undefined;
    return html`<section aria-labelledby="suggestion-title">
      <a class="back" href="/admin/suggestions">${t.back}</a>
      <h2 id="suggestion-title" tabindex="-1">${t.detailTitle}</h2>
      <p role="status">${this.message || (item || this.error ? '' : t.loading)}</p>
      <p role="alert" class="alert">${this.error}</p>
      ${item ? this.renderItemPage(item) : nothing}
    </section>`;
  }
}
