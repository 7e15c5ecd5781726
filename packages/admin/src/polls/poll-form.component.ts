import type { Language } from '@courtyard/protocol';
import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  type CreatePollRequest,
  createPoll,
  getPoll,
  listCodes,
  listScopes,
  type PatchPollRequest,
  pollResults,
  type ScopeBuilding,
  type StaffPoll,
  updatePoll,
} from '../api/polls.js';
import { AdminApiError } from '../api/request.js';
import { baseStyles } from '../styles.js';
import { errorText } from './messages.js';
import { pollStyles } from './styles.js';
import { translations } from './translations.js';

interface OptionDraft {
  label: string;
  approves: boolean;
}

/** `datetime-local` value (device time) for an ISO time, and back. */

/** The form's fields: a new poll's request, with `costShares: null` meaning "remove them" on an edit. */
type PollFields = Omit<CreatePollRequest, 'costShares'> & Pick<PatchPollRequest, 'costShares'>;
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/**
 * @summary Create or edit a poll: question, options, single/multiple, "other", schedule, eligibility,
 * result visibility, owners' decision rule, scope, cost-share table per floor, page URL.
 */
export class CourtyardAdminPollForm extends LitElement {
  static override styles = [baseStyles, pollStyles];

  @query('h2') private heading?: HTMLHeadingElement;

  @state() private question = '';
  @state() private description = '';
  @state() private options: OptionDraft[] = [
    { label: '', approves: false },
    { label: '', approves: false },
  ];
  @state() private allowOther = false;
  @state() private otherLabel = '';
  @state() private selection: 'single' | 'multiple' = 'single';
  @state() private maxChoices = 2;
  @state() private opensAt = '';
  @state() private closesAt = '';
  @state() private eligibility: 'device' | 'ballot-code' = 'device';
  @state() private visibility: CreatePollRequest['visibility'] = 'always';
  @state() private owners = false;
  @state() private approvalRule: 'majority' | 'three-quarters' = 'majority';
  @state() private scope = 'community';
  @state() private costRows: { floor: string; percent: string }[] = [];
  @state() private pageUrl = '';
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

  @property({ attribute: false }) language: Language = 'en';
  @property({ attribute: false }) pollId?: string;

  override connectedCallback() {
    super.connectedCallback();
    this.otherLabel = translations[this.language].otherDefault;
    void this.load();
  }

  override focus() {
    this.updateComplete.then(() => this.heading?.focus());
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
      this.error = errorText(translations[this.language], error);
    }
  }

  private showForm() {
    const headingHadFocus = this.shadowRoot?.activeElement === this.heading;
    this.loaded = true;
    // The loading view's heading is replaced by the form's: keep focus on the heading the shell focused.
    if (headingHadFocus) this.focus();
  }

  private fill(poll: StaffPoll) {
    this.question = poll.title;
    this.description = poll.description;
    this.options = poll.options.filter((o) => !o.isOther).map(({ label, approves }) => ({ label, approves }));
    const other = poll.options.find((o) => o.isOther);
    this.allowOther = !!other;
    if (other) this.otherLabel = other.label;
    this.selection = poll.selection;
    this.maxChoices = poll.maxChoices;
    this.opensAt = toLocalInput(poll.opensAt);
    this.closesAt = toLocalInput(poll.closesAt);
    this.eligibility = poll.eligibility;
    this.visibility = poll.visibility;
    this.owners = poll.decision === 'owners';
    this.approvalRule = poll.approvalRule;
    this.scope =
      poll.scope.type === 'unit'
        ? `unit:${poll.scope.unitId}`
        : poll.scope.type === 'building'
          ? `building:${poll.scope.buildingId}`
          : 'community';
    this.costRows =
      poll.costShares?.basis === 'floor'
        ? poll.costShares.rows.map((row) => ({ floor: String(row.floor ?? ''), percent: String(row.percent) }))
        : [];
    this.householdShares = poll.costShares?.basis === 'household';
    this.pageUrl = poll.pageUrl ?? '';
    this.timeZone = poll.timeZone;
  }

  private input(): PollFields {
    const [type, id] = this.scope.split(':') as ['community' | 'building' | 'unit', string | undefined];
    const options = this.options.map(({ label, approves }) => ({
      label: label.trim(),
      ...(this.owners && approves ? { approves: true } : {}),
    }));
    if (this.allowOther) options.push({ label: this.otherLabel.trim(), isOther: true } as (typeof options)[number]);
    return {
      title: this.question.trim(),
      description: this.description.trim(),
      selection: this.owners ? 'single' : this.selection,
      ...(this.selection === 'multiple' && !this.owners ? { maxChoices: this.maxChoices } : {}),
      visibility: this.visibility,
      eligibility: this.owners ? 'ballot-code' : this.eligibility,
      decision: this.owners ? 'owners' : 'none',
      approvalRule: this.approvalRule,
      scope: type === 'community' ? { type } : type === 'building' ? { type, buildingId: id } : { type, unitId: id },
      pageUrl: this.pageUrl.trim() || null,
      ...(this.opensAt ? { opensAt: fromLocalInput(this.opensAt) } : {}),
      closesAt: fromLocalInput(this.closesAt) ?? null,
      options,
      costShares: this.costRows.length
        ? {
            basis: 'floor',
            rows: this.costRows.map((row) => ({ floor: Number(row.floor), percent: Number(row.percent) })),
          }
        : null,
    };
  }

  /** Fields the browser can check before sending; answers the names of the empty required ones. */
  private missing(): Set<string> {
    const missing = new Set<string>();
    if (!this.question.trim()) missing.add('title');
    this.options.forEach((option, index) => {
      if (!option.label.trim()) missing.add(`option-${index}`);
    });
    if (this.allowOther && !this.otherLabel.trim()) missing.add('other');
    this.costRows.forEach((row, index) => {
      if (row.floor === '' || !Number.isInteger(Number(row.floor))) missing.add(`floor-${index}`);
      if (row.percent === '' || Number.isNaN(Number(row.percent))) missing.add(`percent-${index}`);
    });
    return missing;
  }

  private async submit(event: Event) {
    event.preventDefault();
    const t = translations[this.language];
    this.invalid = this.missing();
    if (this.invalid.size > 0) {
      this.error = t.errors.COURTYARD_VALIDATION!;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const input = this.input();
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
        error instanceof AdminApiError && error.code === 'COURTYARD_CONFLICT' ? t.rulesLocked : errorText(t, error);
    } finally {
      this.busy = false;
    }
  }

  private setOption(index: number, change: Partial<OptionDraft>) {
    this.options = this.options.map((option, i) => (i === index ? { ...option, ...change } : option));
  }

  private setCostRow(index: number, change: Partial<{ floor: string; percent: string }>) {
    this.costRows = this.costRows.map((row, i) => (i === index ? { ...row, ...change } : row));
  }

  private invalidAttr(name: string) {
    return this.invalid.has(name) ? 'true' : 'false';
  }

  override render() {
    const t = translations[this.language];
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
          .value=${this.question} @input=${(e: Event) => {
            this.question = value(e);
          }} />
        <label for="description">${t.description}</label>
        <textarea id="description" maxlength="2000" .value=${this.description}
          @input=${(e: Event) => {
            this.description = value(e);
          }}></textarea>

        <fieldset ?disabled=${locked}>
          <legend>${t.options}</legend>
          ${this.options.map(
            (option, index) => html`<div class="row">
              <div class="grow">
                <label for=${`option-${index}`}>${t.optionLabel(index + 1)}</label>
                <input id=${`option-${index}`} type="text" maxlength="200" required
                  aria-invalid=${this.invalidAttr(`option-${index}`)} .value=${option.label}
                  @input=${(e: Event) => this.setOption(index, { label: value(e) })} />
              </div>
              ${
                this.owners
                  ? html`<label class="check"><input type="checkbox" .checked=${option.approves}
                    @change=${(e: Event) => this.setOption(index, { approves: checked(e) })} />${t.approves}</label>`
                  : nothing
              }
              <button type="button" class="secondary" ?disabled=${this.options.length <= 2}
                aria-label=${t.removeOption(index + 1)}
                @click=${() => {
                  this.options = this.options.filter((_, i) => i !== index);
                }}>✕</button>
            </div>`,
          )}
          <div class="actions">
            <button type="button" class="secondary" ?disabled=${this.options.length >= 49}
              @click=${() => {
                this.options = [...this.options, { label: '', approves: false }];
              }}>${t.addOption}</button>
          </div>
          <label class="check"><input type="checkbox" .checked=${this.allowOther}
            @change=${(e: Event) => {
              this.allowOther = checked(e);
            }} />${t.allowOther}</label>
          ${
            this.allowOther
              ? html`<label for="other">${t.otherLabel}</label>
                <input id="other" type="text" maxlength="200" aria-invalid=${this.invalidAttr('other')}
                  .value=${this.otherLabel} @input=${(e: Event) => {
                    this.otherLabel = value(e);
                  }} />`
              : nothing
          }
        </fieldset>

        <fieldset ?disabled=${locked}>
          <legend>${t.whoVotes}</legend>
          <label class="check"><input type="checkbox" .checked=${this.owners}
            @change=${(e: Event) => {
              this.owners = checked(e);
            }} />${t.owners}</label>
          ${
            this.owners
              ? html`<fieldset>
                <legend>${t.rule}</legend>
                <label class="check"><input type="radio" name="rule" .checked=${this.approvalRule === 'majority'}
                  @change=${() => {
                    this.approvalRule = 'majority';
                  }} />${t.ordinary}</label>
                <label class="check"><input type="radio" name="rule" .checked=${this.approvalRule === 'three-quarters'}
                  @change=${() => {
                    this.approvalRule = 'three-quarters';
                  }} />${t.special}</label>
              </fieldset>`
              : html`<label class="check"><input type="radio" name="eligibility" .checked=${this.eligibility === 'device'}
                  @change=${() => {
                    this.eligibility = 'device';
                  }} />${t.device}</label>
                <label class="check"><input type="radio" name="eligibility" .checked=${this.eligibility === 'ballot-code'}
                  @change=${() => {
                    this.eligibility = 'ballot-code';
                  }} />${t.ballotCode}</label>
                <fieldset>
                  <legend>${t.selection}</legend>
                  <label class="check"><input type="radio" name="selection" .checked=${this.selection === 'single'}
                    @change=${() => {
                      this.selection = 'single';
                    }} />${t.single}</label>
                  <label class="check"><input type="radio" name="selection" .checked=${this.selection === 'multiple'}
                    @change=${() => {
                      this.selection = 'multiple';
                    }} />${t.multiple}</label>
                  ${
                    this.selection === 'multiple'
                      ? html`<label for="max">${t.maxChoices}</label>
                        <input id="max" type="number" min="1" max=${this.options.length + (this.allowOther ? 1 : 0)}
                          .value=${String(this.maxChoices)} @input=${(e: Event) => {
                            this.maxChoices = Number(value(e)) || 1;
                          }} />`
                      : nothing
                  }
                </fieldset>`
          }
          <label for="scope">${t.scope}</label>
          <select id="scope" .value=${this.scope} @change=${(e: Event) => {
            this.scope = value(e);
          }}>
            <option value="community" ?selected=${this.scope === 'community'}>${t.wholeCommunity}</option>
            ${this.buildings.map(
              (
                building,
              ) => html`<option value=${`building:${building.id}`} ?selected=${this.scope === `building:${building.id}`}>${building.name}</option>
                ${building.units.map(
                  (unit) =>
                    html`<option value=${`unit:${unit.id}`} ?selected=${this.scope === `unit:${unit.id}`}>${building.name} ${unit.name}</option>`,
                )}`,
            )}
          </select>
        </fieldset>

        <fieldset ?disabled=${locked}>
          <legend>${t.costShares}</legend>
          ${this.householdShares ? html`<p class="hint">${t.householdShares}</p>` : nothing}
          ${this.costRows.map(
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
                  this.costRows = this.costRows.filter((_, i) => i !== index);
                }}>✕</button>
            </div>`,
          )}
          ${
            this.costRows.length
              ? html`<p class="hint">${t.costTotal(String(this.costRows.reduce((sum, row) => sum + (Number(row.percent) || 0), 0)))}</p>`
              : nothing
          }
          <div class="actions">
            <button type="button" class="secondary"
              @click=${() => {
                this.costRows = [...this.costRows, { floor: String(this.costRows.length + 1), percent: '' }];
              }}>${t.addRow}</button>
          </div>
        </fieldset>

        <fieldset>
          <legend>${t.schedule}</legend>
          <p class="hint">${t.timeHint(this.timeZone)}</p>
          <label for="opens">${t.opensAt}</label>
          <input id="opens" type="datetime-local" .value=${this.opensAt} @input=${(e: Event) => {
            this.opensAt = value(e);
          }} />
          <label for="closes">${t.closesAt}</label>
          <input id="closes" type="datetime-local" .value=${this.closesAt} @input=${(e: Event) => {
            this.closesAt = value(e);
          }} />
        </fieldset>

        <label for="visibility">${t.visibility}</label>
        <select id="visibility" @change=${(e: Event) => {
          this.visibility = value(e) as CreatePollRequest['visibility'];
        }}>
          ${(['always', 'after-voting', 'after-close', 'staff-only'] as const).map(
            (v) => html`<option value=${v} ?selected=${this.visibility === v}>${t.visibilities[v]}</option>`,
          )}
        </select>
        <label for="page">${t.pageUrl}</label>
        <input id="page" type="url" maxlength="500" placeholder="https://" .value=${this.pageUrl}
          @input=${(e: Event) => {
            this.pageUrl = value(e);
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
