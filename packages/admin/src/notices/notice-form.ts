// The form that publishes a notice: kind, whom it concerns (community, building, unit or floors), title,
// text, start and expected end, and the repair that caused it. The screen keeps the chosen scope and building
// (the fields that follow depend on them) and checks the form on submit, focusing the first field to fix.
import { NOTICE_KINDS, NOTICE_SCOPES, NoticeLimits, type NoticeScope } from '@courtyard/protocol';
import { html, nothing } from 'lit';
import type { NewNotice } from '../api/notices.js';
import type { ScopeBuilding } from '../api/polls.js';
import type { RepairSummary } from '../api/repairs.js';
import type { NoticesTranslation } from './translations.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FormView {
  t: NoticesTranslation;
  places: ScopeBuilding[];
  openRepairs: RepairSummary[];
  scopeType: NoticeScope;
  buildingId: string;
  /** The field flagged aria-invalid, if any. */
  invalid: string;
  pending: boolean;
  onScopeType(type: NoticeScope): void;
  onBuilding(id: string): void;
  onSubmit(event: SubmitEvent): void;
}

/** What the form holds, or the name of the first field to fix and the sentence that says why. */
export function readNoticeForm(
  form: HTMLFormElement,
  t: NoticesTranslation,
): { notice: Omit<NewNotice, 'id'> } | { field: string; message: string } {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const type = text('scope') as NoticeScope;
  const buildingId = text('building');
  const unitId = text('unit');
  if (type !== 'community' && !buildingId) return { field: 'building', message: t.missingBuilding };
  if (type === 'unit' && !unitId) return { field: 'unit', message: t.missingUnit };
  const floorFrom = Number.parseInt(text('floorFrom'), 10);
  const floorTo = Number.parseInt(text('floorTo'), 10);
  if (type === 'floors' && !(Number.isInteger(floorFrom) && Number.isInteger(floorTo) && floorTo >= floorFrom)) {
    return { field: Number.isInteger(floorFrom) ? 'floorTo' : 'floorFrom', message: t.badFloors };
  }
  const title = text('title');
  if (!title) return { field: 'title', message: t.missingTitle };
  const startsAt = text('startsAt') ? new Date(text('startsAt')) : undefined;
  const expectedEndAt = text('expectedEndAt') ? new Date(text('expectedEndAt')) : undefined;
  if (expectedEndAt && expectedEndAt <= (startsAt ?? new Date())) return { field: 'expectedEndAt', message: t.badEnd };
  const typedRepair = text('repairId');
  if (typedRepair && !UUID.test(typedRepair)) return { field: 'repairId', message: t.badRepairId };
  const repairId = typedRepair || text('repair') || undefined;
  const body = text('body');
  return {
    notice: {
      kind: text('kind') as NewNotice['kind'],
      scope: {
        type,
        ...(type === 'community' ? {} : { buildingId }),
        ...((type === 'unit' || type === 'floors') && unitId ? { unitId } : {}),
        ...(type === 'floors' ? { floorFrom, floorTo } : {}),
      },
      title,
      ...(body ? { body } : {}),
      ...(startsAt ? { startsAt: startsAt.toISOString() } : {}),
      ...(expectedEndAt ? { expectedEndAt: expectedEndAt.toISOString() } : {}),
      ...(repairId ? { repairId } : {}),
    },
  };
}

function scopeFields(view: FormView) {
  const { t, places, scopeType, buildingId } = view;
  const invalid = (field: string) => (view.invalid === field ? 'true' : 'false');
  const building = places.find((candidate) => candidate.id === buildingId);
  const showUnit = scopeType === 'unit' || scopeType === 'floors';
  return html`<fieldset class="choice">
      <legend>${t.scopeLegend}</legend>
      ${NOTICE_SCOPES.map(
        (type) => html`<label class="radio">
          <input type="radio" name="scope" value=${type} ?checked=${type === scopeType}
            @change=${() => view.onScopeType(type)} />${t.scopeTypes[type]}
        </label>`,
      )}
    </fieldset>
    ${
      scopeType === 'community'
        ? nothing
        : html`<div class="fields">
            <div>
              <label for="notice-building">${t.building}</label>
              <select id="notice-building" name="building" aria-invalid=${invalid('building')}
                @change=${(event: Event) => view.onBuilding((event.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!buildingId}>${t.chooseBuilding}</option>
                ${places.map((place) => html`<option value=${place.id} ?selected=${place.id === buildingId}>${place.name}</option>`)}
              </select>
            </div>
            ${
              showUnit
                ? html`<div>
                    <label for="notice-unit">${t.unit}</label>
                    <select id="notice-unit" name="unit" aria-invalid=${invalid('unit')}>
                      <option value="">${scopeType === 'unit' ? t.chooseUnit : t.wholeBuilding}</option>
                      ${(building?.units ?? []).map((unit) => html`<option value=${unit.id}>${unit.name}</option>`)}
                    </select>
                  </div>`
                : nothing
            }
            ${
              scopeType === 'floors'
                ? html`<div>
                      <label for="notice-floor-from">${t.floorFrom}</label>
                      <input id="notice-floor-from" name="floorFrom" type="number" inputmode="numeric" class="floor"
                        min=${NoticeLimits.floorMin} max=${NoticeLimits.floorMax} aria-invalid=${invalid('floorFrom')} />
                    </div>
                    <div>
                      <label for="notice-floor-to">${t.floorTo}</label>
                      <input id="notice-floor-to" name="floorTo" type="number" inputmode="numeric" class="floor"
                        min=${NoticeLimits.floorMin} max=${NoticeLimits.floorMax} aria-invalid=${invalid('floorTo')} />
                    </div>`
                : nothing
            }
          </div>`
    }`;
}

export function renderNoticeForm(view: FormView) {
  const { t } = view;
  const invalid = (field: string) => (view.invalid === field ? 'true' : 'false');
  return html`<form class="card" novalidate @submit=${view.onSubmit} aria-labelledby="form-title">
    <h3 id="form-title">${t.formTitle}</h3>
    <div>
      <label for="notice-kind">${t.kind}</label>
      <select id="notice-kind" name="kind">
        ${NOTICE_KINDS.map((kind) => html`<option value=${kind}>${t.kinds[kind]}</option>`)}
      </select>
    </div>
    ${scopeFields(view)}
    <div>
      <label for="notice-title">${t.noticeTitle}</label>
      <input id="notice-title" name="title" maxlength=${NoticeLimits.title} autocomplete="off"
        aria-describedby="notice-title-hint" aria-invalid=${invalid('title')} />
      <p class="hint muted" id="notice-title-hint">${t.titleHint}</p>
    </div>
    <div>
      <label for="notice-body">${t.body}</label>
      <textarea id="notice-body" name="body" maxlength=${NoticeLimits.body} aria-describedby="notice-body-hint"></textarea>
      <p class="hint muted" id="notice-body-hint">${t.bodyHint}</p>
    </div>
    <div class="fields">
      <div>
        <label for="notice-starts">${t.startsAt}</label>
        <input id="notice-starts" name="startsAt" type="datetime-local" aria-describedby="notice-starts-hint" />
        <p class="hint muted" id="notice-starts-hint">${t.startsHint}</p>
      </div>
      <div>
        <label for="notice-end">${t.expectedEndAt}</label>
        <input id="notice-end" name="expectedEndAt" type="datetime-local" aria-describedby="notice-end-hint"
          aria-invalid=${invalid('expectedEndAt')} />
        <p class="hint muted" id="notice-end-hint">${t.expectedEndHint}</p>
      </div>
    </div>
    <div class="fields">
      <div>
        <label for="notice-repair">${t.repair}</label>
        <select id="notice-repair" name="repair" aria-describedby="notice-repair-hint">
          <option value="">${t.noRepair}</option>
          ${view.openRepairs.map(
            (repair) =>
              html`<option value=${repair.id}>${repair.trackingCode} · ${[repair.building, repair.unit].filter(Boolean).join(' ')} · ${repair.description.slice(0, 40)}</option>`,
          )}
        </select>
        <p class="hint muted" id="notice-repair-hint">${t.repairHint}</p>
      </div>
      <div>
        <label for="notice-repair-id">${t.repairId}</label>
        <input id="notice-repair-id" name="repairId" autocomplete="off" spellcheck="false"
          aria-describedby="notice-repair-id-hint" aria-invalid=${invalid('repairId')} />
        <p class="hint muted" id="notice-repair-id-hint">${t.repairIdHint}</p>
      </div>
    </div>
    <div class="row">
      <button class="primary" type="submit" aria-busy=${view.pending ? 'true' : 'false'}>
        ${view.pending ? t.publishing : t.publish}
      </button>
      <a class="button secondary" href="/admin/notices">${t.cancel}</a>
    </div>
  </form>`;
}
