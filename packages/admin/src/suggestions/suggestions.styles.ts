import { css } from 'lit';

export const suggestionsStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1.5rem;
    border: 0;
    padding: 0;
    margin: 0 0 1rem;
  }
  label,
  .field {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  textarea {
    min-height: 7rem;
  }
  article.item:focus-visible {
    outline: 3px solid var(--admin-focus);
  }
  .text {
    margin: 0.5rem 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .tag {
    font-weight: 700;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0.5rem 0 0;
  }
  a.open {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    padding: 0 0.25rem;
    color: var(--admin-text);
  }
  .detail {
    display: grid;
    gap: 1rem;
  }
  .detail section {
    background: var(--admin-surface);
    border: 1px solid var(--admin-border);
    border-radius: 0.75rem;
    padding: 1rem;
  }
  .detail h3 {
    font-size: 1.125rem;
  }
  dl.pairs {
    margin: 0 0 0.5rem;
  }
  img {
    max-width: 100%;
    height: auto;
    border-radius: 0.5rem;
  }
  form {
    display: grid;
    gap: 0.75rem;
  }
  .help {
    margin: 0.5rem 0;
    font-size: 0.9375rem;
  }
  .back {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    color: var(--admin-text);
  }
  @media (min-width: 56rem) {
    .detail {
      grid-template-columns: 1fr 1fr;
      align-items: start;
    }
    .detail .wide {
      grid-column: 1 / -1;
    }
  }
`;
