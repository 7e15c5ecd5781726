import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { type AuditEntry, type AuditFilter, searchAudit } from '../api/audit.js';
import { listStaff, type ManagedStaffAccount } from '../api/staff.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { type AuditTranslation, translations } from './translations.js';

/** Actions the console writes today, offered as suggestions in the action filter. */
const KNOWN_ACTIONS = [
  'staff',
  'staff.signed_in',
  'staff.invited',
  'staff.invitation_accepted',
  'staff.role_changed',
  'staff.deactivated',
  'staff.reset_link_created',
  'staff.password_reset',
  'site',
  'site.created',
  'site.origin_added',
  'site.origin_removed',
  'suggestion',
  'repair',
  'poll',
];

/**
 * @summary The Audit log screen (admins): every staff action with who, what, when and before/after,
 * filtered by person, action, subject and dates, newest first, a page at a time.
 */
export class CourtyardAdminAudit extends AdminScreen<AuditTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    tableStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
        gap: 0.75rem 1rem;
        align-items: end;
      }
      fieldset {
        border: 1px solid var(--admin-border);
        border-radius: 0.75rem;
        padding: 1rem;
        margin: 0 0 1rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      label {
        display: block;
        font-weight: 600;
      }
      .hint {
        font-size: 0.9rem;
        margin: 0;
      }
      input,
      select {
        width: 100%;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      code,
      pre {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        overflow-wrap: anywhere;
      }
      pre {
        white-space: pre-wrap;
        margin: 0;
        font-size: 0.85rem;
      }
      summary {
        cursor: pointer;
        /* 44 px target; display stays list-item so the disclosure triangle shows. */
        padding: 0.6rem 0;
      }
      dl {
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0 0 0.5rem;
      }
      .pager {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 1rem;
      }
    `,
  ];

  @query('form') private form!: HTMLFormElement;

  @state() private entries?: AuditEntry[];
  @state() private people: ManagedStaffAccount[] = [];
  @state() private error = '';
  @state() private status = '';
  @state() private loading = false;
  @state() private nextCursor: string | null = null;
  /** Cursors of the pages before this one ('' for the first), so "Newer" can go back. */
  @state() private cursors: string[] = [];
  @state() private filter: AuditFilter = {};

  protected readonly localize = new LocalizeController(this, translations);

  override connectedCallback() {
    super.connectedCallback();
    void this.loadPage('');
    listStaff()
      .then((people) => {
        this.people = people;
      })
      .catch(() => {
        // The actor filter then offers "Anyone" only; the log itself still loads.
      });
  }

  private get page() {
    return this.cursors.length;
  }

  private async loadPage(cursor: string, previous: string[] = []) {
    this.loading = true;
    this.error = '';
    // Said at once, so nobody reads the previous filter's count as this one's.
    this.status = this.t.loading;
    try {
      const result = await searchAudit(this.filter, cursor || undefined);
      this.entries = result.items;
      this.nextCursor = result.nextCursor;
      this.cursors = [...previous, cursor];
      this.status = this.t.shown(result.items.length, this.page);
    } catch (error) {
      this.status = '';
      this.error = this.localize.errorText(error);
    } finally {
      this.loading = false;
    }
  }

  /** A date input's day as the start (or end) of that day in the browser's time zone, in ISO 8601. */
  private dayBoundary(value: string, end: boolean): string | undefined {
    if (!value) return undefined;
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    const date = end ? new Date(year, month - 1, day, 23, 59, 59, 999) : new Date(year, month - 1, day);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }

  private onApply(event: SubmitEvent) {
    event.preventDefault();
    const value = (name: string) => (this.form.elements.namedItem(name) as HTMLInputElement).value.trim();
    this.filter = {
      actor: value('actor') || undefined,
      action: value('action') || undefined,
      subjectType: value('subjectType') || undefined,
      subjectId: value('subjectId') || undefined,
      from: this.dayBoundary(value('from'), false),
      to: this.dayBoundary(value('to'), true),
    };
    void this.loadPage('');
  }

  private onClear() {
    this.form.reset();
    this.filter = {};
    void this.loadPage('');
  }

  private onOlder() {
    if (this.nextCursor) void this.loadPage(this.nextCursor, this.cursors);
  }

  private onNewer() {
    const previous = this.cursors.slice(0, -2);
    const cursor = this.cursors.at(-2);
    if (cursor !== undefined) void this.loadPage(cursor, previous);
  }

  private actorName(entry: AuditEntry) {
    const { actor } = entry;
    if (actor.type !== 'staff') return this.t.actors[actor.type] ?? actor.type;
    return actor.displayName ? `${actor.displayName} (${actor.email ?? ''})` : (actor.id ?? '');
  }

  private renderChange(value: unknown) {
    return value === null || value === undefined ? this.t.nothing : html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
  }

  private renderEntry(entry: AuditEntry) {
    const t = this.t;
    const changed = entry.before !== null || entry.after !== null;
    return html`<tr>
      <td><time datetime=${entry.createdAt}>${this.localize.date(entry.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })}</time></td>
      <td>${this.actorName(entry)}</td>
      <th scope="row"><code>${entry.action}</code></th>
      <td><code>${entry.subjectType}${entry.subjectId ? ` ${entry.subjectId}` : ''}</code></td>
      <td>
        ${
          changed
            ? html`<details>
                <summary>${t.showChanges}</summary>
                <dl>
                  <dt>${t.before}</dt>
                  <dd>${this.renderChange(entry.before)}</dd>
                  <dt>${t.after}</dt>
                  <dd>${this.renderChange(entry.after)}</dd>
                </dl>
              </details>`
            : t.nothing
        }
      </td>
    </tr>`;
  }

  private renderFilters() {
    const t = this.t;
    return html`<fieldset>
      <legend>${t.filters}</legend>
      <form novalidate @submit=${this.onApply}>
        <div>
          <label for="actor">${t.actor}</label>
          <select id="actor" name="actor">
            <option value="">${t.anyone}</option>
            ${this.people.map((person) => html`<option value=${person.id}>${person.displayName} (${person.email})</option>`)}
          </select>
        </div>
        <div>
          <label for="action">${t.action}</label>
          <input id="action" name="action" list="known-actions" maxlength="80" autocomplete="off" spellcheck="false" aria-describedby="action-hint" />
          <datalist id="known-actions">${KNOWN_ACTIONS.map((action) => html`<option value=${action}></option>`)}</datalist>
          <p class="hint muted" id="action-hint">${t.actionHint}</p>
        </div>
        <div>
          <label for="subject-type">${t.subjectType}</label>
          <input id="subject-type" name="subjectType" maxlength="40" autocomplete="off" spellcheck="false" />
        </div>
        <div>
          <label for="subject-id">${t.subjectId}</label>
          <input id="subject-id" name="subjectId" maxlength="200" autocomplete="off" spellcheck="false" />
        </div>
        <div>
          <label for="from">${t.from}</label>
          <input id="from" name="from" type="date" />
        </div>
        <div>
          <label for="to">${t.to}</label>
          <input id="to" name="to" type="date" />
        </div>
        <div class="buttons">
          <button class="primary" type="submit" aria-busy=${this.loading ? 'true' : 'false'}>${t.apply}</button>
          <button class="secondary" type="button" @click=${this.onClear}>${t.clear}</button>
        </div>
      </form>
    </fieldset>`;
  }

  private renderResults() {
    const t = this.t;
    // The status line says "loading" meanwhile.
    if (this.entries === undefined) return nothing;
    if (this.entries.length === 0) return html`<p>${t.none}</p>`;
    return html`<div class="table-wrap">
        <table>
          <caption>${t.caption(this.page)}</caption>
          <thead>
            <tr>
              <th scope="col">${t.when}</th>
              <th scope="col">${t.who}</th>
              <th scope="col">${t.what}</th>
              <th scope="col">${t.subject}</th>
              <th scope="col">${t.changes}</th>
            </tr>
          </thead>
          <tbody>${this.entries.map((entry) => this.renderEntry(entry))}</tbody>
        </table>
      </div>
      <div class="pager">
        ${this.page > 1 ? html`<button class="secondary" type="button" @click=${this.onNewer}>${t.newer}</button>` : nothing}
        ${this.nextCursor ? html`<button class="secondary" type="button" @click=${this.onOlder}>${t.older}</button>` : nothing}
      </div>`;
  }

  override render() {
    const t = this.t;
    return html`
      <section aria-labelledby="audit-title">
        <h2 id="audit-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        ${this.renderFilters()}
        <p role="status">${this.status}</p>
        <div role="alert" class=${this.error ? 'alert' : ''}>${this.error}</div>
        ${this.renderResults()}
      </section>
    `;
  }
}
