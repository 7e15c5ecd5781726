// The Notices screen's look, beyond the repairs screen's panels, timeline and forms that it shares.
import { css } from 'lit';

export const noticesStyles = css`
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
  }
  .fields > div {
    flex: 1 1 14rem;
    min-width: 0;
  }
  .fields select,
  .fields input:not(.floor) {
    width: 100%;
  }
  input.floor {
    width: 8rem;
  }
  input[name='title'] {
    width: 100%;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  ul.offers {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  ul.offers li {
    border-top: 1px solid var(--admin-border);
    padding-top: 0.75rem;
  }
  ul.offers {
    margin-top: 0.75rem;
  }
  ul.offers p {
    margin: 0 0 0.25rem;
  }
  .card > .description {
    margin-top: 0.75rem;
  }
  /* The file picker's button is a 44px target like every other button. */
  input[type='file'] {
    max-width: 100%;
    font: inherit;
  }
  input[type='file']::file-selector-button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    margin-inline-end: 0.75rem;
    border-radius: 0.5rem;
    border: 2px solid var(--admin-border);
    background: transparent;
    color: var(--admin-text);
    cursor: pointer;
  }
  .timeline img {
    display: block;
    max-width: min(100%, 24rem);
    height: auto;
    margin-top: 0.5rem;
    border-radius: 0.5rem;
    border: 1px solid var(--admin-border);
  }
  /* On a phone the table keeps readable columns and scrolls sideways in its region. */
  table {
    min-width: 40rem;
  }
  tbody th {
    font-weight: 400;
  }
  tbody th a {
    display: inline-block;
    padding: 0.5rem 0;
    color: var(--admin-text);
    font-weight: 600;
  }
`;
