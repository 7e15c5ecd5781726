import { css } from 'lit';

export const topicsStyles = css`
  ol,
  ul {
    margin: 0;
    padding: 0 0 0 1.25rem;
  }
  ol.topics {
    list-style: none;
    padding: 0;
    display: grid;
    gap: var(--_spacing);
  }
  article {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_spacing);
  }
  p,
  li {
    margin: 0.5rem 0;
    overflow-wrap: anywhere;
  }
  .badge {
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-text);
  }
`;
