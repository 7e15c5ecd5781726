// A meeting's agenda in the console: the topics it deliberates, in order. Staff add other open topics, move
// one up or down, or take it off, all by buttons (keyboard and screen reader alike); the topic whose page
// this is comes first. The meeting notice lists them in this order. The same editor changes a scheduled
// meeting's agenda until it is held (its ids prefixed by `key`, so two editors never share one).
import { html, nothing, type TemplateResult } from 'lit';
import type { Topic } from '../api/topics.js';
import type { TopicsTranslation } from './translations.js';

export type AgendaItem = Pick<Topic, 'id' | 'title' | 'scope'>;
/** What the editor shows of a topic (a scheduled meeting's agenda has no scopes). */
export type AgendaEntry = Pick<AgendaItem, 'id' | 'title'>;

export interface AgendaView {
  t: TopicsTranslation;
  /** Prefix of the editor's ids and `data-agenda` values: '' for a new meeting's. */
  key: string;
  agenda: AgendaEntry[];
  /** Open topics not yet on it. */
  candidates: AgendaEntry[];
  /** What the last change did, for the live region. */
  status: string;
  onAdd(id: string): void;
  onMove(index: number, by: -1 | 1): void;
  onRemove(index: number): void;
}

/** Whom a meeting's notice goes to: the place its topics share, else the whole community. */
export function agendaScope(agenda: AgendaItem[]) {
  const [first] = agenda;
  const same = agenda.every(
    (item) =>
      item.scope.type === first?.scope.type &&
      item.scope.buildingId === first.scope.buildingId &&
      item.scope.unitId === first.scope.unitId,
  );
  const scope = same && first ? first.scope : { type: 'community' as const, buildingId: null, unitId: null };
  return {
    type: scope.type,
    ...(scope.buildingId ? { buildingId: scope.buildingId } : {}),
    ...(scope.unitId ? { unitId: scope.unitId } : {}),
  };
}

export function renderAgenda(view: AgendaView): TemplateResult {
  const { t, agenda, key } = view;
  const button = (index: number, action: 'up' | 'down' | 'remove', label: string, disabled: boolean) =>
    html`<button type="button" class="secondary" data-agenda=${`${key}${action}-${agenda[index]?.id}`}
      aria-describedby=${`${key}agenda-${agenda[index]?.id}`} ?disabled=${disabled}
      @click=${() => (action === 'remove' ? view.onRemove(index) : view.onMove(index, action === 'up' ? -1 : 1))}>${label}</button>`;
  return html`<fieldset class="agenda"><legend>${t.agenda}</legend>
    <ol>
      ${agenda.map(
        (item, index) => html`<li>
          <span id=${`${key}agenda-${item.id}`}>${item.title}</span>
          <span class="row">
            ${button(index, 'up', t.moveUp, index === 0)}
            ${button(index, 'down', t.moveDown, index === agenda.length - 1)}
            ${button(index, 'remove', t.removeFromAgenda, agenda.length === 1)}
          </span>
        </li>`,
      )}
    </ol>
    ${
      view.candidates.length
        ? html`<div class="row">
          <label>${t.addToAgenda}<select id=${`${key}agenda-candidate`}>
            ${view.candidates.map((item) => html`<option value=${item.id}>${item.title}</option>`)}
          </select></label>
          <button type="button" class="secondary" @click=${(event: Event) => {
            const select = (event.target as HTMLElement).parentElement?.querySelector('select');
            if (select?.value) view.onAdd(select.value);
          }}>${t.add}</button>
        </div>`
        : nothing
    }
    <p role="status" class="muted">${view.status}</p>
  </fieldset>`;
}
