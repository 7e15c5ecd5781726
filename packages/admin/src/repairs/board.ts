// The board: filters, then one column per status (columns wrap, one under another on a phone).
import type { Language } from '@courtyard/protocol';
import { html, nothing } from 'lit';
import type { RepairChoices, RepairFilters, RepairStatus, RepairSummary } from '../api/repairs.js';
import { localized } from '../internal/localize.js';
import { placeOf } from './format.js';
import type { RepairsTranslation } from './translations.js';

/** Column order: what needs someone first. */
export const BOARD_COLUMNS: RepairStatus[] = [
  'received',
  'reopened',
  'acknowledged',
  'scheduled',
  'in_progress',
  'resolved',
  'closed',
];

export interface BoardView {
  t: RepairsTranslation;
  language: Language;
  dates: Intl.DateTimeFormat;
  choices: RepairChoices | undefined;
  filters: RepairFilters;
  items: RepairSummary[] | undefined;
  hasMore: boolean;
  loading: boolean;
  onFilter(name: keyof RepairFilters, value: string): void;
  onMore(): void;
  onRefresh(): void;
}

function filterSelect(
  view: BoardView,
  name: keyof RepairFilters,
  label: string,
  options: { value: string; label: string }[],
) {
  const current = view.filters[name] ?? '';
  return html`<div>
    <label for="filter-${name}">${label}</label>
    <select
      id="filter-${name}"
      name=${name}
      @change=${(event: Event) => view.onFilter(name, (event.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${current === ''}>${view.t.any}</option>
      ${options.map((option) => html`<option value=${option.value} ?selected=${current === option.value}>${option.label}</option>`)}
    </select>
  </div>`;
}

function card(view: BoardView, repair: RepairSummary) {
  const { t } = view;
  const place = placeOf(repair);
  return html`<li class="repair-card">
    <h4><a href="/admin/repairs/${repair.id}">${repair.trackingCode} · ${localized(repair.category.names, view.language)}</a></h4>
    ${place ? html`<p>${place}</p>` : nothing}
    <p class="clip">${repair.description}</p>
    <p class="muted">
      ${t.reportedAt} <time datetime=${repair.createdAt}>${view.dates.format(new Date(repair.createdAt))}</time>
      · ${repair.assignee ? repair.assignee.displayName : t.unassigned}
    </p>
  </li>`;
}

export function renderBoard(view: BoardView) {
  const { t, choices, items } = view;
  return html`
    <fieldset class="filters">
      <legend>${t.filtersLegend}</legend>
      ${filterSelect(
        view,
        'category',
        t.service,
        (choices?.services ?? []).map((service) => ({
          value: service.id,
          label: localized(service.names, view.language),
        })),
      )}
      ${filterSelect(
        view,
        'building',
        t.building,
        (choices?.buildings ?? []).map((building) => ({ value: building.id, label: building.name })),
      )}
      ${filterSelect(
        view,
        'assignee',
        t.assignee,
        (choices?.assignees ?? []).map((member) => ({ value: member.id, label: member.displayName })),
      )}
      <button class="secondary" type="button" @click=${view.onRefresh}>${t.refresh}</button>
    </fieldset>
    ${
      items === undefined
        ? nothing
        : html`<div class="board" role="group" aria-label=${t.boardLabel}>
            ${BOARD_COLUMNS.map((status) => {
              const inColumn = items.filter((repair) => repair.status === status);
              return html`<section class="column" aria-labelledby="column-${status}">
                <h3 id="column-${status}">
                  <span>${t.statuses[status]}</span><span class="badge">${inColumn.length}</span>
                </h3>
                ${
                  inColumn.length
                    ? html`<ul class="cards">${inColumn.map((repair) => card(view, repair))}</ul>`
                    : html`<p class="muted">${t.emptyColumn}</p>`
                }
              </section>`;
            })}
          </div>
          ${
            view.hasMore
              ? html`<p><button class="secondary" type="button" ?disabled=${view.loading} @click=${view.onMore}>${t.loadMore}</button></p>`
              : nothing
          }`
    }
  `;
}
