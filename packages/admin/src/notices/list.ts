// The list of notices: open or closed ones, with whom each concerns, its followers and the offers waiting.
import { html, nothing } from 'lit';
import type { NoticeState, StaffNotice } from '../api/notices.js';
import { offersWaiting, scopeText } from './format.js';
import type { NoticesTranslation } from './translations.js';

export interface ListView {
  t: NoticesTranslation;
  date(iso: string): string;
  state: NoticeState | '';
  items: StaffNotice[] | undefined;
  hasMore: boolean;
  loading: boolean;
  onState(state: NoticeState | ''): void;
  onMore(): void;
  onRefresh(): void;
}

function row(view: ListView, notice: StaffNotice) {
  const { t } = view;
  const waiting = offersWaiting(notice);
  return html`<tr>
    <th scope="row"><a href="/admin/notices/${notice.id}">${notice.title}</a></th>
    <td>${t.kinds[notice.kind] ?? notice.kind}</td>
    <td>${scopeText(t, notice.scope)}</td>
    <td>${notice.closedAt ? t.closedAt(view.date(notice.closedAt)) : t.open}</td>
    <td>${notice.followerCount}</td>
    <td>${waiting ? html`<strong>${waiting}</strong>` : 0}</td>
  </tr>`;
}

export function renderList(view: ListView) {
  const { t, items } = view;
  return html`<div class="toolbar">
      <div>
        <label for="filter-state">${t.filterState}</label>
        <select
          id="filter-state"
          @change=${(event: Event) => view.onState((event.target as HTMLSelectElement).value as NoticeState | '')}
        >
          ${(['open', 'closed', ''] as const).map(
            (state) => html`<option value=${state} ?selected=${view.state === state}>${t.states[state]}</option>`,
          )}
        </select>
      </div>
      <button class="secondary" type="button" @click=${view.onRefresh}>${t.refresh}</button>
      <a class="button primary" href="/admin/notices/new">${t.newNotice}</a>
    </div>
    ${
      items === undefined
        ? html`<p>${t.loading}</p>`
        : items.length === 0
          ? html`<p class="muted">${t.none}</p>`
          : html`<div class="table-wrap" role="region" aria-label=${t.tableRegion} tabindex="0">
              <table>
                <caption>${t.tableCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col">${t.columns.notice}</th>
                    <th scope="col">${t.columns.kind}</th>
                    <th scope="col">${t.columns.scope}</th>
                    <th scope="col">${t.columns.state}</th>
                    <th scope="col">${t.columns.followers}</th>
                    <th scope="col">${t.columns.offersWaiting}</th>
                  </tr>
                </thead>
                <tbody>${items.map((notice) => row(view, notice))}</tbody>
              </table>
            </div>`
    }
    ${
      view.hasMore
        ? html`<p><button class="secondary" type="button" ?disabled=${view.loading} @click=${view.onMore}>${t.loadMore}</button></p>`
        : nothing
    }`;
}
