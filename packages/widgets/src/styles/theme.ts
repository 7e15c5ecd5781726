import { css } from 'lit';

/** The light tokens, with the reset of the host page's inherited CSS. */
const host = css`
  :host {
    all: initial;
    display: block;
    box-sizing: border-box;
    --_accent: var(--courtyard-accent, #1d4ed8);
    --_accent-text: var(--courtyard-accent-text, #fff);
    --_accent-ink: var(--_accent);
    --_surface: var(--courtyard-surface, #fff);
    --_surface-muted: var(--courtyard-surface-muted, #f3f4f6);
    --_text: var(--courtyard-text, #1f2937);
    --_text-muted: var(--courtyard-text-muted, #4b5563);
    --_border: var(--courtyard-border, #9ca3af);
    --_danger: var(--courtyard-danger, #b91c1c);
    --_success: var(--courtyard-success, #166534);
    --_radius: var(--courtyard-radius, 0.5rem);
    --_spacing: var(--courtyard-spacing, 1rem);
    --_font: var(
      --courtyard-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      'PingFang SC',
      'Microsoft YaHei',
      sans-serif
    );
    color-scheme: light;
  }

  :host([hidden]) {
    display: none;
  }
`;

/** The dark tokens: for `theme="dark"`, and for a dark system setting unless `theme="light"`. */
const dark = css`
  --_accent: var(--courtyard-accent, #93b4ff);
  --_accent-text: var(--courtyard-accent-text, #0b1120);
  --_surface: var(--courtyard-surface, #16181d);
  --_surface-muted: var(--courtyard-surface-muted, #23262e);
  --_text: var(--courtyard-text, #e5e7eb);
  --_text-muted: var(--courtyard-text-muted, #b6bcc7);
  --_border: var(--courtyard-border, #6b7280);
  --_danger: var(--courtyard-danger, #fca5a5);
  --_success: var(--courtyard-success, #86efac);
  color-scheme: dark;
`;

/** Relative colours for a host accent of any colour, the base element, focus, box sizing. */
const rest = css`
  /*
   * A host accent of any colour stays readable. Text on the accent is black or white by the accent's
   * luminance (Y of XYZ; below 0.179 white contrasts more, above it black). The accent used as text on the
   * surface (--_accent-ink: links, secondary buttons) is darkened in light mode and lightened in dark mode
   * when it would be too faint. Browsers without relative colours keep the tokens above.
   */
  @supports (color: color(from red xyz-d65 x y z)) {
    :host,
    :host([theme='dark']),
    :host(:not([theme='light'])) {
      --_on: clamp(0, (0.179 - y) * 100000, 1);
      --_accent-text: var(
        --courtyard-accent-text,
        color(from var(--_accent) xyz-d65 calc(0.9505 * var(--_on)) var(--_on) calc(1.089 * var(--_on)))
      );
      --_accent-ink: oklch(from var(--_accent) min(l, 0.5) c h);
    }
    :host([theme='dark']) {
      --_accent-ink: oklch(from var(--_accent) max(l, 0.72) c h);
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        --_accent-ink: oklch(from var(--_accent) max(l, 0.72) c h);
      }
    }
  }

  /* The one element every widget renders first; it carries the inherited text properties. */
  .base {
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: 1rem;
    font-weight: 400;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    white-space: normal;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_spacing);
  }

  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;

/**
 * Every widget's host: the `--courtyard-*` tokens resolved to private `--_*` values (light and dark), and a
 * reset so the host page's inherited CSS (fonts, colours, letter-spacing, text-transform…) does not leak in.
 * Custom properties are not touched by `all`, so the page's `--courtyard-*` tokens still reach the widget.
 * Written on one line: the build's CSS minifier (build/minify-css.mjs) skips a template with `${}` in it.
 */
export const theme = css`${host}:host([theme='dark']){${dark}}@media (prefers-color-scheme:dark){:host(:not([theme='light'])){${dark}}}${rest}`;
