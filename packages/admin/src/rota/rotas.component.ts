import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { listScopes, type ScopeBuilding } from '../api/polls.js';
import {
  closeRota,
  createRota,
  editRota,
  issueRotaCodes,
  listRotas,
  type NewRotaBody,
  type RotaCoverageBody,
  removeDuty,
  rotaCoverage,
  type StaffRotaBody,
} from '../api/rotas.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { type RotaText, translations } from './translations.js';

const plus = (day: string, n: number) => new Date(Date.parse(`${day}T12:00Z`) + n * 864e5).toISOString().slice(0, 10);

/** A form field's trimmed text ('' when absent). */
const formText = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** The schedule fields the create and the edit form share: title, tasks (one a line), days, people a day, code. */
const readSchedule = (
  form: FormData,
): Pick<NewRotaBody, 'title' | 'tasks' | 'weekdays' | 'perDay' | 'requireCode'> => ({
  title: formText(form, 'title'),
  tasks: formText(form, 'tasks')
    .split('\n')
    .map((task) => task.trim())
    .filter(Boolean),
  weekdays: form.getAll('weekday').map(Number) as (1 | 2 | 3 | 4 | 5 | 6 | 7)[],
  perDay: Number(formText(form, 'perDay')),
  requireCode: form.get('requireCode') === 'on',
});

/**
 * @summary The Duty rotas screen: the list at /admin/rotas, the create form at /admin/rotas/new, and a rota's
 * coverage at /admin/rotas/<id> (who is on duty each day by room, the gaps, changing the rota, removing a duty,
 * household codes, the printable sheets, closing it).
 */
export class CourtyardAdminRotas extends AdminScreen<RotaText> {
  static override styles = [baseStyles, formStyles, tableStyles];

  @state() private rotas?: StaffRotaBody[];
  @state() private coverage?: RotaCoverageBody;
  @state() private buildings: ScopeBuilding[] = [];
  @state() private buildingId = '';
  @state() private codes?: { room: string; code: string }[];
  @state() private error = '';
  @state() private confirmingClose = false;
  @state() private editing = false;
  @state() private saved = false;
  #from?: string;

  protected readonly localize = new LocalizeController(this, translations);

  override updated(changed: Map<string, unknown>) {
    if (!changed.has('route')) return;
    const [id] = this.route;
    this.error = '';
    this.codes = undefined;
    this.editing = false;
    this.saved = false;
    if (id === 'new') void this.run(async () => (this.buildings = (await listScopes()).items));
    else if (id) {
      this.#from = undefined;
      void this.loadCoverage(id);
    } else void this.run(async () => (this.rotas = (await listRotas()).items));
  }

  private async run(work: () => Promise<unknown>) {
    try {
      await work();
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  private loadCoverage(id: string) {
    return this.run(async () => (this.coverage = await rotaCoverage(id, this.#from)));
  }

  private place(rota: StaffRotaBody) {
    const { place } = rota;
    return [
      place.buildingName,
      place.unitName,
      place.floorFrom !== null && place.floorTo !== null ? this.t.floors(place.floorFrom, place.floorTo) : null,
    ]
      .filter(Boolean)
      .join(' ');
  }

  private async create(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => formText(form, name);
    const floor = (name: string) => (text(name) ? Number(text(name)) : undefined);
    await this.run(async () => {
      const rota = await createRota({
        ...readSchedule(form),
        buildingId: text('building'),
        ...(text('unit') ? { unitId: text('unit') } : {}),
        ...(floor('floorFrom') !== undefined ? { floorFrom: floor('floorFrom'), floorTo: floor('floorTo') } : {}),
      });
      history.pushState(null, '', `/admin/rotas/${rota.id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    });
  }

  /** Sends every field of the edit form; the server audits the values before and after. */
  private async save(event: Event, id: string) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => formText(form, name);
    const floor = (name: string) => (text(name) ? Number(text(name)) : null);
    await this.run(async () => {
      await editRota(id, {
        ...readSchedule(form),
        floorFrom: floor('floorFrom'),
        floorTo: floor('floorTo'),
      });
      this.editing = false;
      this.saved = true;
      await this.loadCoverage(id);
    });
  }

  private renderEdit(id: string, rota: StaffRotaBody) {
    const t = this.t;
    return html`<form class="stack" aria-labelledby="rota-edit-title" @submit=${(event: Event) => this.save(event, id)}>
      <h3 id="rota-edit-title">${t.editTitle}</h3>
      <p>${t.editNote}</p>
      <label for="title">${t.rotaTitle}</label><input id="title" name="title" required maxlength="120" .value=${rota.title} />
      <label for="floorFrom">${t.floorFrom}</label><input id="floorFrom" name="floorFrom" type="number" min="-5" max="200" .value=${String(rota.place.floorFrom ?? '')} />
      <label for="floorTo">${t.floorTo}</label><input id="floorTo" name="floorTo" type="number" min="-5" max="200" .value=${String(rota.place.floorTo ?? '')} />
      <label for="tasks">${t.tasks}</label><textarea id="tasks" name="tasks" required .value=${rota.tasks.join('\n')}></textarea>
      <fieldset><legend>${t.days}</legend>
        ${t.weekdays.map((day, index) => html`<label class="check"><input type="checkbox" name="weekday" value=${index + 1} .checked=${rota.weekdays.includes(index + 1)} /> ${day}</label>`)}
      </fieldset>
      <label for="perDay">${t.perDay}</label><input id="perDay" name="perDay" type="number" min="1" max="20" required .value=${String(rota.perDay)} />
      <label class="check"><input type="checkbox" name="requireCode" .checked=${rota.requireCode} /> ${t.requireCode}</label>
      <p><button class="primary" type="submit">${t.save}</button> <button type="button" @click=${() => (this.editing = false)}>${t.cancel}</button></p>
    </form>`;
  }

  override render() {
    const [id] = this.route;
    if (id === 'new') return this.renderForm();
    if (id) return this.renderCoverage(id);
    return this.renderList();
  }

  private renderList() {
    const t = this.t;
    const rotas = this.rotas;
    return html`<section class="card" aria-labelledby="rotas-title">
      <h2 id="rotas-title" tabindex="-1">${t.title}</h2>
      <p>${t.intro}</p>
      <p><a class="button primary" href="/admin/rotas/new">${t.newRota}</a></p>
      <p class="alert" role="alert">${this.error}</p>
      ${
        !rotas
          ? html`<p role="status">${t.loading}</p>`
          : rotas.length === 0
            ? html`<p>${t.noRotas}</p>`
            : html`<div class="table-wrap"><table>
                <caption>${t.listCaption}</caption>
                <thead><tr><th scope="col">${t.colTitle}</th><th scope="col">${t.colPlace}</th><th scope="col">${t.colDays}</th>
                  <th scope="col">${t.colPerDay}</th><th scope="col">${t.colState}</th></tr></thead>
                <tbody>${rotas.map(
                  (rota) => html`<tr>
                    <th scope="row"><a href=${`/admin/rotas/${rota.id}`}>${rota.title}</a></th>
                    <td>${this.place(rota)}</td>
                    <td>${rota.weekdays.map((day) => t.weekdays[day - 1]).join(' ')}</td>
                    <td>${rota.perDay}</td>
                    <td>${rota.closedAt ? t.closed : t.open}</td>
                  </tr>`,
                )}</tbody>
              </table></div>`
      }
    </section>`;
  }

  private renderForm() {
    const t = this.t;
    const units = this.buildings.find((building) => building.id === this.buildingId)?.units ?? [];
    return html`<section class="card" aria-labelledby="rota-form-title">
      <h2 id="rota-form-title" tabindex="-1">${t.createTitle}</h2>
      <form class="stack" @submit=${this.create}>
        <label for="title">${t.rotaTitle}</label><input id="title" name="title" required maxlength="120" />
        <label for="building">${t.building}</label>
        <select id="building" name="building" required @change=${(e: Event) => (this.buildingId = (e.target as HTMLSelectElement).value)}>
          <option value=""></option>
          ${this.buildings.map((building) => html`<option value=${building.id}>${building.name}</option>`)}
        </select>
        <label for="unit">${t.unit}</label>
        <select id="unit" name="unit"><option value="">${t.wholeBuilding}</option>
          ${units.map((unit) => html`<option value=${unit.id}>${unit.name}</option>`)}</select>
        <label for="floorFrom">${t.floorFrom}</label><input id="floorFrom" name="floorFrom" type="number" min="-5" max="200" />
        <label for="floorTo">${t.floorTo}</label><input id="floorTo" name="floorTo" type="number" min="-5" max="200" />
        <label for="tasks">${t.tasks}</label><textarea id="tasks" name="tasks" required>扫楼梯&#10;擦扶手</textarea>
        <fieldset><legend>${t.days}</legend>
          ${t.weekdays.map((day, index) => html`<label class="check"><input type="checkbox" name="weekday" value=${index + 1} checked /> ${day}</label>`)}
        </fieldset>
        <label for="perDay">${t.perDay}</label><input id="perDay" name="perDay" type="number" min="1" max="20" value="1" required />
        <label class="check"><input type="checkbox" name="requireCode" /> ${t.requireCode}</label>
        <p class="alert" role="alert">${this.error}</p>
        <p><button class="primary" type="submit">${t.create}</button> <a class="button secondary" href="/admin/rotas">${t.cancel}</a></p>
      </form>
    </section>`;
  }

  private renderCoverage(id: string) {
    const t = this.t;
    const coverage = this.coverage?.rota.id === id ? this.coverage : undefined;
    if (!coverage) return html`<p role="status">${this.error || t.loading}</p>`;
    const { rota, days } = coverage;
    const gaps = days.filter((day) => day.covered && day.open > 0 && day.date >= coverage.today);
    const move = (weeks: number) => {
      this.#from = plus(days[0]?.date ?? coverage.today, weeks * 7);
      void this.loadCoverage(id);
    };
    return html`<section class="card" aria-labelledby="rota-title">
      <p><a href="/admin/rotas">${t.backToList}</a></p>
      <h2 id="rota-title" tabindex="-1">${rota.title}</h2>
      <p>${this.place(rota)} · ${rota.tasks.join('、')} · ${rota.closedAt ? t.closed : t.open}</p>
      ${
        rota.sheetUrl
          ? html`<p><a href=${`${rota.sheetUrl}`} target="_blank">${t.sheetWeek}</a> ·
              <a href=${`${rota.sheetUrl}?period=month`} target="_blank">${t.sheetMonth}</a></p>`
          : nothing
      }
      <p class="alert" role="alert">${this.error}</p>
      <p role="status">${this.saved ? t.saved : ''}</p>
      ${
        rota.closedAt
          ? nothing
          : this.editing
            ? this.renderEdit(id, rota)
            : html`<p><button @click=${() => {
                this.editing = true;
                this.saved = false;
              }}>${t.edit}</button></p>`
      }
      <h3>${t.gaps}</h3>
      ${gaps.length ? html`<ul>${gaps.map((day) => html`<li>${day.date} ${t.weekdays[day.weekday - 1]}: ${t.gap(day.open)}</li>`)}</ul>` : html`<p>${t.noGaps}</p>`}
      <h3>${t.coverage}</h3>
      <p>${t.summary(coverage.fullDays, coverage.coveredDays)}</p>
      <p><button @click=${() => move(-4)}>${t.earlier}</button> <button @click=${() => move(4)}>${t.later}</button></p>
      <div class="table-wrap"><table>
        <caption>${t.coverageCaption(days[0]?.date ?? '', days.at(-1)?.date ?? '')}</caption>
        <thead><tr><th scope="col">${t.colDay}</th><th scope="col">${t.colDuty}</th><th scope="col">${t.colOpen}</th></tr></thead>
        <tbody>${days.map(
          (day) => html`<tr aria-current=${day.date === coverage.today ? 'date' : nothing}>
            <th scope="row">${day.date} ${t.weekdays[day.weekday - 1]}</th>
            <td>${day.duties.map(
              (
                duty,
              ) => html`<span>${duty.room}${duty.name !== duty.room ? ` (${duty.name})` : ''}${duty.doneAt ? ` ✓ ${t.done}` : ''}</span>
                ${
                  rota.closedAt
                    ? nothing
                    : html`<button @click=${() =>
                        this.run(async () => {
                          await removeDuty(id, duty.id);
                          await this.loadCoverage(id);
                        })}>${t.remove(duty.room)}</button>`
                } `,
            )}</td>
            <td>${!day.covered ? t.notCovered : day.open ? html`<strong>${t.gap(day.open)}</strong>` : t.full}</td>
          </tr>`,
        )}</tbody>
      </table></div>
      ${
        rota.closedAt
          ? nothing
          : html`<p>
              <button @click=${() => this.run(async () => (this.codes = (await issueRotaCodes(id)).items))}>${t.issueCodes}</button>
              <button @click=${() => (this.confirmingClose = true)}>${t.close}</button></p>
            ${
              this.confirmingClose
                ? html`<div role="group" aria-labelledby="confirm-close"><p id="confirm-close">${t.confirmClose}</p>
                    <button class="primary" @click=${() =>
                      this.run(async () => {
                        this.confirmingClose = false;
                        await closeRota(id);
                        await this.loadCoverage(id);
                      })}>${t.close}</button>
                    <button @click=${() => (this.confirmingClose = false)}>${t.cancel}</button></div>`
                : nothing
            }`
      }
      ${
        this.codes
          ? html`<div class="table-wrap"><table><caption>${t.codesCaption}</caption>
              <thead><tr><th scope="col">${t.colRoom}</th><th scope="col">${t.colCode}</th></tr></thead>
              <tbody>${this.codes.map((code) => html`<tr><th scope="row">${code.room}</th><td>${code.code}</td></tr>`)}</tbody>
            </table></div>`
          : nothing
      }
    </section>`;
  }
}
