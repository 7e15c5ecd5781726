import { css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { downloadExport, type ExportProgress } from '../api/exports.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles } from '../styles.js';
import { type ExportTranslation, translations } from './translations.js';

/**
 * @summary A button that downloads a CSV export from /admin/api, showing rows and bytes received as it
 * streams, and saves it through a Blob URL. Any screen can drop it in:
 * `<courtyard-admin-export-button .language=${language} path="exports/repairs.csv?status=closed" label="…">`.
 * @event courtyard-admin-exported - `detail: { filename, rows }` once the file is saved.
 */
export class CourtyardAdminExportButton extends AdminElement<ExportTranslation> {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      progress {
        width: min(14rem, 100%);
        height: 1rem;
        accent-color: var(--admin-accent);
      }
      .status {
        margin: 0.25rem 0 0;
        font-size: 0.9rem;
      }
      .status.error {
        color: var(--admin-error);
      }
      .status:empty {
        margin: 0;
      }
    `,
  ];

  @state() private progress: ExportProgress | undefined;
  @state() private running = false;
  @state() private message = '';
  @state() private failed = false;
  private controller: AbortController | undefined;

  /** The export's path under /admin/api, with its query (e.g. `exports/suggestions.csv?status=adopted`). */
  @property() path = '';
  /** The button's text; defaults to "Export CSV" in the console's language. */
  @property() label = '';
  protected readonly localize = new LocalizeController(this, translations);

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  private number(value: number) {
    return new Intl.NumberFormat(this.language).format(value);
  }

  private size(bytes: number) {
    const kilobytes = bytes / 1024;
    return kilobytes < 1024
      ? `${new Intl.NumberFormat(this.language, { maximumFractionDigits: 0 }).format(kilobytes)} KB`
      : `${new Intl.NumberFormat(this.language, { maximumFractionDigits: 1 }).format(kilobytes / 1024)} MB`;
  }

  private async start() {
    if (this.running || !this.path) return;
    this.controller = new AbortController();
    const { signal } = this.controller;
    this.running = true;
    this.failed = false;
    this.progress = undefined;
    this.message = this.t.starting;
    try {
      const file = await downloadExport(
        this.path,
        (progress) => {
          this.progress = progress;
          this.message = this.t.progress(
            this.number(progress.rows),
            progress.totalRows === undefined ? undefined : this.number(progress.totalRows),
            this.size(progress.bytes),
          );
        },
        signal,
      );
      this.save(file.blob, file.filename);
      this.message = this.t.saved(file.filename, this.number(file.rows));
      this.dispatchEvent(
        new CustomEvent('courtyard-admin-exported', {
          detail: { filename: file.filename, rows: file.rows },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      if (signal.aborted) {
        this.message = this.t.cancelled;
      } else {
        this.failed = true;
        this.message = this.localize.errorText(error);
      }
    } finally {
      this.running = false;
      this.controller = undefined;
    }
  }

  private save(blob: Blob, filename: string) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
    // The browser has taken the file once the click's task is over.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private cancel() {
    this.controller?.abort();
  }

  override render() {
    const { t, progress, running } = this;
    const total = progress?.totalRows;
    const bar =
      total !== undefined && total > 0
        ? html`<progress aria-label=${t.progressLabel} max=${total} .value=${Math.min(progress?.rows ?? 0, total)}></progress>`
        : html`<progress aria-label=${t.progressLabel}></progress>`;
    return html`
      <div class="row">
        <button
          type="button"
          class="secondary"
          aria-disabled=${running ? 'true' : 'false'}
          aria-busy=${running ? 'true' : 'false'}
          @click=${this.start}
        >
          ${this.label || t.export}
        </button>
        ${running ? html`${bar}<button type="button" class="secondary" @click=${this.cancel}>${t.cancel}</button>` : ''}
      </div>
      <p class="status" role="status">${this.failed ? '' : this.message}</p>
      <p class="status error" role="alert">${this.failed ? this.message : ''}</p>
    `;
  }
}
