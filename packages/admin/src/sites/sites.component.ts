import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import {
  type AdminSite,
  addOrigin,
  createSite,
  type EmbedManifest,
  embedManifest,
  listSites,
  removeOrigin,
  setProofOfWork,
} from '../api/sites.js';
import { ActionController } from '../internal/actions.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles } from '../styles.js';
import { type SitesTranslation, translations } from './translations.js';

const PREVIEW_WIDGETS = ['suggestion-box', 'suggestion-board', 'repair-request'] as const;

/** The snippet a webmaster pastes: the pinned bundle with its SRI hash, the site key and one widget. */
export function snippetFor(origin: string, manifest: EmbedManifest, siteKey: string): string {
  return [
    `<script src="${origin}${manifest.src}"`,
    `        integrity="${manifest.integrity}"`,
    '        crossorigin="anonymous"',
    `        data-site="${siteKey}" async></script>`,
    '',
    '<courtyard-suggestion-box></courtyard-suggestion-box>',
  ].join('\n');
}

/**
 * @summary The Sites screen (admins): each site's key and allowed origins (add, remove), the copy-paste
 * snippet with its SRI hash, a live preview of each widget, and a form to create a site.
 */
export class CourtyardAdminSites extends AdminScreen<SitesTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      .sites {
        display: grid;
        gap: 1.5rem;
        margin-top: 1.5rem;
      }
      h3 {
        font-size: 1.15rem;
      }
      h4 {
        margin: 1rem 0 0.5rem;
        font-size: 1rem;
      }
      code,
      pre {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        overflow-wrap: anywhere;
      }
      pre {
        white-space: pre-wrap;
        margin: 0 0 0.5rem;
        padding: 0.75rem;
        border: 1px solid var(--admin-border);
        border-radius: 0.5rem;
        background: var(--admin-page);
      }
      ul.origins {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 0.25rem;
      }
      ul.origins li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.25rem 0;
        border-bottom: 1px solid var(--admin-border);
      }
      form {
        display: grid;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
      }
      .row input {
        flex: 1 1 14rem;
      }
      label {
        font-weight: 600;
      }
      .hint {
        margin: 0;
        font-size: 0.9rem;
      }
      iframe {
        box-sizing: border-box;
        width: 100%;
        height: 34rem;
        border: 1px solid var(--admin-border);
        border-radius: 0.5rem;
        background: #fff;
      }
    `,
  ];

  @state() private sites?: AdminSite[];
  @state() private manifest?: EmbedManifest | null;
  @state() private previews: Record<string, string> = {};

  protected readonly localize = new LocalizeController(this, translations);
  private readonly actions = new ActionController(this, this.localize);

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.sites = await listSites();
    } catch (error) {
      this.actions.fail(error);
    }
    try {
      this.manifest = await embedManifest();
    } catch {
      this.manifest = null;
    }
  }

  private replaceSite(site: AdminSite) {
    this.sites = (this.sites ?? []).map((existing) => (existing.id === site.id ? site : existing));
  }

  private async onAddOrigin(event: SubmitEvent, site: AdminSite) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('origin') as HTMLInputElement;
    const origin = input.value.trim();
    if (!origin) {
      input.focus();
      return;
    }
    const ok = await this.actions.run(async () => {
      this.replaceSite(await addOrigin(site.id, origin));
      return this.t.added(origin);
    });
    if (ok) input.value = '';
    else input.focus();
  }

  private async onRemoveOrigin(site: AdminSite, origin: string) {
    await this.actions.run(async () => {
      this.replaceSite(await removeOrigin(site.id, origin));
      return this.t.removed(origin);
    });
    this.focusHeading();
  }

  private async onProofOfWork(event: Event, site: AdminSite) {
    const always = (event.target as HTMLInputElement).checked;
    await this.actions.run(async () => {
      this.replaceSite(await setProofOfWork(site.id, always));
      return always ? this.t.proofOfWorkOn : this.t.proofOfWorkOff;
    });
  }

  private async onCopy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.actions.error = '';
      this.actions.status = this.t.copied;
    } catch {
      this.actions.status = this.t.copyFailed;
    }
  }

  private async onCreate(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const siteKey = value('siteKey');
    const name = value('name');
    const origin = value('origin');
    if (!siteKey || !name) {
      (form.elements.namedItem(siteKey ? 'name' : 'siteKey') as HTMLInputElement).focus();
      return;
    }
    const ok = await this.actions.run(async () => {
      const site = await createSite({ siteKey, name, allowedOrigins: origin ? [origin] : [] });
      this.sites = [...(this.sites ?? []), site].sort((a, b) => a.siteKey.localeCompare(b.siteKey));
      return this.t.created(site.siteKey);
    });
    if (ok) form.reset();
  }

  private onPreviewChange(site: AdminSite, event: Event) {
    this.previews = { ...this.previews, [site.id]: (event.target as HTMLSelectElement).value };
  }

  private renderSnippet(site: AdminSite) {
    const t = this.t;
    if (this.manifest === undefined) return nothing;
    if (this.manifest === null) return html`<p class="muted">${t.snippetUnavailable}</p>`;
    const snippet = snippetFor(location.origin, this.manifest, site.siteKey);
    const id = `snippet-${site.id}`;
    return html`
      <h4 id=${`${id}-title`}>${t.snippet}</h4>
      <p class="hint muted">${t.snippetHint}</p>
      <pre id=${id} aria-labelledby=${`${id}-title`} tabindex="0"><code>${snippet}</code></pre>
      <button class="secondary" type="button" @click=${() => this.onCopy(snippet)}>${t.copy}</button>
    `;
  }

  private renderPreview(site: AdminSite) {
    const t = this.t;
    const widget = this.previews[site.id] ?? PREVIEW_WIDGETS[0];
    const selectId = `preview-${site.id}`;
    const src = `/p/${encodeURIComponent(site.siteKey)}/preview/${widget}?lang=${this.language}`;
    return html`
      <h4>${t.preview}</h4>
      <p class="hint muted">${t.previewHint}</p>
      <div class="row">
        <div>
          <label for=${selectId}>${t.previewWidget}</label><br />
          <select id=${selectId} @change=${(event: Event) => this.onPreviewChange(site, event)}>
            ${PREVIEW_WIDGETS.map(
              (name) => html`<option value=${name} ?selected=${name === widget}>${t.widgets[name]}</option>`,
            )}
          </select>
        </div>
      </div>
      <iframe src=${src} title=${t.previewTitle(t.widgets[widget] ?? widget, site.name)} loading="lazy"></iframe>
    `;
  }

  private renderSite(site: AdminSite) {
    const t = this.t;
    const inputId = `origin-${site.id}`;
    const hintId = `origin-hint-${site.id}`;
    return html`<section class="card" aria-labelledby=${`site-${site.id}`}>
      <h3 id=${`site-${site.id}`}>${site.name}</h3>
      <p>${t.siteKey}: <code>${site.siteKey}</code></p>
      <h4>${t.origins}</h4>
      ${
        site.allowedOrigins.length === 0
          ? html`<p class="muted">${t.noOrigins}</p>`
          : html`<ul class="origins">
              ${site.allowedOrigins.map(
                (origin) => html`<li>
                  <code>${origin}</code>
                  <button
                    class="secondary"
                    type="button"
                    aria-label=${t.removeLabel(origin)}
                    ?disabled=${this.actions.pending}
                    @click=${() => this.onRemoveOrigin(site, origin)}
                  >
                    ${t.remove}
                  </button>
                </li>`,
              )}
            </ul>`
      }
      ${site.allowLocalhost ? html`<p class="muted">${t.localhost}</p>` : nothing}
      <label class="check">
        <input type="checkbox" .checked=${site.proofOfWorkAlways} ?disabled=${this.actions.pending}
          aria-describedby=${`pow-${site.id}`} @change=${(event: Event) => this.onProofOfWork(event, site)} />
        ${t.proofOfWork}
      </label>
      <p class="hint muted" id=${`pow-${site.id}`}>${t.proofOfWorkHint}</p>
      <form novalidate @submit=${(event: SubmitEvent) => this.onAddOrigin(event, site)}>
        <label for=${inputId}>${t.addOrigin}</label>
        <p class="hint muted" id=${hintId}>${t.originHint}</p>
        <div class="row">
          <input
            id=${inputId}
            name="origin"
            type="url"
            inputmode="url"
            autocomplete="off"
            spellcheck="false"
            maxlength="253"
            placeholder="https://www.example.org"
            aria-describedby=${hintId}
          />
          <button class="primary" type="submit" aria-busy=${this.actions.pending ? 'true' : 'false'}>${t.add}</button>
        </div>
      </form>
      ${this.renderSnippet(site)} ${this.renderPreview(site)}
    </section>`;
  }

  private renderCreate() {
    const t = this.t;
    return html`<section class="card" aria-labelledby="create-site">
      <h3 id="create-site">${t.createTitle}</h3>
      <form novalidate @submit=${this.onCreate}>
        <label for="new-key">${t.newKey}</label>
        <p class="hint muted" id="new-key-hint">${t.newKeyHint}</p>
        <input id="new-key" name="siteKey" required maxlength="64" pattern="[A-Za-z0-9_-]+" autocomplete="off" spellcheck="false" aria-describedby="new-key-hint" />
        <label for="new-name">${t.newName}</label>
        <input id="new-name" name="name" required maxlength="120" autocomplete="off" />
        <label for="new-origin">${t.newOrigin}</label>
        <input id="new-origin" name="origin" type="url" inputmode="url" maxlength="253" autocomplete="off" spellcheck="false" placeholder="https://www.example.org" />
        <div><button class="primary" type="submit" aria-busy=${this.actions.pending ? 'true' : 'false'}>${t.create}</button></div>
      </form>
    </section>`;
  }

  override render() {
    const t = this.t;
    return html`
      <section aria-labelledby="sites-title">
        <h2 id="sites-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        <p role="status">${this.actions.status}</p>
        <div role="alert" class=${this.actions.error ? 'alert' : ''}>${this.actions.error}</div>
        ${
          this.sites === undefined
            ? this.actions.error
              ? nothing
              : html`<p>${t.loading}</p>`
            : html`<div class="sites">
                ${this.sites.length === 0 ? html`<p>${t.none}</p>` : this.sites.map((site) => this.renderSite(site))}
                ${this.renderCreate()}
              </div>`
        }
      </section>
    `;
  }
}
