import type { FollowedSuggestion, PublicSuggestion, SuggestionSort } from '@courtyard/protocol';
import {
  type CSSResultGroup,
  css,
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import type { ApiError } from '../../api/api-error.js';
import { LiveController } from '../../controllers/live-controller.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { isSupported, setSupport } from './supports.js';
import { type BoardKey, boardEn } from './translations/en.js';
import { boardZhCN } from './translations/zh-CN.js';

const translations: Translations<BoardKey> = { en: boardEn, 'zh-CN': boardZhCN };
type Item = PublicSuggestion & Partial<Pick<FollowedSuggestion, 'moderation' | 'mergedIntoId' | 'topics'>>;

/**
 * @tagname courtyard-suggestion-board
 * @summary The community's published suggestions, newest or most supported first, with status badges, the official response and its date, and a support button (one per device; pressing it again withdraws the support). Each suggestion that became a topic (议题) links to it; live for those this device supported. With `follow`, it shows one resident's own suggestion by its follow code, updated live.
 *
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - Loading or a support failed; `detail.code` is the protocol's code.
 *
 * @csspart base - The widget's box.
 * @csspart community - The community's name.
 * @csspart heading - The title.
 * @csspart sort - The order picker.
 * @csspart item - One suggestion.
 * @csspart badge - A suggestion's status badge.
 * @csspart response - The official response with its date.
 * @csspart support - The support button with the count.
 * @csspart more - The "show more" button.
 * @csspart topic - A topic (议题) the suggestion is now discussed as, with a link to its public page.
 */
export class CourtyardSuggestionBoard extends CourtyardElement {
  static override styles: CSSResultGroup = [
    CourtyardElement.styles,
    controls,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--_spacing);
      }
      article {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: var(--_spacing);
      }
      article p {
        margin: 0.5rem 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .badge {
        display: inline-block;
        padding: 0.125rem 0.5rem;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-size: 0.875rem;
      }
      .response {
        background: var(--_surface-muted);
        border-radius: var(--_radius);
        padding: 0.75rem;
      }
      button[aria-pressed='true'] {
        background: var(--_accent);
        color: var(--_accent-text);
      }
      select {
        width: auto;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    sort: { reflect: true },
    status: {},
    follow: {},
    items: { state: true },
    nextCursor: { state: true },
    loadError: { state: true },
  };

  /** `newest` or `supported` (most supported first). */
  sort: SuggestionSort = 'newest';
  /** Show only suggestions with this status (e.g. `done`). */
  status = '';
  /** A follow code: show that one suggestion (in any moderation state), live. */
  follow = '';

  protected items?: Item[];
  protected nextCursor: string | null = null;
  protected loadError?: ApiError;

  protected readonly live: LiveController = new LiveController(this, {
    // The followed suggestion, or those this device supported (their supporters hear that one became a topic);
    // a few only, as the page's one stream carries at most 20 topics for every widget on it.
    topic: () =>
      this.items
        ?.filter((item) => this.follow || isSupported(item.id))
        .slice(0, 5)
        .map((item) => `suggestion:${item.id}`) ?? [],
    // Each carries the suggestion's id and changed fields (`suggestion.topic`: its `topics`). SUGGESTION_TOPIC_EVENT
    // is spelled out: importing it would bring the protocol's topics module into this widget.
    types: ['suggestion.updated', 'suggestion.supports', 'suggestion.topic'],
    onEvent: (event) => this.#patch(event.payload as Item),
    onResync: () => void this.load(),
  });

  /** A string of this widget's table or the shared one, through the one lookup (overrides first). */
  protected readonly s: Lookup<BoardKey> = this.localize.withTable(translations);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.hasUpdated || ['site', 'api', 'sort', 'status', 'follow'].some((name) => changed.has(name as never))) {
      void this.load();
    }
  }

  /** Loads the first page (or the followed suggestion); `more` appends the next page. */
  async load(more = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.loadError = undefined;
    try {
      if (this.follow) {
        this.items = [await client.get<FollowedSuggestion>(`/suggestions/follow/${encodeURIComponent(this.follow)}`)];
        this.nextCursor = null;
        return;
      }
      const query = new URLSearchParams({ sort: this.sort });
      if (this.status) query.set('status', this.status);
      if (more && this.nextCursor) query.set('cursor', this.nextCursor);
      const page = await client.get<{ items: Item[]; nextCursor: string | null }>(`/suggestions?${query}`);
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
    } catch (caught) {
      this.#failed(caught);
    }
  }

  protected async toggleSupport(item: Item): Promise<void> {
    try {
      const { supportCount } = await setSupport(this, item.id, !isSupported(item.id));
      this.#patch({ id: item.id, supportCount });
    } catch (caught) {
      this.#failed(caught, false);
    }
  }

  /** Takes a suggestion's changed fields into its item. */
  #patch(fields: Partial<Item>): void {
    this.items = this.items?.map((item) => (item.id === fields.id ? { ...item, ...fields } : item));
  }

  #failed(caught: unknown, keep = true): void {
    const error = this.reportError(caught);
    if (keep) this.loadError = error;
  }

  protected renderItem(item: Item): TemplateResult {
    const published = !item.moderation || item.moderation === 'published';
    const supported = isSupported(item.id);
    const count = this.s('boardSupports', { count: this.formatNumber(item.supportCount) });
    return html`<li>
      <article part="item" aria-labelledby=${`s-${item.id}`}>
        <span part="badge" class="badge">${this.s(`status_${item.status}` as BoardKey)}</span>
        <p id=${`s-${item.id}`}>${item.text}</p>
        <p class="muted">${this.s('boardSent', { date: this.formatDate(item.createdAt) })}</p>
        ${item.mergedIntoId ? html`<p role="status">${this.s('boardMerged')}</p>` : nothing}
        ${!published ? html`<p role="status">${this.s(item.moderation === 'pending' ? 'boardPending' : 'boardRejected')}</p>` : nothing}
        ${item.topics?.map(
          (topic) =>
            html`<p part="topic" role="status">${this.s(this.follow ? 'boardTopic' : 'boardDiscussed')} <a href=${`${this.apiOrigin}/p/${this.siteKey}/topics/${topic.id}?lang=${this.language}`}>${topic.title} <span aria-hidden="true">→</span></a></p>`,
        )}
        ${
          item.response
            ? html`<div part="response" class="response">
              <strong>${this.s('boardResponse', { date: item.respondedAt ? this.formatDate(item.respondedAt) : '' })}</strong>
              <p>${item.response}</p>
            </div>`
            : nothing
        }
        ${
          published && !item.mergedIntoId && !this.follow
            ? html`<button part="support" type="button" class="secondary" aria-pressed=${supported ? 'true' : 'false'} @click=${() => this.toggleSupport(item)}>
              ${this.s('boardSupport')} · ${count}
            </button>`
            : html`<p class="muted">${count}</p>`
        }
      </article>
    </li>`;
  }

  override render(): TemplateResult {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const community = this.localized(this.siteConfig?.community.names);
    const error = this.loadError ?? this.configError;
    return html`<section part="base" class="base" aria-labelledby="title" aria-busy=${this.items ? 'false' : 'true'}>
      ${community ? html`<p part="community" class="muted">${community}</p>` : nothing}
      <h2 part="heading" class="heading" id="title">${this.s('boardTitle')}</h2>
      ${
        this.follow
          ? nothing
          : html`<label>${this.s('boardSort')}
            <select part="sort" @change=${(event: Event) => (this.sort = (event.target as HTMLSelectElement).value as SuggestionSort)}>
              <option value="newest" ?selected=${this.sort === 'newest'}>${this.s('boardNewest')}</option>
              <option value="supported" ?selected=${this.sort === 'supported'}>${this.s('boardSupported')}</option>
            </select>
          </label>`
      }
      ${
        error
          ? html`<p class="status error" role="alert">${this.errorText(error.code)}</p>
            <button type="button" @click=${() => this.load()}>${this.t('retry')}</button>`
          : !this.items
            ? html`<p role="status">${this.t('loading')}</p>`
            : this.items.length === 0
              ? html`<p>${this.s('boardEmpty')}</p>`
              : html`<ol>${this.items.map((item) => this.renderItem(item))}</ol>`
      }
      ${this.nextCursor ? html`<div class="actions"><button part="more" type="button" class="secondary" @click=${() => this.load(true)}>${this.s('boardMore')}</button></div>` : nothing}
    </section>`;
  }
}
