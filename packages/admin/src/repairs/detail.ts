// One repair: facts, the resident's text and photos, the masked phone with an audited reveal, assignment,
// posting an update (public or internal) and the whole timeline.
import type { Language } from '@courtyard/protocol';
import { html, nothing } from 'lit';
import {
  photoUrl,
  type RepairChoices,
  type RepairDetail,
  type RepairSummary,
  type RevealedContact,
  type TimelineEntry,
} from '../api/repairs.js';
import { localized } from '../internal/localize.js';
import { sourceName } from '../recorded/sources.js';
import { placeOf } from './format.js';
import type { RepairsTranslation } from './translations.js';

export type Busy = '' | 'reveal' | 'assign' | 'update' | 'merge' | `photo:${string}`;

export interface DetailView {
  t: RepairsTranslation;
  language: Language;
  dates: Intl.DateTimeFormat;
  repair: RepairDetail;
  choices: RepairChoices | undefined;
  revealed: RevealedContact | undefined;
  busy: Busy;
  /** Which field the update form flags (aria-invalid), if any. */
  invalid: boolean;
  onReveal(): void;
  onAssign(event: SubmitEvent): void;
  onUpdate(event: SubmitEvent): void;
  onPhoto(photoId: string, isPublic: boolean): void;
  /** Open reports of the same service and building this one could be merged into. */
  candidates: RepairSummary[] | undefined;
  onMerge(event: SubmitEvent): void;
  onUnmerge(leadId: string, repairId: string): void;
  /** Staff erased the contact on the resident's request: show the request again without it. */
  onErased(): void;
}

/** "Where is it leaking?: Kitchen", with the service's own labels (the raw codes if it changed since). */
function answerText(view: DetailView, code: string, value: unknown): string {
  const service = view.choices?.services.find((candidate) => candidate.id === view.repair.category.id);
  const question = service?.questions.find((candidate) => candidate.code === code);
  const label = question ? localized(question.label, view.language) : code;
  const values = Array.isArray(value) ? value : [value];
  const shown = values.map((item) => {
    const option = question?.options?.find((candidate) => candidate.key === item);
    return option ? localized(option.label, view.language) : String(item);
  });
  // Questions usually end in their own question mark; add a colon only when they do not.
  return `${label}${/[?？:：]$/.test(label) ? ' ' : ': '}${shown.join(', ')}`;
}

function facts(view: DetailView) {
  const { t, repair } = view;
  const place = placeOf(repair);
  const answers = Object.entries(repair.answers);
  return html`<section class="card" aria-labelledby="facts-title">
    <h3 id="facts-title">${t.details}</h3>
    <dl class="pairs">
      <dt>${t.status}</dt>
      <dd>${t.statuses[repair.status]}</dd>
      <dt>${t.service}</dt>
      <dd>${localized(repair.category.names, view.language)}</dd>
      <dt>${t.location}</dt>
      <dd>${place || '—'}</dd>
      ${repair.locationText ? html`<dt>${t.where}</dt><dd>${repair.locationText}</dd>` : nothing}
      <dt>${t.reportedAt}</dt>
      <dd><time datetime=${repair.createdAt}>${view.dates.format(new Date(repair.createdAt))}</time></dd>
      ${repair.preferredTime ? html`<dt>${t.preferredTime}</dt><dd>${repair.preferredTime}</dd>` : nothing}
      <dt>${t.assignee}</dt>
      <dd>${repair.assignee?.displayName ?? t.unassigned}</dd>
      <dt>${t.source}</dt>
      <dd>${t.sources[repair.source] ?? sourceName(view.language, repair.source)}</dd>
      ${repair.rating !== null ? html`<dt>${t.rating}</dt><dd>${t.ratingOf(repair.rating)}</dd>` : nothing}
      ${
        answers.length
          ? html`<dt>${t.answers}</dt>
              <dd>${answers.map(([code, value]) => html`<div>${answerText(view, code, value)}</div>`)}</dd>`
          : nothing
      }
    </dl>
    <h4>${t.description}</h4>
    <p class="description">${repair.description}</p>
  </section>`;
}

/** Whether anything personal is left to erase: the contact, the room, the typed place, private photos. */
function hasPersonalData(repair: RepairDetail): boolean {
  const { contact } = repair;
  return Boolean(
    contact.name ||
      contact.phoneMasked ||
      contact.hasEmail ||
      contact.note ||
      repair.room ||
      repair.locationText ||
      repair.photos.some((photo) => !photo.public),
  );
}

function contact(view: DetailView) {
  const { t, repair, revealed } = view;
  const phone = revealed?.phone ?? null;
  return html`<section class="card" aria-labelledby="contact-title">
    <h3 id="contact-title">${t.contact}</h3>
    <dl class="pairs">
      <dt>${t.name}</dt>
      <dd>${revealed?.name ?? repair.contact.name ?? '—'}</dd>
      <dt>${t.phone}</dt>
      <dd>
        ${
          phone
            ? html`<span class="phone">${phone}</span>
                <a class="tel" href="tel:${phone.replace(/[^0-9+]/g, '')}">${t.call(phone)}</a>`
            : html`<span class="phone">${repair.contact.phoneMasked ?? t.noPhone}</span>`
        }
      </dd>
      ${revealed?.email ? html`<dt>${t.email}</dt><dd>${revealed.email}</dd>` : nothing}
      ${repair.contact.consent === null ? nothing : html`<dt>${t.consent}</dt><dd>${repair.contact.consent ? t.consentYes : t.consentNo}</dd>`}
      ${repair.contact.note ? html`<dt>${t.contactNote}</dt><dd>${repair.contact.note}</dd>` : nothing}
    </dl>
    ${
      !revealed && (repair.contact.phoneMasked || repair.contact.hasEmail)
        ? html`<p class="hint muted" id="reveal-hint">${t.revealHint}</p>
            <p>
              <button
                class="secondary"
                type="button"
                aria-describedby="reveal-hint"
                aria-busy=${view.busy === 'reveal' ? 'true' : 'false'}
                @click=${view.onReveal}
              >
                ${view.busy === 'reveal' ? t.revealing : t.reveal}
              </button>
            </p>`
        : nothing
    }
    <courtyard-admin-erase-button
      kind="repairs"
      item-id=${repair.id}
      .language=${view.language}
      ?empty=${!hasPersonalData(repair)}
      @courtyard-admin-erased=${view.onErased}
    ></courtyard-admin-erase-button>
  </section>`;
}

function photos(view: DetailView) {
  const { t, repair } = view;
  if (!repair.photos.length) return nothing;
  const count = repair.photos.length;
  return html`<section class="card" aria-labelledby="photos-title">
    <h3 id="photos-title">${t.photos}</h3>
    ${repair.photos.map(
      (photo, index) => html`<figure>
        <img
          src=${photoUrl(repair.id, photo.id)}
          width=${photo.width}
          height=${photo.height}
          alt=${t.photoAlt(index + 1, count)}
          loading="lazy"
        />
        <figcaption>
          <span>${photo.public ? t.photoPublic : t.photoPrivate}</span>
          <button
            class="secondary"
            type="button"
            aria-busy=${view.busy === `photo:${photo.id}` ? 'true' : 'false'}
            @click=${() => view.onPhoto(photo.id, !photo.public)}
          >
            ${photo.public ? t.makePrivate : t.makePublic}
          </button>
        </figcaption>
      </figure>`,
    )}
  </section>`;
}

function assignment(view: DetailView) {
  const { t, repair, choices } = view;
  const current = repair.assignee?.id ?? '';
  return html`<section class="card" aria-labelledby="assign-title">
    <h3 id="assign-title">${t.assignTitle}</h3>
    <form @submit=${view.onAssign}>
      <div>
        <label for="assignee">${t.assignee}</label>
        <select id="assignee" name="assignee">
          <option value="" ?selected=${current === ''}>${t.unassigned}</option>
          ${(choices?.assignees ?? []).map(
            (member) =>
              html`<option value=${member.id} ?selected=${member.id === current}>${member.displayName}</option>`,
          )}
        </select>
      </div>
      <div>
        <button class="primary" type="submit" aria-busy=${view.busy === 'assign' ? 'true' : 'false'}>${t.assign}</button>
      </div>
    </form>
  </section>`;
}

function updateForm(view: DetailView) {
  const { t, repair } = view;
  return html`<section class="card" aria-labelledby="update-title">
    <h3 id="update-title">${t.updateTitle}</h3>
    <form @submit=${view.onUpdate} novalidate>
      <div>
        <label for="status">${t.newStatus}</label>
        <select id="status" name="status" aria-describedby="status-hint">
          <option value="">${t.keepStatus(t.statuses[repair.status] ?? repair.status)}</option>
          ${repair.nextStatuses.map((status) => html`<option value=${status}>${t.statuses[status]}</option>`)}
        </select>
        <p class="hint muted" id="status-hint">${t.statusAlwaysPublic}</p>
      </div>
      <div>
        <label for="note">${t.note}</label>
        <textarea
          id="note"
          name="note"
          maxlength="2000"
          aria-describedby="note-hint"
          aria-invalid=${view.invalid ? 'true' : 'false'}
        ></textarea>
        <p class="hint muted" id="note-hint">${t.noteHint}</p>
      </div>
      <fieldset class="choice">
        <legend>${t.visibility}</legend>
        <label class="radio"><input type="radio" name="visibility" value="public" checked />${t.public}</label>
        <label class="radio"><input type="radio" name="visibility" value="internal" />${t.internal}</label>
      </fieldset>
      <div>
        <button class="primary" type="submit" aria-busy=${view.busy === 'update' ? 'true' : 'false'}>
          ${view.busy === 'update' ? t.posting : t.post}
        </button>
      </div>
    </form>
  </section>`;
}

const reportLink = (item: { id: string; trackingCode: string }) =>
  html`<a href="/admin/repairs/${item.id}">${item.trackingCode}</a>`;

/** The incident: what this report is merged into, or the reports merged into it and where it could go. */
function incident(view: DetailView) {
  const { t, repair, candidates } = view;
  const busy = view.busy === 'merge' ? 'true' : 'false';
  if (repair.incidentId) {
    const leadId = repair.incidentId;
    return html`<section class="card" aria-labelledby="incident-title">
      <h3 id="incident-title">${t.incidentTitle}</h3>
      <p>${t.mergedInto} <a href="/admin/repairs/${leadId}">${t.openLead}</a></p>
      <p class="hint muted">${t.mergedHint}</p>
      <button class="secondary" type="button" aria-busy=${busy} @click=${() => view.onUnmerge(leadId, repair.id)}>
        ${t.unmerge}
      </button>
    </section>`;
  }
  const choices = (candidates ?? []).filter(
    (item) => item.id !== repair.id && item.incidentId === null && item.status !== 'closed',
  );
  return html`<section class="card" aria-labelledby="incident-title">
    <h3 id="incident-title">${t.incidentTitle}</h3>
    <h4>${t.mergedReports}</h4>
    ${
      repair.mergedReports.length
        ? html`<ul class="merged">
            ${repair.mergedReports.map(
              (item) => html`<li>
                ${reportLink(item)} · ${t.statuses[item.status]}
                <button class="secondary" type="button" aria-busy=${busy} @click=${() => view.onUnmerge(repair.id, item.id)}>
                  ${t.unmerge}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t.noMerged}</p>`
    }
    ${
      repair.mergedReports.length || repair.status === 'closed'
        ? nothing
        : choices.length
          ? html`<form @submit=${view.onMerge}>
              <div>
                <label for="lead">${t.mergeInto}</label>
                <select id="lead" name="lead" aria-describedby="merge-hint">
                  ${choices.map(
                    (item) =>
                      html`<option value=${item.id}>
                        ${item.trackingCode} · ${t.statuses[item.status]} · ${view.dates.format(new Date(item.createdAt))}
                      </option>`,
                  )}
                </select>
                <p class="hint muted" id="merge-hint">${t.mergeHint}</p>
              </div>
              <div><button class="primary" type="submit" aria-busy=${busy}>${t.merge}</button></div>
            </form>`
          : html`<p class="muted">${t.noCandidates}</p>`
    }
  </section>`;
}

function entry(view: DetailView, item: TimelineEntry) {
  const { t } = view;
  const who = item.staff?.displayName ?? t.authors[item.author] ?? item.author;
  return html`<li class=${item.public ? 'public' : 'internal'}>
    <div>
      <time datetime=${item.at}>${view.dates.format(new Date(item.at))}</time> · ${who} ·
      ${t.kinds[item.kind] ?? item.kind}${item.status ? html` · <strong>${t.statuses[item.status]}</strong>` : nothing}
      <span class="badge">${item.public ? t.publicBadge : t.internalBadge}</span>
    </div>
    ${item.note ? html`<p>${item.note}</p>` : nothing}
  </li>`;
}

export function renderDetail(view: DetailView) {
  const { t, repair } = view;
  return html`<div class="detail">
    <section>${facts(view)} ${photos(view)}</section>
    <section>
      ${contact(view)} ${incident(view)} ${assignment(view)} ${repair.incidentId ? nothing : updateForm(view)}
      <section class="card" aria-labelledby="timeline-title">
        <h3 id="timeline-title">${t.timeline}</h3>
        <ol class="timeline">${[...repair.timeline].reverse().map((item) => entry(view, item))}</ol>
      </section>
    </section>
  </div>`;
}
