import { css } from 'lit';

/**
 * Headings, buttons, fields and status messages shared by the widgets (add to `static styles` after `theme`):
 * 44px touch targets and rem text.
 */
export const controls = css`
  .heading {
    margin: 0 0 calc(var(--_spacing) / 2);
    font-size: 1.25rem;
    font-weight: 600;
    line-height: 1.3;
  }

  .muted {
    color: var(--_text-muted);
  }

  button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5rem 1.25rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
  }

  button.secondary {
    background: transparent;
    color: var(--_accent-ink);
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  input,
  select,
  textarea {
    font: inherit;
    min-height: 2.75rem;
    width: 100%;
    padding: 0.5rem 0.75rem;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .status {
    margin: var(--_spacing) 0 0;
    padding: 0.75rem;
    border-radius: var(--_radius);
    background: var(--_surface-muted);
  }

  .status.error {
    color: var(--_danger);
  }

  .status.sent {
    color: var(--_success);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_spacing) / 2);
    margin-top: var(--_spacing);
  }

  /* Off screen: the forms' honeypot field (a bot fills it, a person never sees it) and a status to announce. */
  .trap {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`;
