// Shared look of the console: text in rem (follows the browser's text size), 44px targets, visible focus,
// AA contrast in light and dark.
import { css } from 'lit';

export const baseStyles = css`
  :host {
    --admin-accent: #a3231b;
    --admin-accent-text: #ffffff;
    --admin-text: #1c1b1a;
    --admin-muted: #4d4a46;
    --admin-surface: #ffffff;
    --admin-page: #f6f3ee;
    --admin-border: #8a847c;
    --admin-error: #a11212;
    --admin-error-surface: #fdecea;
    --admin-focus: #1a5fb4;
    display: block;
    color: var(--admin-text);
    font-family: system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif;
    font-size: 1rem;
    line-height: 1.6;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --admin-accent: #ffb4ab;
      --admin-accent-text: #2b0b08;
      --admin-text: #eeeae4;
      --admin-muted: #c9c3bb;
      --admin-surface: #23211f;
      --admin-page: #171615;
      --admin-border: #9c958c;
      --admin-error: #ffb4ab;
      --admin-error-surface: #3b1512;
      --admin-focus: #9ecaff;
    }
  }

  h1,
  h2,
  h3 {
    line-height: 1.3;
    margin: 0 0 0.75rem;
  }

  button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5rem 1.25rem;
    border-radius: 0.5rem;
    cursor: pointer;
  }

  .primary {
    background: var(--admin-accent);
    color: var(--admin-accent-text);
    border: 2px solid var(--admin-accent);
    font-weight: 600;
  }

  .secondary {
    background: transparent;
    color: var(--admin-text);
    border: 2px solid var(--admin-border);
  }

  /* A link that looks like a button ("New poll", "Cancel"): a button's box (44px high, its padding, so one
     beside a button lines up), and .primary or .secondary for the colours, as on a button. */
  a.button {
    display: inline-flex;
    align-items: center;
    box-sizing: border-box;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border-radius: 0.5rem;
    text-decoration: none;
  }

  button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.85;
  }

  :focus-visible {
    outline: 3px solid var(--admin-focus);
    outline-offset: 2px;
  }

  .card {
    background: var(--admin-surface);
    border: 1px solid var(--admin-border);
    border-radius: 0.75rem;
    padding: 1.25rem;
  }

  .alert {
    margin: 0 0 1rem;
    padding: 0.75rem 1rem;
    border-left: 0.3rem solid var(--admin-error);
    background: var(--admin-error-surface);
    color: var(--admin-text);
  }

  .alert:empty {
    display: none;
  }

  .muted {
    color: var(--admin-muted);
  }

  /* A checkbox with its label on one line, a 44px target. */
  .check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    font-weight: 400;
    margin: 0;
  }
  .check input {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
    flex: none;
  }
`;

/**
 * Form fields of every screen: 44px targets, a 2px border that shows the field in both themes, red when
 * invalid. `:where` keeps these at zero specificity, so a screen's own rule (a width, a font) always wins.
 */
export const formStyles = css`
  :where(input:not([type='checkbox'], [type='radio'], [type='file']), select, textarea) {
    box-sizing: border-box;
    max-width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    font: inherit;
    color: var(--admin-text);
    background: var(--admin-surface);
    border: 2px solid var(--admin-border);
    border-radius: 0.5rem;
  }
  :where(textarea) {
    width: 100%;
    min-height: 6rem;
    resize: vertical;
  }
  :where(input, select, textarea)[aria-invalid='true'] {
    border-color: var(--admin-error);
  }
`;

/** Tables of every screen: they scroll sideways inside `.table-wrap` on a phone or at 200% zoom. */
export const tableStyles = css`
  :where(.table-wrap) {
    overflow-x: auto;
  }
  :where(table) {
    border-collapse: collapse;
    width: 100%;
    background: var(--admin-surface);
  }
  :where(caption) {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.5rem;
  }
  :where(th, td) {
    text-align: start;
    vertical-align: top;
    padding: 0.5rem;
    border-bottom: 1px solid var(--admin-border);
  }
`;

/** A feed of cards (the inbox, the suggestion queue): `<ol class="feed">` of `<article class="card-item">`. */
export const feedStyles = css`
  :where(ol.feed) {
    list-style: none;
    margin: 1rem 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  :where(.card-item) {
    background: var(--admin-surface);
    border: 1px solid var(--admin-border);
    border-radius: 0.75rem;
    padding: 0.75rem 1rem;
  }
  :where(.meta) {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    margin: 0;
    font-size: 0.9375rem;
  }
`;

/** Labels and values side by side (`<dl class="pairs">`); the value wraps anywhere rather than overflow. */
export const pairsStyles = css`
  :where(dl.pairs) {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  :where(dl.pairs dt) {
    font-weight: 600;
  }
  :where(dl.pairs dd) {
    margin: 0;
    overflow-wrap: anywhere;
  }
`;
