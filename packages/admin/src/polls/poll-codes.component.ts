import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  type BallotCodesRequest,
  type IssuedBallotCode,
  issueCodes,
  listCodes,
  listScopes,
  reissueCode,
  type ScopeBuilding,
  type StaffBallotCode,
  type StaffPoll,
} from '../api/polls.js';
import { AdminApiError } from '../api/request.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { codeSheetStyles, renderCodeSheet } from './code-sheet.js';
import { parseHouseholds } from './households.js';
import { formatNumber } from './messages.js';
import { pollStyles } from './styles.js';
import { type PollsText, translations } from './translations.js';

type Mode = 'recorded' | 'list' | 'count';
type Scope = BallotCodesRequest['scope'];
/** Codes per request: small enough that each batch answers quickly and the progress bar moves. */
const BATCH = 50;

/**
 * @summary A ballot-code poll's household codes: generate them (with progress), print the sheet (one card
 * per household with its QR code; only the sheet prints), list them, revoke and reissue a lost one.
 */
export class CourtyardAdminPollCodes extends AdminElement<PollsText> {
  static override styles = [baseStyles, formStyles, tableStyles, pollStyles, codeSheetStyles];

  @state() private codes: StaffBallotCode[] = [];
  @state() private issued: IssuedBallotCode[] = [];
  @state() private buildings: ScopeBuilding[] = [];
  /** Until the codes and scopes arrive, the form stays hidden: an empty "Where" cannot be submitted. */
  @state() private loaded = false;
  @state() private mode: Mode = 'recorded';
  @state() private scopeValue = '';
  @state() private listText = '';
  @state() private count = 10;
  @state() private progress?: { done: number; total: number };
  @state() private error = '';
  @state() private status = '';

  protected readonly localize = new LocalizeController(this, translations);
  @property({ attribute: false }) poll!: StaffPoll;

  override connectedCallback() {
    super.connectedCallback();
    if (this.poll.decision === 'owners') this.mode = 'recorded';
    void this.load();
  }

  private async load() {
    try {
      const [codes, scopes] = await Promise.all([listCodes(this.poll.id), listScopes()]);
      this.codes = codes.items;
      this.buildings = scopes.items;
      this.scopeValue = this.scopeChoices()[0]?.value ?? 'community';
      this.loaded = true;
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  /** The scopes codes may be issued for: inside the poll's own scope. */
  private scopeChoices(): { value: string; label: string }[] {
    const t = this.t;
    const { scope } = this.poll;
    const choices: { value: string; label: string }[] = [];
    if (scope.type === 'community') choices.push({ value: 'community', label: t.wholeCommunity });
    for (const building of this.buildings) {
      if (scope.type !== 'community' && building.id !== scope.buildingId) continue;
      if (scope.type !== 'unit') choices.push({ value: `building:${building.id}`, label: building.name });
      for (const unit of building.units) {
        if (scope.type === 'unit' && unit.id !== scope.unitId) continue;
        choices.push({ value: `unit:${unit.id}`, label: `${building.name} ${unit.name}` });
      }
    }
    return choices;
  }

  private scopeOf(value: string): Scope {
    const [type, id] = value.split(':');
    if (type === 'building') return { type: 'building', buildingId: id };
    if (type === 'unit') return { type: 'unit', unitId: id };
    return { type: 'community' };
  }

  /** The requests to send, in batches: per unit for recorded households, else BATCH codes at a time. */
  private batches(): BallotCodesRequest[] | string {
    const t = this.t;
    const scope = this.scopeOf(this.scopeValue);
    if (this.mode === 'recorded') {
      const units = this.buildings.flatMap((building) =>
        building.units
          .filter(
            (unit) =>
              (scope.type === 'community' ||
                (scope.type === 'building' && building.id === scope.buildingId) ||
                unit.id === scope.unitId) &&
              unit.households > 0,
          )
          .map((unit) => unit.id),
      );
      return units.map((unitId) => ({ scope: { type: 'unit', unitId } }));
    }
    if (this.mode === 'count') {
      const requests: BallotCodesRequest[] = [];
      for (let left = Math.max(1, Math.min(2000, this.count)); left > 0; left -= BATCH) {
        requests.push({ scope, count: Math.min(BATCH, left) });
      }
      return requests;
    }
    const households = parseHouseholds(this.listText);
    if (typeof households === 'number') return t.badLine(households);
    if (this.poll.decision === 'owners' && households!.some((h) => h.area === undefined)) return t.areaNeeded;
    const requests: BallotCodesRequest[] = [];
    for (let start = 0; start < households!.length; start += BATCH) {
      requests.push({ scope, households: households!.slice(start, start + BATCH) });
    }
    return requests;
  }

  private async generate(event: Event) {
    event.preventDefault();
    const t = this.t;
    const batches = this.batches();
    this.status = '';
    if (typeof batches === 'string') {
      this.error = batches;
      return;
    }
    this.error = '';
    const fresh: IssuedBallotCode[] = [];
    const total =
      this.mode === 'recorded' ? batches.length : batches.reduce((n, b) => n + (b.count ?? b.households!.length), 0);
    this.progress = { done: 0, total };
    try {
      for (const batch of batches) {
        try {
          fresh.push(...(await issueCodes(this.poll.id, batch)).items);
        } catch (error) {
          // A unit whose households all have codes already is skipped; anything else stops here.
          if (!(this.mode === 'recorded' && error instanceof AdminApiError && error.code === 'COURTYARD_CONFLICT')) {
            throw error;
          }
        }
        this.progress = {
          done: this.progress.done + (this.mode === 'recorded' ? 1 : (batch.count ?? batch.households!.length)),
          total,
        };
      }
      this.status = fresh.length ? t.generated(fresh.length) : t.nothingToGenerate;
    } catch (error) {
      this.error = this.localize.errorText(error);
      if (fresh.length) this.status = t.generated(fresh.length);
    } finally {
      // Whatever was issued before a failure is kept on the sheet: those codes exist now.
      this.issued = [...this.issued, ...fresh];
      this.progress = undefined;
      this.codes = (await listCodes(this.poll.id).catch(() => ({ items: this.codes }))).items;
    }
  }

  private async reissue(code: StaffBallotCode) {
    const t = this.t;
    try {
      const { items } = await reissueCode(this.poll.id, code.id);
      this.issued = [...this.issued, ...items];
      this.status = t.reissued(code.label);
      this.error = '';
      this.codes = (await listCodes(this.poll.id)).items;
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  override render() {
    const t = this.t;
    const closed = this.poll.state === 'closed';
    return html`
      <section class="card screen-only" aria-labelledby="codes-title">
        <h3 id="codes-title">${t.codes}</h3>
        <p class="hint">${t.codesIntro}</p>
        <p class="alert" role="alert">${this.error}</p>
        <p class="status ok" role="status">${this.status}</p>
        ${!this.loaded ? (this.error ? nothing : html`<p>${t.loadingCodes}</p>`) : closed ? nothing : this.renderGenerate()}
      </section>
      ${this.issued.length ? renderCodeSheet(t, this.language, this.poll.title, this.issued) : nothing}
      <section class="card screen-only" aria-labelledby="code-list-title">
        <h3 id="code-list-title">${t.codeList}</h3>
        ${!this.loaded ? nothing : this.codes.length === 0 ? html`<p>${t.noCodes}</p>` : this.renderList()}
      </section>
    `;
  }

  private renderGenerate() {
    const t = this.t;
    const value = (event: Event) => (event.target as HTMLInputElement).value;
    const owners = this.poll.decision === 'owners';
    const modes: [Mode, string][] = [
      ['recorded', t.modeRecorded],
      ['list', t.modeList],
      ...(owners ? [] : ([['count', t.modeCount]] as [Mode, string][])),
    ];
    return html`<form novalidate @submit=${this.generate}>
      <fieldset>
        <legend>${t.mode}</legend>
        ${modes.map(
          ([mode, label]) => html`<label class="check"><input type="radio" name="mode" .checked=${this.mode === mode}
            @change=${() => {
              this.mode = mode;
            }} />${label}</label>`,
        )}
      </fieldset>
      <label for="code-scope">${t.codeScope}</label>
      <select id="code-scope" @change=${(e: Event) => {
        this.scopeValue = value(e);
      }}>
        ${this.scopeChoices().map(
          (choice) =>
            html`<option value=${choice.value} ?selected=${choice.value === this.scopeValue}>${choice.label}</option>`,
        )}
      </select>
      ${
        this.mode === 'list'
          ? html`<label for="households">${t.householdList}</label>
            <p class="hint" id="households-hint">${t.householdListHint}</p>
            <textarea id="households" aria-describedby="households-hint" .value=${this.listText}
              @input=${(e: Event) => {
                this.listText = value(e);
              }}></textarea>`
          : nothing
      }
      ${
        this.mode === 'count'
          ? html`<label for="count">${t.count}</label>
            <input id="count" type="number" min="1" max="2000" .value=${String(this.count)}
              @input=${(e: Event) => {
                this.count = Number(value(e)) || 1;
              }} />`
          : nothing
      }
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${!!this.progress} aria-busy=${this.progress ? 'true' : 'false'}>
          ${this.progress ? t.generating : t.generate}
        </button>
      </div>
      ${
        this.progress
          ? html`<label for="progress">${t.progress(this.progress.done, this.progress.total)}</label>
            <progress id="progress" max=${this.progress.total} .value=${this.progress.done}></progress>`
          : nothing
      }
    </form>`;
  }

  private renderList() {
    const t = this.t;
    return html`<div class="table-wrap">
      <table>
        <caption>${t.codeList}</caption>
        <thead>
          <tr>
            <th scope="col">${t.colLabel}</th>
            <th scope="col" class="number">${t.colAreaM2}</th>
            <th scope="col">${t.colStatus}</th>
            <th scope="col">${t.colAction}</th>
          </tr>
        </thead>
        <tbody>
          ${this.codes.map(
            (code) => html`<tr>
              <th scope="row">${code.label}</th>
              <td class="number">${code.floorArea === null ? '' : formatNumber(code.floorArea, this.language)}</td>
              <td>${code.revoked ? t.revoked : code.used ? t.used : t.unused}</td>
              <td>
                ${
                  code.revoked || code.used || this.poll.state === 'closed'
                    ? nothing
                    : html`<button type="button" class="secondary" aria-label=${t.reissue(code.label)}
                      @click=${() => this.reissue(code)}>${t.reissueShort}</button>`
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
