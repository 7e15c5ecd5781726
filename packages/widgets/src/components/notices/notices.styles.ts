import { css } from 'lit';

export const styles = css`
  ol,
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_spacing);
  }
  article {
    border: 1px solid var(--_border);
    border-left: 4px solid var(--_accent);
    border-radius: var(--_radius);
    padding: var(--_spacing);
  }
  h3 {
    font-size: 1.125rem;
    margin: 0.25rem 0;
  }
  h4 {
    font-size: 1rem;
    margin: var(--_spacing) 0 0.5rem;
  }
  p {
    margin: 0.25rem 0;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 0.75rem;
  }
  dd {
    margin: 0;
  }
  [part='updates'] {
    gap: 0.75rem;
    padding-left: var(--_spacing);
    border-left: 3px solid var(--_accent);
  }
  img {
    max-width: 100%;
    height: auto;
    border-radius: var(--_radius);
  }
  summary {
    min-height: 2.75rem;
    line-height: 2.75rem;
    cursor: pointer;
    color: var(--_accent-ink);
  }
  form,
  label {
    display: grid;
    gap: 0.5rem;
  }
`;
