// What every part of the console repeats: the language and its strings, the shared look, and (for the screens
// the shell shows) who is signed in, the route, the page-title count and focus on the heading after navigation.
import type { Language } from '@courtyard/protocol';
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { StaffMember } from '../api/session.js';
import { baseStyles } from '../styles.js';
import type { ConsoleStrings, LocalizeController } from './localize.js';

/** A piece of the console with its own strings: set `localize` to a LocalizeController over its table. */
export abstract class AdminElement<T extends ConsoleStrings> extends LitElement {
  static override styles = [baseStyles];

  @property({ attribute: false }) language: Language = 'en';

  protected abstract readonly localize: LocalizeController<T>;

  protected get t(): T {
    return this.localize.t;
  }

  /** Moves focus to the heading so a screen reader announces the new view (the shell calls it after navigating). */
  override focus(options?: FocusOptions) {
    void this.updateComplete.then(() => {
      const heading = this.heading;
      if (heading) heading.focus(options);
      else super.focus(options);
    });
  }

  protected get heading(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('h2');
  }

  protected focusHeading() {
    this.heading?.focus();
  }
}

/** A screen the shell shows at /admin/<area>/…; see packages/admin/README.md for what it receives. */
export abstract class AdminScreen<T extends ConsoleStrings> extends AdminElement<T> {
  @property({ attribute: false }) staff!: StaffMember;
  /** The path segments after /admin/<area>/. */
  @property({ attribute: false }) route: string[] = [];

  /** Puts `count` (what waits for staff) in the page title. */
  protected announceCount(count: number) {
    this.dispatchEvent(new CustomEvent('courtyard-admin-title', { detail: { count }, bubbles: true, composed: true }));
  }
}
