import { css } from 'lit';

export const pollStyles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  label.choice {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: 2.75rem;
  }
  label.choice input {
    width: 1.5rem;
    min-height: 1.5rem;
    margin: 0;
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  li {
    margin: 0.5rem 0;
  }
  .row {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_accent);
  }
  p {
    margin: 0.5rem 0;
  }
  table {
    border-collapse: collapse;
    margin: 0.5rem 0;
  }
  caption,
  th,
  td {
    text-align: start;
    padding: 0.25rem 0.75rem 0.25rem 0;
  }
  tr[aria-current] {
    font-weight: 700;
  }
`;
