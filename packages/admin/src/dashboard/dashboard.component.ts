import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { type Dashboard, fetchDashboard, fetchPollChoices } from '../api/dashboard.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { sourceName } from '../recorded/sources.js';
import { baseStyles, formStyles } from '../styles.js';
import type { ChartSeries } from './chart.component.js';
import { renderNoticeFigures } from './notice-figures.js';
import { type DashboardTranslation, translations } from './translations.js';

const PERIODS = [4, 12, 26, 52] as const;

/**
 * @summary The dashboard: work received, answered and resolved per week, by category, median times, "you
 * said, we did", notices (open by kind, households affected, time to close), and the CSV exports of every list. Each chart has its numbers in a table beside it.
 */
export class CourtyardAdminDashboard extends AdminScreen<DashboardTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      section {
        margin-bottom: 1.5rem;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
        gap: 1rem;
      }
      label {
        display: block;
        font-weight: 600;
      }
      select {
        min-width: min(12rem, 100%);
      }
      dl.medians {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
        gap: 0.75rem;
        margin: 0;
      }
      dl.medians div {
        border: 1px solid var(--admin-border);
        border-radius: 0.5rem;
        padding: 0.75rem 1rem;
      }
      dt {
        color: var(--admin-muted);
      }
      dd {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 700;
      }
      .table-wrap {
        overflow-x: auto;
        margin-top: 0.75rem;
      }
      table {
        border-collapse: collapse;
        min-width: 100%;
      }
      caption {
        text-align: start;
        font-weight: 600;
        padding-bottom: 0.25rem;
      }
      th,
      td {
        border-bottom: 1px solid var(--admin-border);
        padding: 0.25rem 0.75rem 0.25rem 0;
        text-align: start;
        white-space: nowrap;
      }
      td.number,
      th.number {
        text-align: end;
      }
      ul.said {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      ul.said li {
        border-left: 0.3rem solid var(--admin-accent);
        padding: 0.25rem 0 0.25rem 0.75rem;
      }
      .said p {
        margin: 0.25rem 0;
        overflow-wrap: anywhere;
      }
      .said p.text {
        white-space: pre-line;
      }
      .exports {
        display: grid;
        gap: 0.75rem;
        justify-items: start;
      }
      .poll-export {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
        max-width: 100%;
      }
      .poll-export > div {
        flex: 1 1 12rem;
        min-width: 0;
      }
      .poll-export select {
        width: 100%;
      }
    `,
  ];

  @state() private figures: Dashboard | undefined;
  @state() private error = '';
  @state() private loading = false;
  @state() private weeks: number = 12;
  @state() private polls: { id: string; title: string }[] = [];
  @state() private pollId = '';

  protected readonly localize = new LocalizeController(this, translations);

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
    void fetchPollChoices()
      .then((polls) => {
        this.polls = polls;
        this.pollId = polls[0]?.id ?? '';
      })
      .catch(() => {
        this.polls = [];
      });
  }

  private async load() {
    this.loading = true;
    this.error = '';
    try {
      this.figures = await fetchDashboard(this.weeks);
    } catch (error) {
      this.error = this.localize.errorText(error);
    } finally {
      this.loading = false;
    }
  }

  private changeWeeks(event: Event) {
    this.weeks = Number((event.target as HTMLSelectElement).value);
    void this.load();
  }

  private number(value: number) {
    return new Intl.NumberFormat(this.language).format(value);
  }

  /** A median in minutes, hours or days, in the console's language. */
  private duration(seconds: number | null) {
    if (seconds === null) return this.t.noData;
    const [value, unit] =
      seconds < 3600
        ? [seconds / 60, 'minute']
        : seconds < 172_800
          ? [seconds / 3600, 'hour']
          : [seconds / 86_400, 'day'];
    return new Intl.NumberFormat(this.language, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      maximumFractionDigits: 1,
    }).format(value);
  }

  private date(iso: string, options: Intl.DateTimeFormatOptions) {
    // startsOn is a calendar date: read and shown in UTC so no time zone moves it a day.
    return new Intl.DateTimeFormat(this.language, {
      ...options,
      timeZone: iso.length === 10 ? 'UTC' : undefined,
    }).format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
  }

  private categoryName(row: Dashboard['byCategory'][number]) {
    return (row.names && this.localize.name(row.names)) || this.t.uncategorised;
  }

  private weeklyChart(id: string, title: string, columns: { label: string; values: number[] }[]) {
    const figures = this.figures!;
    const labels = figures.perWeek.map((week) => this.date(week.startsOn, { month: 'numeric', day: 'numeric' }));
    const totals = columns
      .map((column) => this.t.total(column.label, this.number(column.values.reduce((sum, value) => sum + value, 0))))
      .join(this.language === 'en' ? ', ' : '，');
    const series: ChartSeries[] = columns;
    return html`
      <section class="card" aria-labelledby="${id}-title" data-chart=${id}>
        <h3 id="${id}-title">${title}</h3>
        <courtyard-admin-chart
          .language=${this.language}
          .labels=${labels}
          .series=${series}
          description=${this.t.describeWeeks(title, figures.weeks, totals)}
        ></courtyard-admin-chart>
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="${id}-caption">
          <table>
            <caption id="${id}-caption">${this.t.tableOf(title)}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t.week}</th>
                ${columns.map((column) => html`<th scope="col" class="number">${column.label}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${figures.perWeek.map(
                (week, index) => html`<tr>
                  <th scope="row">${week.week} · ${this.date(week.startsOn, { month: 'short', day: 'numeric' })}</th>
                  ${columns.map((column) => html`<td class="number">${this.number(column.values[index] ?? 0)}</td>`)}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
    `;
  }

  private categoryChart() {
    const { t } = this;
    const rows = this.figures!.byCategory;
    const labels = rows.map((row) => `${t.kinds[row.kind]} · ${this.categoryName(row)}`);
    return html`
      <section class="card" aria-labelledby="categories-title" data-chart="categories">
        <h3 id="categories-title">${t.categoriesTitle}</h3>
        ${
          rows.length === 0
            ? html`<p>${t.noCategories}</p>`
            : html`<courtyard-admin-chart
                  kind="bar"
                  .language=${this.language}
                  .labels=${labels}
                  .series=${[{ label: t.received, values: rows.map((row) => row.received) }]}
                  description=${t.describeCategories(rows.length)}
                ></courtyard-admin-chart>
                <div class="table-wrap" role="region" tabindex="0" aria-labelledby="categories-caption">
                  <table>
                    <caption id="categories-caption">${t.tableOf(t.categoriesTitle)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">${t.kind}</th>
                        <th scope="col">${t.category}</th>
                        <th scope="col" class="number">${t.received}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${rows.map(
                        (row) => html`<tr>
                          <td>${t.kinds[row.kind]}</td>
                          <th scope="row">${this.categoryName(row)}</th>
                          <td class="number">${this.number(row.received)}</td>
                        </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
        }
      </section>
    `;
  }

  /** Duty rotas: per week and building, the share of rota days with every place taken. */
  private rotaCoverage() {
    const { t } = this;
    const rows = this.figures!.rotaCoverage;
    const share = (covered: number, needed: number) =>
      new Intl.NumberFormat(this.language, { style: 'percent' }).format(needed ? covered / needed : 0);
    return html`
      <section class="card" aria-labelledby="rota-title">
        <h3 id="rota-title">${t.rotaTitle}</h3>
        ${
          rows.length === 0
            ? html`<p>${t.noRotas}</p>`
            : html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="rota-caption">
                <table>
                  <caption id="rota-caption">${t.tableOf(t.rotaTitle)}</caption>
                  <thead><tr><th scope="col">${t.rotaWeek}</th><th scope="col">${t.rotaBuilding}</th><th scope="col" class="number">${t.rotaShare}</th></tr></thead>
                  <tbody>${rows.map(
                    (row) => html`<tr><td>${row.week}</td><th scope="row">${row.buildingName}</th>
                      <td class="number">${t.rotaCovered(this.number(row.daysCovered), this.number(row.daysNeeded), share(row.daysCovered, row.daysNeeded))}</td></tr>`,
                  )}</tbody>
                </table>
              </div>`
        }
      </section>
    `;
  }

  private noticeFigures(figures: Dashboard) {
    const number = (value: number) => this.number(value);
    const duration = (seconds: number | null) => this.duration(seconds);
    return renderNoticeFigures({ language: this.language, figures: figures.notices, number, duration });
  }

  /** Where suggestions and repairs arrived: the web forms, Open311, or recorded by staff from elsewhere. */
  private bySource() {
    const { t } = this;
    const rows = this.figures!.bySource;
    const sum = (values: number[]) => this.number(values.reduce((total, value) => total + value, 0));
    const series = [
      { label: t.sourceSuggestions, values: rows.map((row) => row.suggestions) },
      { label: t.sourceRepairs, values: rows.map((row) => row.repairs) },
    ];
    const totals = series
      .map((column) => t.total(column.label, sum(column.values)))
      .join(this.language === 'en' ? ', ' : '，');
    return html`
      <section class="card" aria-labelledby="sources-title" data-chart="sources">
        <h3 id="sources-title">${t.sourcesTitle}</h3>
        <p class="muted">${t.sourcesIntro}</p>
        <courtyard-admin-chart
          kind="bar"
          .language=${this.language}
          .labels=${rows.map((row) => sourceName(this.language, row.source))}
          .series=${series}
          description=${t.describeSources(totals)}
        ></courtyard-admin-chart>
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="sources-caption">
          <table>
            <caption id="sources-caption">${t.tableOf(t.sourcesTitle)}</caption>
            <thead><tr><th scope="col">${t.source}</th><th scope="col" class="number">${t.sourceSuggestions}</th><th scope="col" class="number">${t.sourceRepairs}</th></tr></thead>
            <tbody>${rows.map(
              (row) => html`<tr><th scope="row">${sourceName(this.language, row.source)}</th>
                <td class="number">${this.number(row.suggestions)}</td><td class="number">${this.number(row.repairs)}</td></tr>`,
            )}</tbody>
          </table>
        </div>
      </section>
    `;
  }

  private youSaidWeDid() {
    const { t } = this;
    const items = this.figures!.youSaidWeDid;
    return html`
      <section class="card" aria-labelledby="said-title">
        <h3 id="said-title">${t.youSaidTitle}</h3>
        <p class="muted">${t.youSaidIntro}</p>
        ${
          items.length === 0
            ? html`<p>${t.youSaidEmpty}</p>`
            : html`<ul class="said">
                ${items.map(
                  (item) => html`<li>
                    <p class="text"><strong>${t.youSaid}:</strong> ${item.text}</p>
                    <p class="text"><strong>${t.weDid}:</strong> ${item.response}</p>
                    <p class="muted">
                      ${t.statuses[item.status]} ·
                      ${this.date(item.respondedAt, { dateStyle: 'medium' })} · ${t.supports(this.number(item.supportCount))}
                    </p>
                  </li>`,
                )}
              </ul>`
        }
      </section>
    `;
  }

  private exports() {
    const { t, language } = this;
    const lang = `lang=${encodeURIComponent(language)}`;
    return html`
      <section class="card" aria-labelledby="exports-title">
        <h3 id="exports-title">${t.exportsTitle}</h3>
        <p class="muted">${t.exportsIntro}</p>
        <div class="exports">
          <courtyard-admin-export-button
            .language=${language}
            path="exports/suggestions.csv?${lang}"
            label=${t.exportSuggestions}
          ></courtyard-admin-export-button>
          <courtyard-admin-export-button
            .language=${language}
            path="exports/repairs.csv?${lang}"
            label=${t.exportRepairs}
          ></courtyard-admin-export-button>
          ${
            this.staff?.role === 'admin'
              ? html`<courtyard-admin-export-button
                  .language=${language}
                  path="exports/audit-log.csv?${lang}"
                  label=${t.exportAudit}
                ></courtyard-admin-export-button>`
              : nothing
          }
          ${
            this.polls.length === 0
              ? html`<p>${t.noPolls}</p>`
              : html`<div class="poll-export">
                  <div>
                    <label for="poll">${t.poll}</label>
                    <select id="poll" .value=${this.pollId} @change=${(event: Event) => {
                      this.pollId = (event.target as HTMLSelectElement).value;
                    }}>
                      ${this.polls.map((poll) => html`<option value=${poll.id} ?selected=${poll.id === this.pollId}>${poll.title}</option>`)}
                    </select>
                  </div>
                  <courtyard-admin-export-button
                    .language=${language}
                    path="exports/poll-results.csv?poll=${encodeURIComponent(this.pollId)}&${lang}"
                    label=${t.exportPoll}
                  ></courtyard-admin-export-button>
                </div>`
          }
        </div>
      </section>
    `;
  }

  override render() {
    const { t, figures } = this;
    return html`
      <section aria-labelledby="dashboard-title">
        <h2 id="dashboard-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        <label for="weeks">${t.weeks}</label>
        <select id="weeks" @change=${this.changeWeeks}>
          ${PERIODS.map((weeks) => html`<option value=${weeks} ?selected=${weeks === this.weeks}>${t.weekOptions(weeks)}</option>`)}
        </select>
        <p role="status" class="muted">${this.loading ? t.loading : ''}</p>
        <div role="alert">
          ${this.error ? html`<p class="alert">${this.error}</p><button type="button" class="secondary" @click=${this.load}>${t.reload}</button>` : ''}
        </div>
      </section>
      ${
        figures
          ? html`
            <section class="card" aria-labelledby="medians-title">
              <h3 id="medians-title">${t.mediansTitle}</h3>
              <p class="muted">${t.mediansNote}</p>
              <dl class="medians">
                <div><dt>${t.suggestionFirstResponse}</dt><dd>${this.duration(figures.medians.suggestionFirstResponse)}</dd></div>
                <div><dt>${t.repairFirstResponse}</dt><dd>${this.duration(figures.medians.repairFirstResponse)}</dd></div>
                <div><dt>${t.repairResolution}</dt><dd>${this.duration(figures.medians.repairResolution)}</dd></div>
              </dl>
            </section>
            <div class="grid">
              ${this.weeklyChart('suggestions', t.suggestionsTitle, [
                { label: t.received, values: figures.perWeek.map((week) => week.suggestions.received) },
                { label: t.answered, values: figures.perWeek.map((week) => week.suggestions.answered) },
              ])}
              ${this.weeklyChart('repairs', t.repairsTitle, [
                { label: t.received, values: figures.perWeek.map((week) => week.repairs.received) },
                { label: t.answered, values: figures.perWeek.map((week) => week.repairs.answered) },
                { label: t.resolved, values: figures.perWeek.map((week) => week.repairs.resolved) },
              ])}
              ${this.categoryChart()}
              ${this.bySource()}
              ${this.rotaCoverage()}
              ${this.noticeFigures(figures)}
              ${this.youSaidWeDid()}
            </div>`
          : nothing
      }
      ${this.exports()}
    `;
  }
}
