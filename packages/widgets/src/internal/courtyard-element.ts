import type { Language, SiteConfig } from '@courtyard/protocol';
import {
  type CSSResultGroup,
  html,
  LitElement,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { ApiError, type ClientErrorCode, NETWORK_ERROR, networkError } from '../api/api-error.js';
import { CourtyardClient } from '../api/client.js';
import type { Outbox } from '../api/outbox.js';
import { resumeOutbox } from '../api/shared-outbox.js';
import { LocalizeController, type Placeholders, setStrings } from '../controllers/localize-controller.js';
import { theme } from '../styles/theme.js';
import { en } from '../translations/en.js';
import type { StringKey, StringOverrides } from '../translations/index.js';
import { defaults } from './defaults.js';
import type { CourtyardEventDetails, CourtyardEventName } from './events.js';
import { resolveLanguage } from './language.js';

export type Theme = 'auto' | 'light' | 'dark';

/**
 * The base of every Courtyard widget: site and service, language, theme, strings, the site's
 * configuration and typed events. Not a tag itself; widgets extend it.
 *
 * @cssproperty --courtyard-accent - Buttons, links and focus rings.
 * @cssproperty --courtyard-accent-text - Text on the accent colour.
 * @cssproperty --courtyard-surface - The widget's background.
 * @cssproperty --courtyard-surface-muted - Background of status messages and secondary areas.
 * @cssproperty --courtyard-text - Body text.
 * @cssproperty --courtyard-text-muted - Secondary text.
 * @cssproperty --courtyard-border - Borders of the widget and its fields.
 * @cssproperty --courtyard-danger - Error messages.
 * @cssproperty --courtyard-success - "Sent" confirmations.
 * @cssproperty --courtyard-radius - Corner radius.
 * @cssproperty --courtyard-spacing - Padding and gaps.
 * @cssproperty --courtyard-font - Font family.
 */
export class CourtyardElement extends LitElement {
  static override styles: CSSResultGroup = theme;

  /**
   * Registers this class as `tag`. A second registration of the same tag is ignored (two bundles on one
   * page); registering the class under a second tag defines a subclass, since a constructor serves one tag.
   */
  static define(tag: string): void {
    if (customElements.get(tag)) return;
    try {
      customElements.define(tag, this);
    } catch {
      customElements.define(tag, subclassOf(this));
    }
  }

  /**
   * Overrides strings for every widget on the page in one language, e.g.
   * `CourtyardElement.setStrings('en', { send: 'Post' })`; the same as the package's `setStrings`.
   */
  static setStrings(language: Language, strings: StringOverrides): void {
    setStrings(language, strings);
  }

  // Declared without decorators: the tslib decorator helper would cost every page that embeds a widget.
  // Typed as Lit's PropertyDeclarations (here and in each widget) so a subclass in strict TypeScript can
  // declare only its own properties; Lit merges them with these.
  static override properties: PropertyDeclarations = {
    site: {},
    api: {},
    lang: {},
    theme: { reflect: true },
    strings: { attribute: false },
    outbox: { attribute: false },
    siteConfig: { state: true },
    configError: { state: true },
  };

  /** Site key; defaults to the script tag's `data-site`. */
  site = '';
  /** Origin of the Courtyard service; defaults to the origin of the script tag's `src`. */
  api = '';
  /** Language (zh-CN or en); defaults to the closest `lang` in the page, then the browser's. */
  override lang = '';
  /** `auto` follows the device's light/dark setting. */
  theme: Theme = 'auto';
  /**
   * Overrides of this element's strings, whatever its language; they come before the page's `setStrings`
   * (keys: translations/en.ts and the widget's own translations/en.ts).
   */
  strings?: StringOverrides;
  /** Where unsent writes wait; unset, the page's shared outbox (loaded with the first write). */
  outbox?: Outbox;

  /** The site's public configuration once loaded. */
  protected siteConfig?: SiteConfig;
  /** Why the configuration could not be loaded, if it could not. */
  protected configError?: ApiError;

  /** Every string this element shows is looked up here (widgets: `localize.withTable(theirTable)`). */
  protected readonly localize: LocalizeController = new LocalizeController(this);

  /** The site key in effect (attribute, then the script tag's default). */
  get siteKey(): string {
    return this.site || defaults.site || '';
  }

  /** The service origin in effect (attribute, then the script tag's origin, then this page's). */
  get apiOrigin(): string {
    return this.api || defaults.api || location.origin;
  }

  /** The shared client for this site, or undefined without a site key. */
  get client(): CourtyardClient | undefined {
    return this.siteKey ? CourtyardClient.for(this.apiOrigin, this.siteKey) : undefined;
  }

  /** The language this widget speaks now. */
  get language(): Language {
    return resolveLanguage(this, this.lang, this.siteConfig?.community.defaultLanguage);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.outbox) this.outbox.start();
    else resumeOutbox();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('site') || changed.has('api')) {
      // Another site's content must not stay on screen while (or because) this one fails to load.
      this.siteConfig = undefined;
      void this.loadConfig();
    }
  }

  /**
   * What a widget shows instead of its content when the site cannot be used from this page at all (an
   * unknown site key, or a page origin the site does not allow): why, for the webmaster, in the page's language.
   */
  protected siteProblem(): TemplateResult | undefined {
    const code = this.configError?.code;
    if (code !== 'COURTYARD_SITE_NOT_FOUND' && code !== 'COURTYARD_ORIGIN_NOT_ALLOWED') return undefined;
    return html`<p part="base status" class="base status error" role="alert">${this.errorText(code)}</p>`;
  }

  /** Loads the site configuration; widgets call it again for "try again". */
  protected async loadConfig(): Promise<void> {
    const client = this.client;
    this.configError = undefined;
    if (!client) {
      this.siteConfig = undefined;
      this.configError = new ApiError(0, 'COURTYARD_SITE_NOT_FOUND', 'No site key.');
      return;
    }
    try {
      const config = await client.config();
      if (this.client === client) this.siteConfig = config;
    } catch (caught) {
      if (this.client !== client) return;
      this.configError = this.reportError(caught);
    }
  }

  /** Fires `courtyard-error` for what a request threw (a refusal, or no network) and returns it as an ApiError. */
  protected reportError(caught: unknown): ApiError {
    const error = caught instanceof ApiError ? caught : networkError(caught);
    this.emit('courtyard-error', { code: error.code, status: error.status, message: error.message });
    return error;
  }

  /** Fires a Courtyard event (bubbles, composed; `courtyard-submit` is cancelable). Returns the event. */
  emit<Name extends CourtyardEventName>(name: Name, detail: CourtyardEventDetails[Name]): CustomEvent {
    const event = new CustomEvent(name, {
      bubbles: true,
      composed: true,
      cancelable: name === 'courtyard-submit',
      detail,
    });
    this.dispatchEvent(event);
    return event;
  }

  /** A shared string in this element's language, `{name}` placeholders filled, overrides honoured. */
  t(key: StringKey, values?: Placeholders): string {
    return this.localize.term(key, values);
  }

  /** The resident-facing text for an error code. */
  errorText(code: ClientErrorCode): string {
    if (code === NETWORK_ERROR) return this.t('networkError');
    return code in en ? this.t(code as StringKey) : this.t('unknownError');
  }

  /** A name given in the community's languages, in this widget's language when there is one. */
  localized(names: Partial<Record<Language, string>> | undefined): string {
    if (!names) return '';
    return names[this.language] ?? names['zh-CN'] ?? names.en ?? '';
  }

  /** A date and time in this widget's language and the community's time zone. */
  formatDate(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
    const timeZone = this.siteConfig?.community.timeZone;
    return new Intl.DateTimeFormat(this.language, { ...options, ...(timeZone ? { timeZone } : {}) }).format(
      new Date(value),
    );
  }

  formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
    return new Intl.NumberFormat(this.language, options).format(value);
  }
}

/** A constructor can back one tag only; a second tag gets a trivial subclass. */
function subclassOf(element: typeof CourtyardElement): CustomElementConstructor {
  return class extends element {};
}
