// The Polls screen's shared look: form fields, tables that scroll on a phone, and the print sheet.
import { css } from 'lit';

export const pollStyles = css`
  section {
    margin: 0 0 1.5rem;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin: 0.75rem 0 0.25rem;
  }
  fieldset {
    border: 1px solid var(--admin-border);
    border-radius: 0.5rem;
    margin: 1rem 0;
    padding: 0.5rem 1rem 1rem;
    min-width: 0;
  }
  input[type='text'],
  input[type='url'],
  input[type='number'],
  input[type='datetime-local'],
  textarea,
  select {
    width: 100%;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: end;
  }
  .row > .grow {
    flex: 1 1 12rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  .hint {
    color: var(--admin-muted);
    font-size: 0.9rem;
    margin: 0.25rem 0;
  }
  caption {
    padding: 0.25rem 0;
  }
  td.number,
  th.number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  a {
    color: var(--admin-focus);
  }
  .status {
    min-height: 1.6rem;
    margin: 0.5rem 0;
  }
  .ok {
    font-weight: 600;
  }
  .verdict {
    font-size: 1.15rem;
    font-weight: 700;
  }
  progress {
    width: 100%;
    height: 1rem;
  }
`;

export const chartStyles = css`
  .chart {
    display: grid;
    gap: 0.5rem;
    margin: 0.5rem 0 1rem;
  }
  .bar-row {
    display: grid;
    grid-template-columns: minmax(4rem, 10rem) 1fr 3rem;
    gap: 0.5rem;
    align-items: center;
  }
  .bar-label {
    overflow-wrap: anywhere;
  }
  .bar-track {
    width: 100%;
    height: 1.5rem;
    background: var(--admin-page);
    border: 1px solid var(--admin-border);
  }
  .bar {
    fill: var(--admin-accent);
  }
  .bar-value {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
`;
