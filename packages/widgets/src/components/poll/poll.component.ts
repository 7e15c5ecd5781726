import type {
  BallotInfo as Ballot,
  PublicPollOption as Option,
  PublicPoll as Poll,
  PollTally,
  PollResults as Results,
  VoteReceipt,
} from '@courtyard/protocol/schemas';
import { type CSSResultGroup, html, nothing, type PropertyDeclarations } from 'lit';
import { ApiError } from '../../api/api-error.js';
import { kept } from '../../api/device-keeps.js';
import { voterToken } from '../../api/voter-token.js';
import { LiveController } from '../../controllers/live-controller.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { SubmissionController } from '../../controllers/submission-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { theme } from '../../styles/theme.js';
import { pollStyles } from './poll.styles.js';
import { type PollStrings, pollEn } from './translations/en.js';
import { pollZhCN } from './translations/zh-CN.js';

type Dimensions = NonNullable<Results['owners']>['eligible'];

const translations: Translations<keyof PollStrings> = { en: pollEn, 'zh-CN': pollZhCN };
const receiptName = (id: string) => `poll-receipt:${id}`;

/**
 * @tagname courtyard-poll
 * @summary A poll residents vote in — one vote per device or per household ballot code — with results as an
 * accessible bar chart that updates live while the poll is open. Owners' decisions show turnout and approval
 * by households and by floor area. Without `poll`, it shows the community's newest open poll.
 *
 * @event {CustomEvent<CourtyardSubmitDetail>} courtyard-submit - Before a vote is sent (cancelable); `detail.body` is the vote.
 * @event {CustomEvent<CourtyardSubmittedDetail>} courtyard-submitted - The vote was recorded; `detail.response.receipt` unlocks "after voting" results.
 * @event {CustomEvent<CourtyardQueuedDetail>} courtyard-queued - Offline: the vote is kept and sent when the device is back online.
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - Loading or voting failed; `detail.code` is the protocol's error code.
 *
 * @csspart base - The widget's box.
 * @csspart title - The question.
 * @csspart form - The ballot (choices, code and the vote button).
 * @csspart results - The results chart.
 * @csspart shares - Owners' polls: the table of cost shares per floor, the voter's floor marked.
 * @csspart status - State and error messages.
 */
export class CourtyardPoll extends CourtyardElement {
  static override styles: CSSResultGroup = [theme, controls, pollStyles];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    poll: {},
    code: {},
    data: { state: true },
    results: { state: true },
    ballot: { state: true },
    problem: { state: true },
  };

  readonly #vote: SubmissionController<VoteReceipt> = new SubmissionController(this);
  protected readonly live = new LiveController(this, {
    topic: () => (this.data ? `poll:${this.data.id}` : ''),
    types: ['tally'],
    onEvent: (event) => {
      if (event.type === 'tally') this.#onTally(event.payload as PollTally);
    },
    onResync: () => void this.#load(),
  });

  /** The poll's id; empty shows the newest open poll of the site. */
  poll = '';
  /** A household's ballot code to fill in; defaults to the page URL's `?code=` (the code sheet's QR link). */
  code: string = new URLSearchParams(location.search).get('code') ?? '';

  /** The poll; null when the site has no open poll (and no `poll` was given). */
  protected data?: Poll | null;
  protected results?: Results;
  protected ballot?: Ballot;
  protected problem?: ApiError;
  #chosen = new Set<string>();
  #other = '';
  #loaded = '';

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    const key = `${this.client?.base} ${this.poll}`;
    if (this.client && key !== this.#loaded) {
      // Another poll's question and results must not stay on screen while (or because) this one fails.
      if (this.#loaded) this.data = this.results = this.ballot = undefined;
      this.#loaded = key;
      void this.#load();
    }
  }

  /** This device's receipt for the poll, if it voted here. */
  get receipt(): string | null {
    return this.data ? kept(receiptName(this.data.id)) : null;
  }

  /** A string of this widget's table or the shared one, through the one lookup (overrides first). */
  readonly #s: Lookup<keyof PollStrings> = this.localize.withTable(translations);

  async #load(): Promise<void> {
    const client = this.client;
    const loading = this.#loaded;
    if (!client) return;
    this.problem = undefined;
    try {
      const data = this.poll
        ? await client.get<Poll>(`/polls/${encodeURIComponent(this.poll)}`)
        : ((await client.get<{ items: Poll[] }>('/polls')).items[0] ?? null);
      if (loading !== this.#loaded) return; // `site` or `poll` changed meanwhile: that load shows its own
      // A link with a household's code: its line and cost shares come above the choices, so they are asked for
      // before the choices show; arriving later, they pushed the choices down under a resident's finger.
      const household =
        data && this.code && data.eligibility === 'ballot-code' ? await this.#ballotOf(data) : undefined;
      if (loading !== this.#loaded) return;
      this.data = data;
      if (household) ({ ballot: this.ballot, problem: this.problem } = household);
      await this.#loadResults();
    } catch (caught) {
      if (loading === this.#loaded) this.#fail(caught);
    }
  }

  async #loadResults(): Promise<void> {
    if (!this.data || !this.client) return;
    const receipt = this.receipt;
    // Asked only when the server would show them (as polls/results.ts decides): a hidden answer is a 403
    // that every page load would log in the console.
    const { visibility, state } = this.data;
    const shown =
      visibility === 'always' ||
      (visibility === 'after-voting' && (receipt || state === 'closed')) ||
      (visibility === 'after-close' && state === 'closed');
    if (!shown) return;
    const poll = this.data;
    try {
      const results = await this.client.get<Results>(
        `/polls/${poll.id}/results${receipt ? `?receipt=${encodeURIComponent(receipt)}` : ''}`,
      );
      if (this.data?.id === poll.id) this.results = results;
    } catch {
      if (this.data?.id === poll.id) this.results = undefined; // hidden until the vote or the close: the status line says so
    }
  }

  async #check(): Promise<void> {
    if (this.data) ({ ballot: this.ballot, problem: this.problem } = await this.#ballotOf(this.data));
  }

  /** The household a ballot code stands for, and what to say when the code is used or wrong. */
  async #ballotOf(poll: Poll): Promise<{ ballot?: Ballot; problem?: ApiError }> {
    if (!this.client) return {};
    try {
      const ballot = await this.client.get<Ballot>(`/polls/${poll.id}/ballot?code=${encodeURIComponent(this.code)}`);
      return { ballot, problem: ballot.used ? new ApiError(409, 'COURTYARD_BALLOT_CODE_USED', '') : undefined };
    } catch (caught) {
      return { ballot: undefined, problem: this.reportError(caught) };
    }
  }

  #fail(caught: unknown): void {
    this.problem = this.reportError(caught);
  }

  #onTally(payload: PollTally): void {
    if (this.data && payload.state !== this.data.state) this.data = { ...this.data, state: payload.state };
    if (payload.results) this.results = payload.results;
    else if (this.receipt || payload.state === 'closed') void this.#loadResults();
  }

  #toggle(option: Option, checked: boolean): void {
    if (this.data?.selection === 'single') this.#chosen.clear();
    if (checked) this.#chosen.add(option.id);
    else this.#chosen.delete(option.id);
    this.requestUpdate();
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const poll = this.data;
    if (!poll) return;
    const byCode = poll.eligibility === 'ballot-code';
    const chosenOther = poll.options.some((option) => option.isOther && this.#chosen.has(option.id));
    await this.#vote.submit({
      path: `/polls/${poll.id}/votes`,
      json: {
        optionIds: [...this.#chosen],
        ...(chosenOther ? { otherText: this.#other } : {}),
        ...(byCode ? { ballotCode: this.code } : { voterToken: voterToken() }),
      },
    });
    const receipt = this.#vote.response?.receipt;
    if (this.#vote.state === 'sent' && receipt) {
      kept(receiptName(poll.id), receipt);
      await this.#loadResults();
    }
  }

  #percent(part: number, whole: number): string {
    return this.formatNumber(whole ? part / whole : 0, { style: 'percent', maximumFractionDigits: 1 });
  }

  #chart(results: Results) {
    const owners = results.owners;
    const figures = (d: Dimensions) => ({ h: d.households, a: this.formatNumber(d.area) });
    return html`<section part="results" aria-labelledby="r">
      <h3 id="r" class="heading">${this.#s('results')}</h3>
      <ul>
        ${results.options.map(
          (option) => html`<li>
            <div class="row"><span>${option.label}</span>
              <span>${this.#s('votes', { n: option.votes, p: this.#percent(option.votes, results.ballots) })}</span></div>
            <progress aria-hidden="true" max=${results.ballots || 1} .value=${option.votes}></progress>
          </li>`,
        )}
      </ul>
      <p class="muted">${this.#s('ballots', { n: results.ballots })}</p>
      ${
        owners
          ? html`<p>${this.#s('turnout', {
              ...figures(owners.participating),
              H: owners.eligible.households,
              A: this.formatNumber(owners.eligible.area),
            })}</p>
          <p>${this.#s('inFavour', figures(owners.approving))}</p>
          <p><strong>${this.#s(owners.quorumMet ? 'quorumMet' : 'quorumMissed')}
            ${this.#s(owners.passed ? 'passed' : 'notPassed')}</strong></p>`
          : nothing
      }
    </section>`;
  }

  /** The household's own share, then the floor table it comes from: a floor's share is the whole landing's. */
  #shares(ballot: Ballot) {
    const share = (percent: number) => this.#percent(percent, 100);
    const mine = ballot.floorShares.find((row) => row.floor === ballot.floor);
    return html`${
      ballot.costSharePercent === null
        ? nothing
        : html`<p><strong>${this.#s('share', { p: share(ballot.costSharePercent) })}</strong></p>`
    }
      ${mine ? html`<p>${this.#s('shareFloor', { floor: mine.floor, f: share(mine.percent), n: mine.households })}</p>` : nothing}
      ${
        ballot.floorShares.length
          ? html`<table part="shares">
            <caption>${this.#s('shares')}</caption>
            <tr><th scope="col">${this.#s('floor')}</th><th scope="col">${this.#s('floorPays')}</th>
              <th scope="col">${this.#s('households')}</th><th scope="col">${this.#s('each')}</th></tr>
            ${ballot.floorShares.map(
              (row) => html`<tr aria-current=${row === mine ? 'true' : nothing}>
                <th scope="row">${row.floor}${row === mine ? this.#s('yours') : ''}</th><td>${share(row.percent)}</td>
                <td>${row.households}</td><td>${share(row.percent / Math.max(1, row.households))}</td></tr>`,
            )}
          </table>`
          : nothing
      }`;
  }

  #form(poll: Poll) {
    const byCode = poll.eligibility === 'ballot-code';
    const ballot = this.ballot;
    const pending = this.#vote.state === 'pending';
    return html`<form part="form" @submit=${this.#submit}>
      ${
        byCode
          ? html`<label for="code">${this.#s('code')}</label>
            <input id="code" autocomplete="off" autocapitalize="characters" .value=${this.code}
              @input=${(e: Event) => (this.code = (e.target as HTMLInputElement).value)} />
            <div class="actions"><button type="button" class="secondary" @click=${this.#check}>${this.#s('check')}</button></div>
            ${
              ballot
                ? html`<p>${this.#s('household', { label: ballot.label, area: ballot.floorArea ?? '–' })}</p>
                  ${this.#shares(ballot)}`
                : nothing
            }`
          : nothing
      }
      <fieldset>
        <legend class="muted">${poll.selection === 'multiple' ? this.#s('upTo', { n: poll.maxChoices }) : poll.title}</legend>
        ${poll.options.map(
          (option) => html`<label class="choice">
            <input type=${poll.selection === 'single' ? 'radio' : 'checkbox'} name="o" .value=${option.id}
              .checked=${this.#chosen.has(option.id)}
              ?disabled=${poll.selection === 'multiple' && !this.#chosen.has(option.id) && this.#chosen.size >= poll.maxChoices}
              @change=${(e: Event) => this.#toggle(option, (e.target as HTMLInputElement).checked)} />
            ${option.label}</label>
            ${
              option.isOther && this.#chosen.has(option.id)
                ? html`<input aria-label=${this.#s('other')} placeholder=${this.#s('other')} maxlength="200" required
                  @input=${(e: Event) => (this.#other = (e.target as HTMLInputElement).value)} />`
                : nothing
            }`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" ?disabled=${pending || this.#chosen.size === 0 || (byCode && !this.code)}>
          ${pending ? this.t(this.#vote.pendingText) : this.#s('vote')}</button>
      </div>
    </form>`;
  }

  override render() {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const poll = this.data;
    const problem = this.problem ?? this.#vote.error ?? this.configError;
    const voted = this.#vote.state === 'sent' || this.receipt !== null;
    const queued = this.#vote.state === 'queued';
    let status = '';
    if (poll === undefined && !problem) status = this.t('loading');
    else if (!poll) status = '';
    else if (poll.state === 'scheduled')
      status = this.#s('opens', { time: this.formatDate(poll.opensAt, { dateStyle: 'medium', timeStyle: 'short' }) });
    else if (poll.state === 'closed') status = this.#s('closed');
    else if (voted) status = this.#s('voted');
    else if (queued) status = this.t('queued');
    else if (this.#vote.checking) status = this.t('checking');
    return html`<section part="base" class="base" aria-labelledby="t">
      ${
        poll
          ? html`<h2 id="t" part="title" class="heading">${poll.title}</h2>
            ${poll.description ? html`<p>${poll.description}</p>` : nothing}
            ${
              poll.closesAt && poll.state !== 'closed'
                ? html`<p class="muted">${this.#s('closes', { time: this.formatDate(poll.closesAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>`
                : nothing
            }
            ${poll.state === 'open' && !voted && !queued ? this.#form(poll) : nothing}`
          : poll === null || problem
            ? html`<h2 id="t" class="heading">${problem ? this.t(problem.status ? 'featurePoll' : 'loadFailed') : this.#s('none')}</h2>`
            : nothing
      }
      <div part="status" role="status" aria-live="polite">
        ${status ? html`<p class="status">${status}</p>` : nothing}
        ${problem ? html`<p class="status error">${this.errorText(problem.code)}</p>` : nothing}
        ${poll && !this.results && voted ? html`<p class="status">${this.t('COURTYARD_POLL_RESULTS_HIDDEN')}</p>` : nothing}
      </div>
      ${this.results ? this.#chart(this.results) : nothing}
    </section>`;
  }
}
