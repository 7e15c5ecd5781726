// One notice: its facts and links (the repair, the public page), its progress with photos, the forms that
// post progress and close it, and residents' offers of help to approve or reject.
import { NoticeLimits } from '@courtyard/protocol';
import { html, nothing } from 'lit';
import { type NoticeOfferAction, noticePhotoUrl, type StaffNotice } from '../api/notices.js';
import { scopeText } from './format.js';
import type { NoticesTranslation } from './translations.js';

export type Busy = '' | 'update' | 'close' | `offer:${string}`;

export interface DetailView {
  t: NoticesTranslation;
  date(iso: string): string;
  notice: StaffNotice;
  busy: Busy;
  /** The field flagged aria-invalid, if any. */
  invalid: string;
  onUpdate(event: SubmitEvent): void;
  onClose(event: SubmitEvent): void;
  onModerate(offerId: string, action: NoticeOfferAction): void;
}

const time = (view: DetailView, iso: string) => html`<time datetime=${iso}>${view.date(iso)}</time>`;

function facts(view: DetailView) {
  const { t, notice } = view;
  return html`<section class="card" aria-labelledby="facts-title">
    <h3 id="facts-title">${t.details}</h3>
    <dl class="pairs">
      <dt>${t.kind}</dt>
      <dd>${t.kinds[notice.kind] ?? notice.kind}</dd>
      <dt>${t.scopeLegend}</dt>
      <dd>${scopeText(t, notice.scope)}</dd>
      <dt>${t.state}</dt>
      <dd>${notice.closedAt ? t.closedAt(view.date(notice.closedAt)) : t.open}</dd>
      <dt>${t.starts}</dt>
      <dd>${time(view, notice.startsAt)}</dd>
      <dt>${t.expectedEnd}</dt>
      <dd>${notice.expectedEndAt ? time(view, notice.expectedEndAt) : t.notSet}</dd>
      <dt>${t.followers}</dt>
      <dd>${t.followersCount(notice.followerCount)}</dd>
      ${
        notice.repairId
          ? html`<dt>${t.linkedRepair}</dt><dd><a href="/admin/repairs/${notice.repairId}">${t.openRepair}</a></dd>`
          : nothing
      }
      <dt>${t.publicPage}</dt>
      <dd>
        ${
          notice.publicUrl
            ? html`<a href=${notice.publicUrl} target="_blank" rel="noopener">${t.openPublicPage}</a>`
            : t.noPublicPage
        }
      </dd>
    </dl>
    ${notice.body ? html`<p class="description">${notice.body}</p>` : nothing}
    ${
      notice.closingText
        ? html`<h4>${t.closedWith}</h4>
            <p class="description">${notice.closingText}</p>`
        : nothing
    }
  </section>`;
}

function updates(view: DetailView) {
  const { t, notice } = view;
  return html`<section class="card" aria-labelledby="updates-title">
    <h3 id="updates-title">${t.updates}</h3>
    ${
      notice.updates.length
        ? html`<ol class="timeline">
            ${[...notice.updates].reverse().map(
              (update) => html`<li>
                <div>${time(view, update.at)}</div>
                <p>${update.text}</p>
                ${update.photos.map((photo, index) => {
                  const src = noticePhotoUrl(notice, photo.id);
                  return src
                    ? html`<img src=${src} width=${photo.width} height=${photo.height} loading="lazy"
                        alt=${t.photoAlt(index + 1, update.photos.length)} />`
                    : nothing;
                })}
              </li>`,
            )}
          </ol>`
        : html`<p class="muted">${t.noUpdates}</p>`
    }
  </section>`;
}

function updateForm(view: DetailView) {
  const { t } = view;
  const invalid = (field: string) => (view.invalid === field ? 'true' : 'false');
  return html`<section class="card" aria-labelledby="update-title">
    <h3 id="update-title">${t.updateTitle}</h3>
    <form @submit=${view.onUpdate} novalidate>
      <div>
        <label for="update-text">${t.updateText}</label>
        <textarea id="update-text" name="text" maxlength=${NoticeLimits.update} aria-describedby="update-text-hint"
          aria-invalid=${invalid('text')}></textarea>
        <p class="hint muted" id="update-text-hint">${t.updateHint}</p>
      </div>
      <div>
        <label for="update-photos">${t.photos}</label>
        <input id="update-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple
          aria-describedby="update-photos-hint" aria-invalid=${invalid('photos')} />
        <p class="hint muted" id="update-photos-hint">${t.photosHint}</p>
      </div>
      <div>
        <button class="primary" type="submit" aria-busy=${view.busy === 'update' ? 'true' : 'false'}>
          ${view.busy === 'update' ? t.posting : t.post}
        </button>
      </div>
    </form>
  </section>`;
}

function closeForm(view: DetailView) {
  const { t } = view;
  return html`<section class="card" aria-labelledby="close-title">
    <h3 id="close-title">${t.closeTitle}</h3>
    <form @submit=${view.onClose} novalidate>
      <div>
        <label for="closing-text">${t.closingText}</label>
        <textarea id="closing-text" name="closingText" maxlength=${NoticeLimits.closing}
          aria-describedby="closing-text-hint" aria-invalid=${view.invalid === 'closingText' ? 'true' : 'false'}></textarea>
        <p class="hint muted" id="closing-text-hint">${t.closingHint}</p>
      </div>
      <div>
        <button class="secondary" type="submit" aria-busy=${view.busy === 'close' ? 'true' : 'false'}>
          ${view.busy === 'close' ? t.closing : t.close}
        </button>
      </div>
    </form>
  </section>`;
}

function offers(view: DetailView) {
  const { t, notice } = view;
  const busy = (offerId: string) => (view.busy === `offer:${offerId}` ? 'true' : 'false');
  return html`<section class="card" aria-labelledby="offers-title">
    <h3 id="offers-title">${t.offers}</h3>
    <p class="hint muted">${t.offersHint}</p>
    ${
      notice.offers.length
        ? html`<ul class="offers">
            ${notice.offers.map(
              (offer) => html`<li>
                <p class="description">${offer.text}</p>
                <p class="muted">${time(view, offer.at)} · <span class="badge">${t.moderations[offer.moderation]}</span></p>
                <div class="row">
                  ${
                    offer.moderation === 'published'
                      ? nothing
                      : html`<button class="primary" type="button" aria-busy=${busy(offer.id)}
                          aria-label=${t.approveOffer(offer.text)} @click=${() => view.onModerate(offer.id, 'publish')}>
                          ${t.approve}
                        </button>`
                  }
                  ${
                    offer.moderation === 'rejected'
                      ? nothing
                      : html`<button class="secondary" type="button" aria-busy=${busy(offer.id)}
                          aria-label=${t.rejectOffer(offer.text)} @click=${() => view.onModerate(offer.id, 'reject')}>
                          ${t.reject}
                        </button>`
                  }
                </div>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t.noOffers}</p>`
    }
  </section>`;
}

export function renderDetail(view: DetailView) {
  const open = !view.notice.closedAt;
  return html`<div class="detail">
    <section>${facts(view)} ${offers(view)}</section>
    <section>${open ? html`${updateForm(view)} ${closeForm(view)}` : nothing} ${updates(view)}</section>
  </div>`;
}
