// The webhooks screen's own look, on top of the console's baseStyles: forms, the endpoint list, the log table.
import { css } from 'lit';

export const webhooksStyles = css`
  section + section {
    margin-top: 1.5rem;
  }
  ul.endpoints {
    display: grid;
    gap: 0.75rem;
    padding: 0;
    margin: 0;
    list-style: none;
  }
  ul.endpoints li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--admin-border);
    border-radius: 0.5rem;
  }
  ul.endpoints a,
  .back {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    color: var(--admin-text);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  form {
    display: grid;
    gap: 1rem;
  }
  label {
    font-weight: 600;
  }
  .field label {
    display: block;
    margin-bottom: 0.25rem;
  }
  input:not([type='checkbox']),
  select {
    width: 100%;
  }
  .hint {
    margin: 0.25rem 0 0;
    color: var(--admin-muted);
    font-size: 0.9375rem;
  }
  fieldset[aria-invalid='true'] {
    border-color: var(--admin-error);
  }
  fieldset {
    margin: 0;
    padding: 0.5rem 1rem 0.75rem;
    border: 2px solid var(--admin-border);
    border-radius: 0.5rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  label.check {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 2.75rem;
    font-weight: 400;
  }
  label.check input {
    width: 1.375rem;
    height: 1.375rem;
    margin: 0;
    flex: none;
  }
  .secret {
    border-left: 0.3rem solid var(--admin-focus);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  .row input {
    flex: 1 1 16rem;
    font-family: ui-monospace, monospace;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border: 1px solid var(--admin-border);
    border-radius: 0.25rem;
    font-size: 0.9375rem;
  }
  .badge.failed {
    border-color: var(--admin-error);
    color: var(--admin-error);
    font-weight: 600;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    min-width: 36rem;
  }
  th[scope='row'] {
    font-weight: 400;
    white-space: nowrap;
  }
  code {
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }
  .status:empty {
    display: none;
  }
`;
