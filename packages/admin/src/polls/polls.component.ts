import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { listPolls, type StaffPoll } from '../api/polls.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { pollStyles } from './styles.js';
import { type PollsText, translations } from './translations.js';

/**
 * @summary The Polls screen: the list at /admin/polls, the create form at /admin/polls/new, a poll's page
 * at /admin/polls/<id> (codes, print sheet, paper ballots, close, results) and its edit form at …/<id>/edit.
 */
export class CourtyardAdminPolls extends AdminScreen<PollsText> {
  static override styles = [baseStyles, formStyles, tableStyles, pollStyles];

  @state() private polls?: StaffPoll[];
  @state() private error = '';

  protected readonly localize = new LocalizeController(this, translations);

  override updated(changed: Map<string, unknown>) {
    if (changed.has('route') && this.route.length === 0) void this.load();
  }

  private async load() {
    try {
      this.polls = (await listPolls()).items;
      this.error = '';
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  /** Moves focus to the heading of the view shown (list, form or poll) so a screen reader announces it. */
  override focus() {
    this.updateComplete.then(() => {
      const child = this.renderRoot.querySelector<HTMLElement>(
        'courtyard-admin-poll-form, courtyard-admin-poll-detail',
      );
      if (child) child.focus();
      else this.focusHeading();
    });
  }

  override render() {
    const [id, sub] = this.route;
    if (id === 'new' || sub === 'edit') {
      return html`<courtyard-admin-poll-form
        .language=${this.language}
        .pollId=${id === 'new' ? undefined : id}
      ></courtyard-admin-poll-form>`;
    }
    if (id)
      return html`<courtyard-admin-poll-detail .language=${this.language} .pollId=${id}></courtyard-admin-poll-detail>`;
    return this.renderList();
  }

  private renderList() {
    const t = this.t;
    const polls = this.polls;
    return html`
      <section class="card" aria-labelledby="polls-title">
        <h2 id="polls-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        <p><a class="button primary" href="/admin/polls/new">${t.newPoll}</a></p>
        <p class="alert" role="alert">${this.error}</p>
        ${
          !polls
            ? html`<p role="status">${t.loading}</p>`
            : polls.length === 0
              ? html`<p>${t.noPolls}</p>`
              : html`<div class="table-wrap">
                  <table>
                    <caption>${t.listCaption}</caption>
                    <thead>
                      <tr>
                        <th scope="col">${t.colTitle}</th>
                        <th scope="col">${t.colState}</th>
                        <th scope="col">${t.colEligibility}</th>
                        <th scope="col">${t.colSchedule}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${polls.map(
                        (poll) => html`<tr>
                          <th scope="row"><a href=${`/admin/polls/${poll.id}`}>${poll.title}</a></th>
                          <td>${t.states[poll.state]}</td>
                          <td>${t.eligibility[poll.eligibility]}</td>
                          <td>
                            ${this.localize.date(poll.opensAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: poll.timeZone })} –
                            ${poll.closesAt ? this.localize.date(poll.closesAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: poll.timeZone }) : t.noClose}
                          </td>
                        </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
        }
      </section>
      ${nothing}
    `;
  }
}
