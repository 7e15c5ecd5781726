import type { Language } from '@courtyard/protocol';
import { css, html, LitElement, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { AdminApiError, currentStaff, type StaffMember, signOut } from '../api/session.js';
import { LocalizeController } from '../internal/localize.js';
import type { CourtyardAdminSignIn } from '../sign-in/sign-in.component.js';
import { baseStyles } from '../styles.js';
import { initialLanguage, rememberLanguage, translations } from '../translations/index.js';
import { type Screen, screenFor, screenPath, screens } from './screens.js';

type View = 'loading' | 'signed-out' | 'signed-in' | 'unreachable';

/**
 * @summary The staff console: checks the session, shows sign-in or the signed-in screens with a menu,
 * routes /admin/<area>/… on the client, switches language.
 */
export class CourtyardAdminApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        min-height: 100vh;
        background: var(--admin-page);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.75rem 1rem;
        background: var(--admin-surface);
        border-bottom: 1px solid var(--admin-border);
      }
      header h1 {
        margin: 0;
        font-size: 1.25rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      nav {
        background: var(--admin-surface);
        border-bottom: 1px solid var(--admin-border);
        padding: 0 0.5rem;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0 auto;
        max-width: 72rem;
        padding: 0.25rem 0;
        list-style: none;
      }
      nav a {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        padding: 0 0.75rem;
        border-radius: 0.5rem;
        color: var(--admin-text);
        text-decoration: none;
      }
      nav a:hover {
        text-decoration: underline;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
        box-shadow: inset 0 -0.2rem 0 var(--admin-accent);
      }
      main {
        box-sizing: border-box;
        max-width: 72rem;
        margin: 0 auto;
        padding: 1.5rem 1rem 3rem;
      }
      courtyard-admin-sign-in {
        max-width: 28rem;
        margin: 0 auto;
      }
      .status {
        margin: 0 0 1rem;
      }
      .status:empty {
        margin: 0;
      }
      @media print {
        header,
        nav,
        .status {
          display: none;
        }
        :host,
        main {
          background: none;
          max-width: none;
          padding: 0;
        }
      }
    `,
  ];

  private readonly localize = new LocalizeController(this, translations);

  @query('courtyard-admin-sign-in') private signInForm?: CourtyardAdminSignIn;
  @query('main > :last-child') private screenElement?: HTMLElement;

  /** Set by the language switch; every screen receives it. */
  @state() language: Language = 'en';
  @state() private view: View = 'loading';
  @state() private staff?: StaffMember;
  @state() private status = '';
  @state() private pathname = location.pathname;
  @state() private hash = location.hash;
  @state() private titleCount = 0;

  private readonly onPopState = () => {
    this.pathname = location.pathname;
    this.hash = location.hash;
    this.titleCount = 0;
    void this.focusScreen();
  };

  /** A staff link opened while the console is already open changes only the fragment. */
  private readonly onHashChange = () => {
    this.hash = location.hash;
  };

  override connectedCallback() {
    super.connectedCallback();
    this.setLanguage(initialLanguage(this.getAttribute('lang')), false);
    window.addEventListener('popstate', this.onPopState);
    window.addEventListener('hashchange', this.onHashChange);
    this.addEventListener('click', this.onLinkClick);
    this.addEventListener('courtyard-admin-title', this.onTitleCount as EventListener);
    void this.loadSession();
  }

  override disconnectedCallback() {
    window.removeEventListener('popstate', this.onPopState);
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  private setLanguage(language: Language, remember: boolean) {
    this.language = language;
    document.documentElement.lang = language;
    if (remember) rememberLanguage(language);
  }

  private async loadSession() {
    try {
      this.staff = await currentStaff();
      this.view = this.staff ? 'signed-in' : 'signed-out';
    } catch {
      this.view = 'unreachable';
    }
  }

  /** Screens visible to the signed-in staff member. */
  private visibleScreens(): Screen[] {
    return screens.filter((screen) => !screen.adminOnly || this.staff?.role === 'admin');
  }

  /** Same-origin links to /admin/… navigate inside the console; anything else is left to the browser. */
  private readonly onLinkClick = (event: MouseEvent) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const anchor = event
      .composedPath()
      .find((target): target is HTMLAnchorElement => target instanceof HTMLAnchorElement);
    if (!anchor || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || !/^\/admin(\/|$)/.test(url.pathname)) return;
    if (/^\/admin\/(api|assets)\//.test(url.pathname)) return;
    event.preventDefault();
    this.navigate(`${url.pathname}${url.search}${url.hash}`);
  };

  private navigate(path: string) {
    if (path !== `${location.pathname}${location.search}${location.hash}`) history.pushState(null, '', path);
    this.pathname = location.pathname;
    this.hash = location.hash;
    this.titleCount = 0;
    void this.focusScreen();
  }

  private async focusScreen() {
    await this.updateComplete;
    this.screenElement?.focus();
  }

  private readonly onTitleCount = (event: CustomEvent<{ count: number }>) => {
    this.titleCount = Math.max(0, Math.floor(Number(event.detail?.count) || 0));
  };

  private onSwitchLanguage() {
    this.setLanguage(this.language === 'zh-CN' ? 'en' : 'zh-CN', true);
  }

  private async onSignedIn(event: CustomEvent<StaffMember>) {
    this.staff = event.detail;
    this.status = '';
    this.view = 'signed-in';
    await this.focusScreen();
  }

  private async onSignOut() {
    try {
      await signOut();
    } catch (error) {
      // An expired session is already signed out; anything else keeps the staff member signed in.
      if (!(error instanceof AdminApiError && error.status === 401)) {
        this.status = this.localize.t.errors.network ?? '';
        return;
      }
    }
    this.staff = undefined;
    this.status = this.localize.t.signedOut;
    this.view = 'signed-out';
    await this.updateComplete;
    this.signInForm?.focus();
  }

  protected override willUpdate() {
    const { t } = this.localize;
    const { screen } = screenFor(this.pathname);
    const parts = [t.productName];
    if (this.view === 'signed-in' && screen && screen.area) parts.unshift(screen.label[this.language]);
    document.title = `${this.titleCount > 0 ? `(${this.titleCount}) ` : ''}${parts.join(' · ')}`;
  }

  private renderScreen() {
    const { t } = this.localize;
    const { screen, route } = screenFor(this.pathname);
    const allowed = screen && (!screen.adminOnly || this.staff?.role === 'admin');
    if (!allowed) {
      return html`<section class="card" aria-labelledby="not-found">
        <h2 id="not-found" tabindex="-1">${screen ? t.adminOnly : t.notFound}</h2>
        <p><a href="/admin">${t.backHome}</a></p>
      </section>`;
    }
    const tag = unsafeStatic(screen.tag);
    return staticHtml`<${tag} .language=${this.language} .staff=${this.staff} .route=${route}></${tag}>`;
  }

  private renderView() {
    const { t } = this.localize;
    // An invitation or reset link (/admin/invite#<token>) opens its own page, with or without a session (the
    // person has no password yet). The token is in the fragment, which never reaches the server's logs.
    const link = /^\/admin\/(invite|reset)\/?$/.exec(this.pathname);
    if (link && this.view !== 'loading') {
      const token = /^#([A-Za-z0-9_-]{1,64})$/.exec(this.hash)?.[1] ?? '';
      return html`<courtyard-admin-staff-link
        .language=${this.language}
        .purpose=${link[1] as 'invite' | 'reset'}
        .token=${token}
      ></courtyard-admin-staff-link>`;
    }
    switch (this.view) {
      case 'loading':
        return html`<p role="status">${t.loading}</p>`;
      case 'unreachable':
        return html`<p role="alert" class="alert">${t.errors.network}</p>`;
      case 'signed-out':
        return html`<courtyard-admin-sign-in
          .language=${this.language}
          @courtyard-admin-signed-in=${this.onSignedIn}
        ></courtyard-admin-sign-in>`;
      case 'signed-in':
        return this.renderScreen();
    }
  }

  private renderMenu() {
    if (this.view !== 'signed-in') return nothing;
    const { t } = this.localize;
    const current = screenFor(this.pathname).screen;
    return html`<nav aria-label=${t.menuLabel}>
      <ul>
        ${this.visibleScreens().map(
          (screen) => html`<li>
            <a href=${screenPath(screen)} aria-current=${screen === current ? 'page' : 'false'}>${screen.label[this.language]}</a>
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  override render() {
    const { t } = this.localize;
    const other: Language = this.language === 'zh-CN' ? 'en' : 'zh-CN';
    return html`
      <header>
        <h1>${t.productName}</h1>
        <div class="actions">
          <button
            class="secondary"
            type="button"
            lang=${other}
            aria-label=${t.switchLanguageLabel}
            @click=${this.onSwitchLanguage}
          >
            ${t.switchLanguage}
          </button>
          ${
            this.view === 'signed-in'
              ? html`<button class="secondary" type="button" @click=${this.onSignOut}>${t.signOut}</button>`
              : nothing
          }
        </div>
      </header>
      ${this.renderMenu()}
      <main lang=${this.language}>
        <p class="status" role="status">${this.status}</p>
        ${this.renderView()}
      </main>
    `;
  }
}
