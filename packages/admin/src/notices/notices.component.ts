import {
  NOTICE_EVENTS,
  NOTICE_LIST_EVENTS,
  NOTICE_STAFF_EVENTS,
  NoticeLimits,
  type NoticeScope,
} from '@courtyard/protocol';
import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import {
  closeNotice,
  getNotice,
  listNotices,
  moderateOffer,
  type NoticeOfferAction,
  type NoticeState,
  postNoticeUpdate,
  publishNotice,
  type StaffNotice,
} from '../api/notices.js';
import { listScopes, type ScopeBuilding } from '../api/polls.js';
import { listRepairs, type RepairSummary } from '../api/repairs.js';
import { AdminApiError } from '../api/request.js';
import { refreshShown, StaffEventsController } from '../api/staff-events.js';
import { BusyController } from '../internal/actions.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { dateFormatter, newUpdateId } from '../repairs/format.js';
import { repairsStyles } from '../repairs/styles.js';
import { baseStyles, formStyles, pairsStyles, tableStyles } from '../styles.js';
import { type Busy, renderDetail } from './detail.js';
import { offersWaiting } from './format.js';
import { renderList } from './list.js';
import { readNoticeForm, renderNoticeForm } from './notice-form.js';
import { noticesStyles } from './styles.js';
import { type NoticesTranslation, translations } from './translations.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOSED_REPAIR = new Set(['resolved', 'closed']);
/** Progress, closing, offers (new or moderated), followers, and notices published or closed anywhere. */
const LIVE_TYPES = [
  ...Object.values(NOTICE_EVENTS),
  ...Object.values(NOTICE_STAFF_EVENTS),
  ...Object.values(NOTICE_LIST_EVENTS),
];

/**
 * @summary Staff's notices: the list at /admin/notices (open or closed, whom each concerns, followers, offers
 * waiting), publishing one at /admin/notices/new, and one notice at /admin/notices/<id> — progress with
 * photos, closing it, and residents' offers of help to approve or reject. The list and the open notice follow
 * the staff event stream: what colleagues post or close, and residents' offers and follows, appear without a
 * reload; a new offer waiting is announced politely.
 */
export class CourtyardAdminNotices extends AdminScreen<NoticesTranslation> {
  static override styles = [baseStyles, pairsStyles, formStyles, tableStyles, repairsStyles, noticesStyles];

  @state() private filter: NoticeState | '' = 'open';
  @state() private items?: StaffNotice[];
  @state() private nextCursor: string | null = null;
  @state() private notice?: StaffNotice;
  @state() private places: ScopeBuilding[] = [];
  @state() private openRepairs: RepairSummary[] = [];
  @state() private scopeType: NoticeScope = 'building';
  @state() private buildingId = '';
  @state() private loading = false;
  @state() private invalid = '';
  /** Results of actions, announced politely; errors go to `error`, announced at once. */
  @state() private status = '';
  @state() private error = '';

  protected readonly localize = new LocalizeController(this, translations);
  /** Which action runs now (one at a time): its button shows busy; a failure is said in `error`. */
  private readonly actions = new BusyController<Exclude<Busy, ''> | 'publish'>(this, {
    clear: () => {
      this.error = '';
      this.status = '';
    },
    fail: (error) => {
      this.error = this.localize.errorText(error);
    },
  });

  protected readonly live = new StaffEventsController(this, {
    types: LIVE_TYPES,
    onEvent: () => void this.refresh(),
  });

  /** Client-made ids kept across retries of one publish or update, so a lost answer does not post it twice. */
  private pendingNoticeId?: string;
  private pendingUpdateId?: string;
  /** Said in the live region of the next view (after publishing, on the new notice). */
  private statusForNextView = '';
  /** Answers that arrive after the staff member has moved on are dropped. */
  private loadToken = 0;
  /** How many of the list's items came with its first page (a live refresh replaces those). */
  private firstPageSize = 0;

  private get page(): 'list' | 'new' | 'detail' {
    const first = this.route[0];
    return !first ? 'list' : first === 'new' ? 'new' : 'detail';
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route')) void this.load();
  }

  private async load() {
    const token = ++this.loadToken;
    this.error = '';
    this.status = this.statusForNextView;
    this.statusForNextView = '';
    this.invalid = '';
    this.pendingUpdateId = undefined;
    this.loading = true;
    try {
      if (this.page === 'detail') {
        const id = this.route[0] as string;
        if (this.notice?.id !== id) this.notice = undefined;
        // A mistyped link is a missing page, not a form error.
        if (!UUID.test(id)) throw new AdminApiError('COURTYARD_NOT_FOUND', 404);
        const notice = await getNotice(id);
        if (token === this.loadToken) this.notice = notice;
      } else if (this.page === 'new') {
        this.pendingNoticeId = undefined;
        const [places, repairs] = await Promise.all([listScopes(), listRepairs({})]);
        if (token !== this.loadToken) return;
        this.places = places.items;
        this.openRepairs = repairs.items.filter((repair) => !CLOSED_REPAIR.has(repair.status));
      } else {
        const page = await listNotices(this.filter || undefined);
        if (token !== this.loadToken) return;
        this.items = page.items;
        this.firstPageSize = page.items.length;
        this.nextCursor = page.nextCursor;
        if (!this.status) this.status = this.t.shown(page.items.length);
        this.announceCount(page.items.reduce((sum, notice) => sum + offersWaiting(notice), 0));
      }
    } catch (error) {
      if (token === this.loadToken) this.error = this.localize.errorText(error);
    } finally {
      if (token === this.loadToken) this.loading = false;
    }
  }

  /**
   * Fetches what is on screen again after a live event, keeping the forms, messages and loaded pages' place; a
   * new offer waiting, or the notice closed by someone else, is said in the status region.
   */
  private async refresh() {
    const token = this.loadToken;
    const current = <T>(page: 'detail' | 'list', value: T) =>
      token === this.loadToken && this.page === page ? value : undefined;
    try {
      if (this.page === 'detail') {
        const fresh = await refreshShown(
          () => current('detail', this.notice),
          (before) => getNotice(before.id),
        );
        if (!fresh) return;
        const { before, answer: notice } = fresh;
        const known = new Set(before.offers.map((offer) => offer.id));
        const arrived = notice.offers.filter((offer) => offer.moderation === 'pending' && !known.has(offer.id));
        this.notice = notice;
        if (arrived.length) this.say(this.t.offersArrived(arrived.length));
        else if (notice.closedAt && !before.closedAt && this.actions.running !== 'close')
          this.say(this.t.closedElsewhere);
      } else if (this.page === 'list') {
        const fresh = await refreshShown(
          () => current('list', this.items),
          () => listNotices(this.filter || undefined),
        );
        if (!fresh) return;
        const { before: items, answer: page } = fresh;
        // The first page is replaced by its fresh copy; pages loaded with "older notices" stay.
        const ids = new Set(page.items.map((notice) => notice.id));
        const older = items.slice(this.firstPageSize).filter((notice) => !ids.has(notice.id));
        this.items = [...page.items, ...older];
        this.firstPageSize = page.items.length;
        if (!older.length) this.nextCursor = page.nextCursor;
        this.announceCount(this.items.reduce((sum, notice) => sum + offersWaiting(notice), 0));
      }
    } catch {
      // A live refresh that fails leaves the screen as it was; the next event or a reload tries again.
    }
  }

  /** Cleared first, so the same words said twice are announced twice. */
  private say(message: string) {
    this.status = '';
    void this.updateComplete.then(() => {
      this.status = message;
    });
  }

  private date = (iso: string) => dateFormatter(this.language, this.staff.community.timeZone).format(new Date(iso));

  private onState = (filter: NoticeState | '') => {
    this.filter = filter;
    void this.load();
  };

  private onMore = async () => {
    if (!this.nextCursor || this.loading) return;
    const token = this.loadToken;
    this.loading = true;
    try {
      const page = await listNotices(this.filter || undefined, this.nextCursor);
      if (token !== this.loadToken) return;
      this.items = [...(this.items ?? []), ...page.items];
      this.nextCursor = page.nextCursor;
      this.status = this.t.shown(this.items.length);
    } catch (error) {
      this.error = this.localize.errorText(error);
    } finally {
      this.loading = false;
    }
  };

  /** Flags a field, says why, and puts the cursor there. */
  private async flag(form: HTMLFormElement, field: string, message: string) {
    this.invalid = field;
    this.status = '';
    this.error = message;
    await this.updateComplete;
    form.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  }

  private onPublish = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const read = readNoticeForm(form, this.t);
    if ('field' in read) return this.flag(form, read.field, read.message);
    this.invalid = '';
    this.pendingNoticeId ??= newUpdateId();
    return this.actions.run('publish', async () => {
      const notice = await publishNotice({ id: this.pendingNoticeId, ...read.notice });
      this.pendingNoticeId = undefined;
      this.notice = notice;
      this.statusForNextView = this.t.published;
      // On to the new notice: the shell follows history changes and focuses its heading.
      history.pushState(null, '', `/admin/notices/${notice.id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    });
  };

  private onUpdate = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const textField = form.elements.namedItem('text') as HTMLTextAreaElement;
    const photos = Array.from((form.elements.namedItem('photos') as HTMLInputElement).files ?? []);
    const text = textField.value.trim();
    if (!text) return this.flag(form, 'text', this.t.missingUpdate);
    if (photos.length > NoticeLimits.updatePhotos) return this.flag(form, 'photos', this.t.tooManyPhotos);
    this.invalid = '';
    this.pendingUpdateId ??= newUpdateId();
    return this.actions.run('update', async () => {
      if (!this.notice) return;
      this.notice = await postNoticeUpdate(this.notice.id, { id: this.pendingUpdateId as string, text }, photos);
      this.pendingUpdateId = undefined;
      form.reset();
      this.status = this.t.posted;
    });
  };

  private onClose = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const closingText = (form.elements.namedItem('closingText') as HTMLTextAreaElement).value.trim();
    if (!closingText) return this.flag(form, 'closingText', this.t.missingClosing);
    this.invalid = '';
    return this.actions.run('close', async () => {
      if (!this.notice) return;
      this.notice = await closeNotice(this.notice.id, closingText);
      this.status = this.t.closed;
      await this.updateComplete;
      this.focusHeading();
    });
  };

  private onModerate = (offerId: string, action: NoticeOfferAction) =>
    this.actions.run(`offer:${offerId}`, async () => {
      if (!this.notice) return;
      this.notice = await moderateOffer(this.notice.id, offerId, action);
      this.status = action === 'publish' ? this.t.approved : this.t.rejected;
    });

  private renderMessages() {
    return html`<p class="notice" role="status">${this.status}</p>
      <p class="alert" role="alert">${this.error}</p>`;
  }

  private renderListPage() {
    const { t } = this;
    return html`<h2 tabindex="-1">${t.title}</h2>
      <p class="muted">${t.intro}</p>
      ${this.renderMessages()}
      ${renderList({
        t,
        date: this.date,
        state: this.filter,
        items: this.items,
        hasMore: this.nextCursor !== null,
        loading: this.loading,
        onState: this.onState,
        onMore: this.onMore,
        onRefresh: () => void this.load(),
      })}`;
  }

  private renderNewPage() {
    const { t } = this;
    return html`<p><a class="back" href="/admin/notices">${t.back}</a></p>
      <h2 tabindex="-1">${t.newNotice}</h2>
      ${this.renderMessages()}
      ${renderNoticeForm({
        t,
        places: this.places,
        openRepairs: this.openRepairs,
        scopeType: this.scopeType,
        buildingId: this.buildingId,
        invalid: this.invalid,
        pending: this.actions.running === 'publish',
        onScopeType: (type) => {
          this.scopeType = type;
        },
        onBuilding: (id) => {
          this.buildingId = id;
        },
        onSubmit: this.onPublish,
      })}`;
  }

  private renderDetailPage() {
    const { t, notice } = this;
    return html`<p><a class="back" href="/admin/notices">${t.back}</a></p>
      <h2 tabindex="-1">${notice ? notice.title : this.error ? t.title : t.loading}</h2>
      ${
        notice
          ? html`<p><span class="badge">${t.kinds[notice.kind]}</span>
              <span class="badge">${notice.closedAt ? t.states.closed : t.states.open}</span></p>`
          : nothing
      }
      ${this.renderMessages()}
      ${
        notice
          ? renderDetail({
              t,
              date: this.date,
              notice,
              busy: this.actions.running === 'publish' ? '' : this.actions.running,
              invalid: this.invalid,
              onUpdate: this.onUpdate,
              onClose: this.onClose,
              onModerate: this.onModerate,
            })
          : nothing
      }`;
  }

  override render() {
    const page = this.page;
    return page === 'list' ? this.renderListPage() : page === 'new' ? this.renderNewPage() : this.renderDetailPage();
  }
}
