import { css } from 'lit';

export const styles = css`
  form,
  fieldset {
    display: grid;
    gap: calc(var(--_spacing) / 2);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.75rem;
  }
  .check input {
    width: 1.5rem;
    min-height: 1.5rem;
  }
  progress {
    width: 100%;
    height: 1rem;
  }
  ol {
    list-style: none;
    margin: var(--_spacing) 0;
    padding: 0 0 0 var(--_spacing);
    border-left: 3px solid var(--_accent);
  }
  li {
    margin-bottom: var(--_spacing);
  }
  li p {
    margin: 0.25rem 0 0;
  }
  img {
    max-width: 100%;
    height: auto;
    border-radius: var(--_radius);
  }
  a {
    color: var(--_accent-ink);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_spacing) / 2);
  }
`;
