import { css } from 'lit';

export const rotaStyles = css`
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
  }
  th,
  td {
    border-top: 1px solid var(--_border);
    padding: 0.375rem;
    text-align: start;
    vertical-align: top;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li button {
    margin-inline-start: 0.5rem;
  }
  label.choice {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: 2.75rem;
  }
`;
