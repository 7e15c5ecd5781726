import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { fetchInbox, type InboxItem, type InboxPage, type InboxSection } from '../api/inbox.js';
import { type LiveState, refreshShown, StaffEventsController } from '../api/staff-events.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { sourceName } from '../recorded/sources.js';
import { baseStyles, feedStyles } from '../styles.js';
import { type InboxText, translations } from './translations.js';

const LIVE_TYPES = [
  'suggestion.created',
  'suggestion.updated',
  'repair.created',
  'repair.updated',
  'repair.changed',
  'repair.confirmed',
];

/**
 * @summary Everything new across suggestions and repair requests, newest first, kept current by the
 * staff event stream; the count goes to the page title. "To review", a section of its own so it never
 * buries what is new, holds what the server set aside as spam until staff look at it.
 * @event courtyard-admin-title - `detail.count`: how many items the inbox holds.
 */
export class CourtyardAdminInbox extends AdminScreen<InboxText> {
  static override styles = [
    baseStyles,
    feedStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        align-items: baseline;
        justify-content: space-between;
      }
      .live {
        margin: 0;
        font-size: 0.875rem;
      }
      .kind {
        font-weight: 700;
      }
      article a {
        display: block;
        padding: 0.5rem 0;
        min-height: 2.75rem;
        box-sizing: border-box;
        color: var(--admin-text);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .count {
        font-weight: 600;
      }
      .sections {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0.5rem 0;
      }
      .sections button[aria-pressed='true'] {
        font-weight: 700;
      }
    `,
  ];

  @state() private page?: InboxPage;
  @state() private error = '';
  @state() private liveState: LiveState = 'connecting';
  @state() private loadingMore = false;
  @state() private section: InboxSection = 'new';

  protected readonly localize = new LocalizeController(this, translations);

  protected readonly live = new StaffEventsController(this, {
    types: LIVE_TYPES,
    onEvent: () => void this.refresh(),
    onState: (liveState) => {
      this.liveState = liveState;
    },
  });

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  /** Loads the first page again: new items arrive at the top. */
  async load() {
    try {
      const first = await fetchInbox(null, this.section);
      this.page = first;
      this.error = '';
      this.announceCount(first.count.total);
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  /** After a live event: the first page again, unless a newer load or another section replaced it meanwhile. */
  private async refresh() {
    if (!this.page) return void this.load();
    try {
      const section = this.section;
      const fresh = await refreshShown(
        () => (section === this.section ? this.page : undefined),
        () => fetchInbox(null, section),
      );
      if (!fresh) return;
      this.page = fresh.answer;
      this.error = '';
      this.announceCount(fresh.answer.count.total);
    } catch {
      // A live refresh that fails leaves the screen as it was; the next event or a reload tries again.
    }
  }

  private async loadMore() {
    if (!this.page?.nextCursor) return;
    this.loadingMore = true;
    try {
      const next = await fetchInbox(this.page.nextCursor, this.section);
      this.page = { ...next, items: [...this.page.items, ...next.items] };
    } catch (error) {
      this.error = this.localize.errorText(error);
    } finally {
      this.loadingMore = false;
    }
  }

  private show(section: InboxSection) {
    if (section === this.section) return;
    this.section = section;
    this.page = undefined;
    void this.load();
  }

  private renderItem(item: InboxItem) {
    const t = this.t;
    const screen = item.kind === 'repair' ? 'repairs' : item.kind === 'rota' ? 'rotas' : 'suggestions';
    const href = `/admin/${screen}/${encodeURIComponent(item.id)}`;
    return html`<li>
      <article class="card-item" aria-labelledby=${`item-${item.id}`}>
        <p class="meta">
          <span class="kind">${t.kinds[item.kind]}${item.trackingCode ? html` · <span>${item.trackingCode}</span>` : nothing}</span>
          <span>${t.reasons[item.reason]}</span>
          ${item.source && item.source !== 'widget' ? html`<span data-source=${item.source}>${sourceName(this.language, item.source)}</span>` : nothing}
          <span class="muted">${t.received}: <time datetime=${item.createdAt}>${this.localize.date(item.createdAt)}</time></span>
        </p>
        <a id=${`item-${item.id}`} href=${href}>${item.excerpt}</a>
      </article>
    </li>`;
  }

  private summary(page: InboxPage | undefined): string {
    const t = this.t;
    if (!page) return t.loading;
    if (this.section === 'review')
      return page.count.toReview === 0 ? t.reviewEmpty : t.reviewCount(page.count.toReview);
    if (page.count.total === 0) return t.empty;
    return t.count(page.count.total, page.count.suggestions, page.count.repairs);
  }

  override render() {
    const t = this.t;
    const page = this.page;
    return html`
      <section aria-labelledby="inbox-title">
        <div class="head">
          <h2 id="inbox-title" tabindex="-1">${t.title}</h2>
          <p class="live muted">${t.liveLabel}: ${t.live[this.liveState]}</p>
        </div>
        <p>${t.intro}</p>
        <div class="sections" role="group" aria-label=${t.sectionsLabel}>
          <button class="secondary" type="button" aria-pressed=${this.section === 'new' ? 'true' : 'false'} @click=${() => this.show('new')}>
            ${t.sections.new(page?.count.total)}
          </button>
          <button class="secondary" type="button" aria-pressed=${this.section === 'review' ? 'true' : 'false'} @click=${() => this.show('review')}>
            ${t.sections.review(page?.count.toReview)}
          </button>
        </div>
        <p role="status" class="count">${this.summary(page)}</p>
        <p role="alert" class="alert">${this.error}</p>
        ${this.error && !page ? html`<button class="secondary" type="button" @click=${() => this.load()}>${t.retry}</button>` : nothing}
        ${page && page.items.length > 0 ? html`<ol class="feed">${page.items.map((item) => this.renderItem(item))}</ol>` : nothing}
        ${
          page?.nextCursor
            ? html`<button class="secondary" type="button" aria-busy=${this.loadingMore ? 'true' : 'false'} @click=${this.loadMore}>
                ${t.more}
              </button>`
            : nothing
        }
      </section>
    `;
  }
}
