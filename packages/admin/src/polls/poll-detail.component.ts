import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  closePoll,
  enterPaperBallot,
  getPoll,
  pollResults,
  type StaffPoll,
  type StaffPollResults,
} from '../api/polls.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, pairsStyles, tableStyles } from '../styles.js';
import { resultsView } from './results-view.js';
import { chartStyles, pollStyles } from './styles.js';
import { type PollsText, translations } from './translations.js';

/**
 * @summary One poll: its settings, ballot codes and print sheet (courtyard-admin-poll-codes), paper
 * ballots, closing, and the results with the owners' tally.
 */
export class CourtyardAdminPollDetail extends AdminElement<PollsText> {
  static override styles = [
    baseStyles,
    pairsStyles,
    formStyles,
    tableStyles,
    pollStyles,
    chartStyles,
    css`
      dl.pairs {
        margin: 1em 0;
      }
      @media print {
        .screen-only {
          display: none;
        }
        .card {
          border: none;
          padding: 0;
        }
      }
    `,
  ];

  @state() private poll?: StaffPoll;
  @state() private results?: StaffPollResults;
  @state() private error = '';
  @state() private status = '';
  @state() private confirmingClose = false;
  @state() private busy = false;
  @state() private paperCode = '';
  @state() private paperChoice: string[] = [];
  @state() private paperOther = '';
  @state() private paperError = '';
  @state() private paperStatus = '';

  protected readonly localize = new LocalizeController(this, translations);
  @property({ attribute: false }) pollId = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const [poll, results] = await Promise.all([getPoll(this.pollId), pollResults(this.pollId)]);
      const headingHadFocus = this.shadowRoot?.activeElement === this.heading && this.heading !== null;
      this.poll = poll;
      this.results = results;
      // The loading view's heading is replaced by the poll's: keep focus on the heading the shell focused.
      if (headingHadFocus) this.focus();
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  private async refreshResults() {
    try {
      this.results = await pollResults(this.pollId);
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  private async close() {
    const t = this.t;
    this.busy = true;
    try {
      this.poll = await closePoll(this.pollId);
      this.confirmingClose = false;
      this.status = t.closed;
      await this.refreshResults();
    } catch (error) {
      this.error = this.localize.errorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async enterPaper(event: Event) {
    event.preventDefault();
    const t = this.t;
    this.paperStatus = '';
    if (!this.paperCode.trim()) {
      this.paperError = `${t.paperCode}: ${t.required}`;
      return;
    }
    if (this.paperChoice.length === 0) {
      this.paperError = t.chooseOption;
      return;
    }
    this.paperError = '';
    try {
      const other = this.poll?.options.find((o) => o.isOther && this.paperChoice.includes(o.id));
      const entered = await enterPaperBallot(this.pollId, {
        ballotCode: this.paperCode.trim(),
        optionIds: this.paperChoice,
        ...(other && this.paperOther.trim() ? { otherText: this.paperOther.trim() } : {}),
      });
      this.paperStatus = t.entered(entered.label);
      this.paperCode = '';
      this.paperChoice = [];
      this.paperOther = '';
      await this.refreshResults();
    } catch (error) {
      this.paperError = this.localize.errorText(error);
    }
  }

  private choose(id: string, on: boolean) {
    if (this.poll?.selection === 'single') this.paperChoice = on ? [id] : [];
    else this.paperChoice = on ? [...this.paperChoice, id] : this.paperChoice.filter((c) => c !== id);
  }

  override render() {
    const t = this.t;
    const poll = this.poll;
    if (!poll) {
      return html`<section class="card">
        <p><a href="/admin/polls">${t.backToList}</a></p>
        <h2 tabindex="-1">${t.title}</h2>
        <p class="alert" role="alert">${this.error}</p>
        ${this.error ? nothing : html`<p role="status">${t.loading}</p>`}
      </section>`;
    }
    const codes = poll.eligibility === 'ballot-code';
    return html`
      <section class="card screen-only" aria-labelledby="poll-title">
        <p><a href="/admin/polls">${t.backToList}</a></p>
        <h2 id="poll-title" tabindex="-1">${poll.title}</h2>
        <p class="alert" role="alert">${this.error}</p>
        <p class="status ok" role="status">${this.status}</p>
        ${poll.description ? html`<p>${poll.description}</p>` : nothing}
        <dl class="pairs">
          <dt>${t.colState}</dt>
          <dd>${t.states[poll.state]}</dd>
          <dt>${t.colSchedule}</dt>
          <dd>
            ${this.localize.date(poll.opensAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: poll.timeZone })} –
            ${poll.closesAt ? this.localize.date(poll.closesAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: poll.timeZone }) : t.noClose}
          </dd>
          <dt>${t.colEligibility}</dt>
          <dd>${t.eligibility[poll.eligibility]}</dd>
          <dt>${t.visibility}</dt>
          <dd>${t.visibilities[poll.visibility]}</dd>
          ${poll.decision === 'owners' ? html`<dt>${t.rule}</dt><dd>${t.ruleNames[poll.approvalRule]}</dd>` : nothing}
          <dt>${t.ballotPage}</dt>
          <dd><a href=${poll.ballotUrl} target="_blank" rel="noopener">${poll.ballotUrl}</a></dd>
        </dl>
        <div class="actions">
          <a class="button secondary" href=${`/admin/polls/${poll.id}/edit`}>${t.edit}</a>
          ${
            poll.state === 'closed' || this.confirmingClose
              ? nothing
              : html`<button type="button" class="secondary" @click=${() => {
                  this.confirmingClose = true;
                }}>${t.closeNow}</button>`
          }
        </div>
        ${
          this.confirmingClose
            ? html`<div role="group" aria-labelledby="confirm-close">
              <p id="confirm-close">${t.confirmClose}</p>
              <div class="actions">
                <button type="button" class="primary" ?disabled=${this.busy} @click=${this.close}>${t.confirm}</button>
                <button type="button" class="secondary" @click=${() => {
                  this.confirmingClose = false;
                }}>${t.cancel}</button>
              </div>
            </div>`
            : nothing
        }
      </section>

      ${
        codes
          ? html`<courtyard-admin-poll-codes .language=${this.language} .poll=${poll}></courtyard-admin-poll-codes>`
          : nothing
      }
      ${codes && poll.state === 'open' ? this.renderPaper() : nothing}

      <section class="card screen-only" aria-labelledby="results-title">
        <h3 id="results-title">${t.results}</h3>
        ${this.results ? resultsView(t, this.language, this.results) : nothing}
        <button type="button" class="secondary" @click=${this.refreshResults}>${t.refresh}</button>
      </section>
    `;
  }

  private renderPaper() {
    const t = this.t;
    const poll = this.poll!;
    const type = poll.selection === 'single' ? 'radio' : 'checkbox';
    const otherChosen = poll.options.some((o) => o.isOther && this.paperChoice.includes(o.id));
    return html`
      <section class="card screen-only" aria-labelledby="paper-title">
        <h3 id="paper-title">${t.paper}</h3>
        <p class="hint">${t.paperIntro}</p>
        <form novalidate @submit=${this.enterPaper}>
          <p class="alert" role="alert">${this.paperError}</p>
          <label for="paper-code">${t.paperCode}</label>
          <input id="paper-code" type="text" autocomplete="off" spellcheck="false" maxlength="16"
            .value=${this.paperCode} @input=${(e: Event) => {
              this.paperCode = (e.target as HTMLInputElement).value;
            }} />
          <fieldset>
            <legend>${t.paperChoice}</legend>
            ${poll.options.map(
              (
                option,
              ) => html`<label class="check"><input type=${type} name="paper-choice" .checked=${this.paperChoice.includes(option.id)}
                @change=${(e: Event) => this.choose(option.id, (e.target as HTMLInputElement).checked)} />${option.label}</label>`,
            )}
            ${
              otherChosen
                ? html`<label for="paper-other">${t.otherText}</label>
                  <input id="paper-other" type="text" maxlength="200" .value=${this.paperOther}
                    @input=${(e: Event) => {
                      this.paperOther = (e.target as HTMLInputElement).value;
                    }} />`
                : nothing
            }
          </fieldset>
          <button type="submit" class="primary">${t.enter}</button>
          <p class="status ok" role="status">${this.paperStatus}</p>
        </form>
      </section>
    `;
  }
}
