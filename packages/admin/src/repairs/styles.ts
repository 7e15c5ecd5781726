// The Repairs screen's look: board columns that wrap (one column on a phone), cards, the detail's panels.
import { css } from 'lit';

export const repairsStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
    align-items: flex-end;
    margin: 0 0 1rem;
    padding: 0;
    border: 0;
  }
  .filters legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.25rem;
  }
  label,
  .label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .board {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    gap: 1rem;
    align-items: start;
  }
  .column {
    background: var(--admin-surface);
    border: 1px solid var(--admin-border);
    border-radius: 0.75rem;
    padding: 0.75rem;
    min-width: 0;
  }
  .column h3 {
    display: flex;
    justify-content: space-between;
    gap: 0.5rem;
    font-size: 1.05rem;
    margin: 0 0 0.5rem;
  }
  ul.cards,
  ol.timeline {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .repair-card {
    border: 1px solid var(--admin-border);
    border-radius: 0.5rem;
    padding: 0.5rem 0.75rem;
    overflow-wrap: anywhere;
  }
  .repair-card h4 {
    margin: 0;
    font-size: 1rem;
  }
  .repair-card a {
    display: inline-block;
    min-height: 1.5rem;
    padding: 0.6rem 0;
    color: var(--admin-text);
  }
  .repair-card p {
    margin: 0.25rem 0 0;
  }
  .clip {
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0 0 1rem;
  }
  .toolbar p {
    margin: 0;
  }
  .back {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    color: var(--admin-text);
  }
  .detail {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: 1rem;
    align-items: start;
  }
  .detail > section {
    display: grid;
    gap: 1rem;
    min-width: 0;
  }
  dl.pairs {
    grid-template-columns: minmax(6rem, max-content) 1fr;
  }
  .description {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0;
  }
  figure {
    margin: 0 0 1rem;
  }
  figure img {
    display: block;
    max-width: 100%;
    height: auto;
    border-radius: 0.5rem;
    border: 1px solid var(--admin-border);
  }
  figcaption {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin-top: 0.25rem;
  }
  form {
    display: grid;
    gap: 0.75rem;
  }
  fieldset.choice {
    margin: 0;
    padding: 0;
    border: 0;
  }
  fieldset.choice legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.25rem;
  }
  .radio {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: 2.75rem;
    font-weight: 400;
    margin: 0;
  }
  .radio input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    flex: none;
  }
  .timeline li {
    border-left: 0.25rem solid var(--admin-border);
    padding: 0.25rem 0 0.25rem 0.75rem;
    overflow-wrap: anywhere;
  }
  .timeline li.internal {
    border-left-style: dashed;
  }
  .timeline p {
    margin: 0.125rem 0 0;
    white-space: pre-wrap;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border: 1px solid var(--admin-border);
    border-radius: 1rem;
    font-size: 0.875rem;
  }
  .phone {
    font-size: 1.25rem;
    font-weight: 700;
    letter-spacing: 0.03em;
  }
  a.tel {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    color: var(--admin-text);
  }
  .hint {
    margin: 0;
    font-size: 0.9rem;
  }
  .notice:empty {
    display: none;
  }
  .notice {
    margin: 0 0 1rem;
    padding: 0.75rem 1rem;
    border-left: 0.3rem solid var(--admin-focus);
    background: var(--admin-surface);
  }
`;
