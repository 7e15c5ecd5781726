import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import {
  assignRepair,
  getRepair,
  listRepairs,
  mergeIntoIncident,
  postRepairUpdate,
  type RepairChoices,
  type RepairDetail,
  type RepairFilters,
  type RepairStatus,
  type RepairSummary,
  type RevealedContact,
  repairChoices,
  revealContact,
  setPhotoPublic,
  unmergeFromIncident,
} from '../api/repairs.js';
import { AdminApiError } from '../api/request.js';
import { BusyController } from '../internal/actions.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController, localized } from '../internal/localize.js';
import { baseStyles, formStyles, pairsStyles } from '../styles.js';
import { renderBoard } from './board.js';
import { type Busy, renderDetail } from './detail.js';
import { dateFormatter, newUpdateId } from './format.js';
import { repairsStyles } from './styles.js';
import { type RepairsTranslation, translations } from './translations.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @summary Staff's repair screen: a board by status with filters (service, building, assignee) at
 * /admin/repairs, and one request at /admin/repairs/<id> — timeline, photos, the masked phone with an
 * audited reveal, assignment and progress updates (public ones reach the resident's tracking page live).
 */
export class CourtyardAdminRepairs extends AdminScreen<RepairsTranslation> {
  static override styles = [baseStyles, pairsStyles, formStyles, repairsStyles];

  @state() private choices?: RepairChoices;
  @state() private filters: RepairFilters = {};
  @state() private items?: RepairSummary[];
  @state() private nextCursor: string | null = null;
  @state() private repair?: RepairDetail;
  /** Reports of the open repair's service and building, to pick an incident's lead from. */
  @state() private candidates?: RepairSummary[];
  @state() private revealed?: RevealedContact;
  @state() private loading = false;
  @state() private invalidNote = false;
  /** Results of actions, announced politely; errors go to `error`, announced at once. */
  @state() private notice = '';
  @state() private error = '';

  protected readonly localize = new LocalizeController(this, translations);
  /** Which action runs now (one at a time): its button shows busy; a failure is said in `error`. */
  private readonly actions = new BusyController<Exclude<Busy, ''>>(this, {
    clear: () => {
      this.error = '';
      this.notice = '';
    },
    fail: (error) => {
      this.error = this.localize.errorText(error);
    },
  });

  /** Kept across retries of one update, so a retry after a lost answer is not posted twice. */
  private pendingUpdateId?: string;
  /** Answers that arrive after the staff member has moved on are dropped. */
  private loadToken = 0;

  private get repairId(): string | undefined {
    return this.route[0];
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route')) {
      const before = (changed.get('route') as string[] | undefined)?.[0];
      if (before !== this.repairId || !changed.get('route')) void this.load();
    }
  }

  private async load() {
    const token = ++this.loadToken;
    this.error = '';
    this.notice = '';
    this.revealed = undefined;
    this.invalidNote = false;
    this.pendingUpdateId = undefined;
    this.loading = true;
    try {
      if (!this.choices) this.choices = await repairChoices();
      if (token !== this.loadToken) return;
      if (this.repairId) {
        this.repair = undefined;
        // A mistyped link is a missing page, not a form error.
        if (!UUID.test(this.repairId)) throw new AdminApiError('COURTYARD_NOT_FOUND', 404);
        const repair = await getRepair(this.repairId);
        if (token === this.loadToken) this.repair = repair;
        await this.loadCandidates(token);
      } else {
        const page = await listRepairs(this.filters);
        if (token !== this.loadToken) return;
        this.items = page.items;
        this.nextCursor = page.nextCursor;
        this.notice = this.t.shown(page.items.length);
        this.announceWaiting();
      }
    } catch (error) {
      if (token === this.loadToken) this.error = this.localize.errorText(error);
    } finally {
      if (token === this.loadToken) this.loading = false;
    }
  }

  private async loadCandidates(token = this.loadToken) {
    const { repair } = this;
    // The detail names its building; the list filters by id (a community's building names are its own).
    const building = this.choices?.buildings.find((item) => item.name === repair?.building);
    this.candidates = undefined;
    if (!repair || !building) return;
    const page = await listRepairs({ category: repair.category.id, building: building.id });
    if (token === this.loadToken) this.candidates = page.items;
  }

  /** New and reopened requests are the ones waiting for someone: their count goes in the page title. */
  private announceWaiting() {
    const waiting = (this.items ?? []).filter((item) => item.status === 'received' || item.status === 'reopened');
    this.announceCount(waiting.length);
  }

  private onFilter = (name: keyof RepairFilters, value: string) => {
    this.filters = { ...this.filters, [name]: value || undefined };
    void this.load();
  };

  private onMore = async () => {
    if (!this.nextCursor || this.loading) return;
    const token = this.loadToken;
    this.loading = true;
    try {
      const page = await listRepairs(this.filters, this.nextCursor);
      if (token !== this.loadToken) return;
      this.items = [...(this.items ?? []), ...page.items];
      this.nextCursor = page.nextCursor;
      this.notice = this.t.shown(this.items.length);
    } catch (error) {
      this.error = this.localize.errorText(error);
    } finally {
      this.loading = false;
    }
  };

  private onRefresh = () => void this.load();

  private onReveal = () =>
    this.actions.run('reveal', async () => {
      const id = this.repair?.id;
      if (!id) return;
      this.revealed = await revealContact(id);
      this.notice = this.t.revealed;
    });

  private onAssign = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const assigneeId = (form.elements.namedItem('assignee') as HTMLSelectElement).value || null;
    return this.actions.run('assign', async () => {
      if (!this.repair) return;
      this.repair = await assignRepair(this.repair.id, assigneeId);
      this.notice = this.t.assigned;
    });
  };

  private onUpdate = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const statusField = form.elements.namedItem('status') as HTMLSelectElement;
    const noteField = form.elements.namedItem('note') as HTMLTextAreaElement;
    const status = (statusField.value || undefined) as RepairStatus | undefined;
    const note = noteField.value.trim() || undefined;
    const visibility = (form.elements.namedItem('visibility') as RadioNodeList).value;
    if (!status && !note) {
      this.invalidNote = true;
      this.error = this.t.needSomething;
      noteField.focus();
      return;
    }
    this.invalidNote = false;
    const isPublic = visibility !== 'internal';
    this.pendingUpdateId ??= newUpdateId();
    return this.actions.run('update', async () => {
      if (!this.repair) return;
      this.repair = await postRepairUpdate(this.repair.id, {
        id: this.pendingUpdateId as string,
        status,
        note,
        public: isPublic,
      });
      this.pendingUpdateId = undefined;
      form.reset();
      this.notice = isPublic || status ? this.t.postedPublic : this.t.posted;
    });
  };

  private onPhoto = (photoId: string, isPublic: boolean) =>
    this.actions.run(`photo:${photoId}`, async () => {
      if (!this.repair) return;
      this.repair = await setPhotoPublic(this.repair.id, photoId, isPublic);
      this.notice = this.t.photoChanged;
    });

  private onMerge = (event: SubmitEvent) => {
    event.preventDefault();
    const leadId = ((event.target as HTMLFormElement).elements.namedItem('lead') as HTMLSelectElement).value;
    return this.actions.run('merge', async () => {
      if (!this.repair || !leadId) return;
      await mergeIntoIncident(leadId, [this.repair.id]);
      this.repair = await getRepair(this.repair.id);
      this.notice = this.t.merged;
    });
  };

  private onUnmerge = (leadId: string, repairId: string) =>
    this.actions.run('merge', async () => {
      if (!this.repair) return;
      await unmergeFromIncident(leadId, repairId);
      this.repair = await getRepair(this.repair.id);
      await this.loadCandidates();
      this.notice = this.t.unmerged;
    });

  private onErased = async () => {
    const id = this.repair?.id;
    if (!id) return;
    this.revealed = undefined;
    try {
      this.repair = await getRepair(id);
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  };

  private renderMessages() {
    return html`<p class="notice" role="status">${this.notice}</p>
      <p class="alert" role="alert">${this.error}</p>`;
  }

  private renderBoardPage() {
    const { t } = this;
    return html`<h2 tabindex="-1">${t.title}</h2>
      <p class="muted">${t.intro}</p>
      <p><a href="/admin/record/repair">${t.recordOnBehalf}</a></p>
      ${this.renderMessages()}
      ${this.loading && !this.items ? html`<p>${t.loading}</p>` : nothing}
      ${renderBoard({
        t,
        language: this.language,
        dates: dateFormatter(this.language, this.staff.community.timeZone),
        choices: this.choices,
        filters: this.filters,
        items: this.items,
        hasMore: this.nextCursor !== null,
        loading: this.loading,
        onFilter: this.onFilter,
        onMore: this.onMore,
        onRefresh: this.onRefresh,
      })}`;
  }

  private renderDetailPage() {
    const { t, repair } = this;
    const title = repair
      ? `${repair.trackingCode} · ${localized(repair.category.names, this.language)}`
      : this.error
        ? t.title
        : t.loading;
    return html`<p><a class="back" href="/admin/repairs">${t.backToBoard}</a></p>
      <h2 tabindex="-1">${title}</h2>
      ${repair ? html`<p><span class="badge">${t.statuses[repair.status]}</span></p>` : nothing}
      ${this.renderMessages()}
      ${
        repair
          ? renderDetail({
              t,
              language: this.language,
              dates: dateFormatter(this.language, this.staff.community.timeZone),
              repair,
              choices: this.choices,
              revealed: this.revealed,
              busy: this.actions.running,
              invalid: this.invalidNote,
              onReveal: this.onReveal,
              onAssign: this.onAssign,
              onUpdate: this.onUpdate,
              onPhoto: this.onPhoto,
              onErased: this.onErased,
              candidates: this.candidates,
              onMerge: this.onMerge,
              onUnmerge: this.onUnmerge,
            })
          : nothing
      }`;
  }

  override render() {
    return this.repairId ? this.renderDetailPage() : this.renderBoardPage();
  }
}
