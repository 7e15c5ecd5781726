import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  type CreatePollRequest,
  createPoll,
  getPoll,
  listCodes,
  listScopes,
  pollResults,
  type ScopeBuilding,
  type StaffPoll,
  updatePoll,
} from '../api/polls.js';
import { AdminApiError } from '../api/request.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import {
  type CostRowDraft,
  draftOf,
  emptyDraft,
  fieldsOf,
  missingFields,
  type OptionDraft,
  type PollDraft,
} from './poll-draft.js';
import { pollStyles } from './styles.js';
import { type PollsText, translations } from './translations.js';

/**
 * @summary Create or edit a poll: question, options, single/multiple, "other", schedule, eligibility,
 * result visibility, owners' decision rule, scope, cost-share table per floor, page URL.
 */
export class CourtyardAdminPollForm extends AdminElement<PollsText> {
  static override styles = [baseStyles, formStyles, tableStyles, pollStyles];

  @state() private draft: PollDraft = emptyDraft('');
  @state() private buildings: ScopeBuilding[] = [];
  @state() private rulesLocked = false;
  @state() private householdShares = false;
  /**
   * The form stays hidden until the community's buildings (and, when editing, the poll) have loaded, so
   * nobody picks from an empty scope list or saves blank fields over a poll.
   */
  @state() private loaded = false;
  @state() private timeZone = 'Asia/Shanghai';
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid = new Set<string>();

  protected readonly localize = new LocalizeController(this, translations);
  @property({ attribute: false }) pollId?: string;

  override connectedCallback() {
    super.connectedCallback();
    this.draft = emptyDraft(this.t.otherDefault);
    void this.load();
  }

  private async load() {
    try {
      this.buildings = (await listScopes()).items;
      if (!this.pollId) {
        this.showForm();
        return;
      }
      const [poll, codes, results] = await Promise.all([
        getPoll(this.pollId),
        listCodes(this.pollId),
        pollResults(this.pollId),
      ]);
      this.fill(poll);
      // The server refuses rule changes in these cases; the form says so up front.
      this.rulesLocked =
        codes.items.length > 0 || results.ballots > 0 || (poll.eligibility === 'device' && poll.state !== 'scheduled');
      this.showForm();
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  private showForm() {
    const headingHadFocus = this.shadowRoot?.activeElement === this.heading && this.heading !== null;
    this.loaded = true;
    // The loading view's heading is replaced by the form's: keep focus on the heading the shell focused.
    if (headingHadFocus) this.focus();
  }

  private fill(poll: StaffPoll) {
    this.draft = draftOf(poll, this.t.otherDefault);
    this.householdShares = poll.costShares?.basis === 'household';
    this.timeZone = poll.timeZone;
  }

  private set(change: Partial<PollDraft>) {
    this.draft = { ...this.draft, ...change };
  }

  private async submit(event: Event) {
    event.preventDefault();
    const t = this.t;
    this.invalid = missingFields(this.draft);
    if (this.invalid.size > 0) {
      this.error = t.errors.COURTYARD_VALIDATION!;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const input = fieldsOf(this.draft);
      let poll: StaffPoll;
      if (this.pollId) {
        const { title, description, visibility, pageUrl, opensAt, closesAt } = input;
        const basics = { title, description, visibility, pageUrl, closesAt, ...(opensAt ? { opensAt } : {}) };
        // A per-household table (set through the API) is kept unless staff write a per-floor one here.
        const { costShares, ...rules } = input;
        const keep = this.householdShares && !costShares;
        poll = await updatePoll(this.pollId, this.rulesLocked ? basics : keep ? rules : input);
      } else {
        const { costShares, ...rest } = input;
        poll = await createPoll(costShares ? { ...rest, costShares } : rest);
      }
      history.pushState(null, '', `/admin/polls/${poll.id}`);
      window.dispatchEvent(new PopStateEvent('popstate'));
    } catch (error) {
      this.error =
        error instanceof AdminApiError && error.code === 'COURTYARD_CONFLICT'
          ? t.rulesLocked
          : this.localize.errorText(error);
    } finally {
      this.busy = false;
    }
  }

  private setOption(index: number, change: Partial<OptionDraft>) {
    this.set({ options: this.draft.options.map((option, i) => (i === index ? { ...option, ...change } : option)) });
  }

  private setCostRow(index: number, change: Partial<CostRowDraft>) {
    this.set({ costRows: this.draft.costRows.map((row, i) => (i === index ? { ...row, ...change } : row)) });
  }

  private invalidAttr(name: string) {
    return this.invalid.has(name) ? 'true' : 'false';
  }

  override render() {
    const t = this.t;
    const locked = this.rulesLocked;
    const value = (event: Event) => (event.target as HTMLInputElement).value;
    const checked = (event: Event) => (event.target as HTMLInputElement).checked;
    const back = this.pollId
      ? html`<a href=${`/admin/polls/${this.pollId}`}>${t.backToPoll}</a>`
      : html`<a href="/admin/polls">${t.backToList}</a>`;
    const title = this.pollId ? t.editTitle : t.createTitle;
    if (!this.loaded) {
      return html`<section class="card">
        <p>${back}</p>
        <h2 tabindex="-1">${title}</h2>
        <p class="alert" role="alert">${this.error}</p>
        ${this.error ? nothing : html`<p role="status">${t.loading}</p>`}
      </section>`;
    }
    return html`
      <form class="card" aria-labelledby="form-title" novalidate @submit=${this.submit}>
        <p>${back}</p>
        <h2 id="form-title" tabindex="-1">${title}</h2>
        <p class="alert" role="alert">${this.error}</p>
        ${locked ? html`<p class="hint">${t.rulesLocked}</p>` : nothing}

        <label for="title">${t.question}</label>
        <input id="title" type="text" maxlength="200" required aria-invalid=${this.invalidAttr('title')}
          .value=${this.draft.question} @input=${(e: Event) => {
            this.set({ question: value(e) });
          }} />
        <label for="description">${t.description}</label>
        <textarea id="description" maxlength="2000" .value=${this.draft.description}
          @input=${(e: Event) => {
            this.set({ description: value(e) });
          }}></textarea>

        <fieldset ?disabled=${locked}>
          <legend>${t.options}</legend>
          ${this.draft.options.map(
            (option, index) => html`<div class="row">
              <div class="grow">
                <label for=${`option-${index}`}>${t.optionLabel(index + 1)}</label>
                <input id=${`option-${index}`} type="text" maxlength="200" required
                  aria-invalid=${this.invalidAttr(`option-${index}`)} .value=${option.label}
                  @input=${(e: Event) => this.setOption(index, { label: value(e) })} />
              </div>
              ${
                this.draft.owners
                  ? html`<label class="check"><input type="checkbox" .checked=${option.approves}
                    @change=${(e: Event) => this.setOption(index, { approves: checked(e) })} />${t.approves}</label>`
                  : nothing
              }
              <button type="button" class="secondary" ?disabled=${this.draft.options.length <= 2}
                aria-label=${t.removeOption(index + 1)}
                @click=${() => {
                  this.set({ options: this.draft.options.filter((_, i) => i !== index) });
                }}>✕</button>
            </div>`,
          )}
          <div class="actions">
            <button type="button" class="secondary" ?disabled=${this.draft.options.length >= 49}
              @click=${() => {
                this.set({ options: [...this.draft.options, { label: '', approves: false }] });
              }}>${t.addOption}</button>
          </div>
          <label class="check"><input type="checkbox" .checked=${this.draft.allowOther}
            @change=${(e: Event) => {
              this.set({ allowOther: checked(e) });
            }} />${t.allowOther}</label>
          ${
            this.draft.allowOther
              ? html`<label for="other">${t.otherLabel}</label>
                <input id="other" type="text" maxlength="200" aria-invalid=${this.invalidAttr('other')}
                  .value=${this.draft.otherLabel} @input=${(e: Event) => {
                    this.set({ otherLabel: value(e) });
                  }} />`
              : nothing
          }
        </fieldset>

        <fieldset ?disabled=${locked}>
          <legend>${t.whoVotes}</legend>
          <label class="check"><input type="checkbox" .checked=${this.draft.owners}
            @change=${(e: Event) => {
              this.set({ owners: checked(e) });
            }} />${t.owners}</label>
          ${
            this.draft.owners
              ? html`<fieldset>
                <legend>${t.rule}</legend>
                <label class="check"><input type="radio" name="rule" .checked=${this.draft.approvalRule === 'majority'}
                  @change=${() => {
                    this.set({ approvalRule: 'majority' });
                  }} />${t.ordinary}</label>
                <label class="check"><input type="radio" name="rule" .checked=${this.draft.approvalRule === 'three-quarters'}
                  @change=${() => {
                    this.set({ approvalRule: 'three-quarters' });
                  }} />${t.special}</label>
              </fieldset>`
              : html`<label class="check"><input type="radio" name="eligibility" .checked=${this.draft.eligibility === 'device'}
                  @change=${() => {
                    this.set({ eligibility: 'device' });
                  }} />${t.device}</label>
                <label class="check"><input type="radio" name="eligibility" .checked=${this.draft.eligibility === 'ballot-code'}
                  @change=${() => {
                    this.set({ eligibility: 'ballot-code' });
                  }} />${t.ballotCode}</label>
                <fieldset>
                  <legend>${t.selection}</legend>
                  <label class="check"><input type="radio" name="selection" .checked=${this.draft.selection === 'single'}
                    @change=${() => {
                      this.set({ selection: 'single' });
                    }} />${t.single}</label>
                  <label class="check"><input type="radio" name="selection" .checked=${this.draft.selection === 'multiple'}
                    @change=${() => {
                      this.set({ selection: 'multiple' });
                    }} />${t.multiple}</label>
                  ${
                    this.draft.selection === 'multiple'
                      ? html`<label for="max">${t.maxChoices}</label>
                        <input id="max" type="number" min="1" max=${this.draft.options.length + (this.draft.allowOther ? 1 : 0)}
                          .value=${String(this.draft.maxChoices)} @input=${(e: Event) => {
                            this.set({ maxChoices: Number(value(e)) || 1 });
                          }} />`
                      : nothing
                  }
                </fieldset>`
          }
          <label for="scope">${t.scope}</label>
          <select id="scope" .value=${this.draft.scope} @change=${(e: Event) => {
            this.set({ scope: value(e) });
          }}>
            <option value="community" ?selected=${this.draft.scope === 'community'}>${t.wholeCommunity}</option>
            ${this.buildings.map(
              (
                building,
              ) => html`<option value=${`building:${building.id}`} ?selected=${this.draft.scope === `building:${building.id}`}>${building.name}</option>
                ${building.units.map(
                  (unit) =>
                    html`<option value=${`unit:${unit.id}`} ?selected=${this.draft.scope === `unit:${unit.id}`}>${building.name} ${unit.name}</option>`,
                )}`,
            )}
          </select>
        </fieldset>

        <fieldset ?disabled=${locked}>
          <legend>${t.costShares}</legend>
          ${this.householdShares ? html`<p class="hint">${t.householdShares}</p>` : nothing}
          ${this.draft.costRows.map(
            (row, index) => html`<div class="row">
              <div class="grow">
                <label for=${`floor-${index}`}>${t.floor}</label>
                <input id=${`floor-${index}`} type="number" min="-5" max="200" step="1" .value=${row.floor}
                  aria-invalid=${this.invalidAttr(`floor-${index}`)} @input=${(e: Event) => this.setCostRow(index, { floor: value(e) })} />
              </div>
              <div class="grow">
                <label for=${`percent-${index}`}>${t.percent}</label>
                <input id=${`percent-${index}`} type="number" min="0" max="100" step="0.01" .value=${row.percent}
                  aria-invalid=${this.invalidAttr(`percent-${index}`)} @input=${(e: Event) => this.setCostRow(index, { percent: value(e) })} />
              </div>
              <button type="button" class="secondary" aria-label=${t.removeRow(row.floor)}
                @click=${() => {
                  this.set({ costRows: this.draft.costRows.filter((_, i) => i !== index) });
                }}>✕</button>
            </div>`,
          )}
          ${
            this.draft.costRows.length
              ? html`<p class="hint">${t.costTotal(String(this.draft.costRows.reduce((sum, row) => sum + (Number(row.percent) || 0), 0)))}</p>`
              : nothing
          }
          <div class="actions">
            <button type="button" class="secondary"
              @click=${() => {
                this.set({
                  costRows: [...this.draft.costRows, { floor: String(this.draft.costRows.length + 1), percent: '' }],
                });
              }}>${t.addRow}</button>
          </div>
        </fieldset>

        <fieldset>
          <legend>${t.schedule}</legend>
          <p class="hint">${t.timeHint(this.timeZone)}</p>
          <label for="opens">${t.opensAt}</label>
          <input id="opens" type="datetime-local" .value=${this.draft.opensAt} @input=${(e: Event) => {
            this.set({ opensAt: value(e) });
          }} />
          <label for="closes">${t.closesAt}</label>
          <input id="closes" type="datetime-local" .value=${this.draft.closesAt} @input=${(e: Event) => {
            this.set({ closesAt: value(e) });
          }} />
        </fieldset>

        <label for="visibility">${t.visibility}</label>
        <select id="visibility" @change=${(e: Event) => {
          this.set({ visibility: value(e) as CreatePollRequest['visibility'] });
        }}>
          ${(['always', 'after-voting', 'after-close', 'staff-only'] as const).map(
            (v) => html`<option value=${v} ?selected=${this.draft.visibility === v}>${t.visibilities[v]}</option>`,
          )}
        </select>
        <label for="page">${t.pageUrl}</label>
        <input id="page" type="url" maxlength="500" placeholder="https://" .value=${this.draft.pageUrl}
          @input=${(e: Event) => {
            this.set({ pageUrl: value(e) });
          }} />

        <div class="actions">
          <button type="submit" class="primary" aria-busy=${this.busy ? 'true' : 'false'} ?disabled=${this.busy}>
            ${this.busy ? t.saving : this.pollId ? t.save : t.create}
          </button>
          <a class="button secondary" href=${this.pollId ? `/admin/polls/${this.pollId}` : '/admin/polls'}>${t.cancel}</a>
        </div>
      </form>
    `;
  }
}
