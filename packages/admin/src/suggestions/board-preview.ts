// How a suggestion looks on residents' board, in the board widget's own words (its translations are imported,
// so the preview says exactly what the board says): status badge, text, date, official response, supports.
// They are read from the workspace's build, not through the package's public exports, which do not offer them.
import type { Language, PublicSuggestion } from '@courtyard/protocol';
import { css, html, nothing } from 'lit';
import { boardEn } from '../../../widgets/dist/components/suggestion-board/translations/en.js';
import { boardZhCN } from '../../../widgets/dist/components/suggestion-board/translations/zh-CN.js';

const boardText = { en: boardEn, 'zh-CN': boardZhCN } as const;

/** A suggestion as the board shows it, with the answer being drafted. */
export type PreviewInput = Pick<PublicSuggestion, 'text' | 'status' | 'respondedAt' | 'createdAt' | 'supportCount'> & {
  response: string;
};

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

export function renderBoardPreview(item: PreviewInput, language: Language) {
  const s = boardText[language];
  const date = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(iso));
  const response = item.response.trim();
  return html`<article class="board-item" lang=${language}>
    <span class="badge">${s[`status_${item.status}`]}</span>
    <p class="board-text">${item.text}</p>
    <p class="muted">${fill(s.boardSent, { date: date(item.createdAt) })}</p>
    ${
      response
        ? html`<div class="board-response">
            <strong>${fill(s.boardResponse, { date: date(item.respondedAt ?? new Date().toISOString()) })}</strong>
            <p class="board-text">${response}</p>
          </div>`
        : nothing
    }
    <p class="muted">${fill(s.boardSupports, { count: new Intl.NumberFormat(language).format(item.supportCount) })}</p>
  </article>`;
}

export const boardPreviewStyles = css`
  .board-item {
    border: 1px solid var(--admin-border);
    border-radius: 0.5rem;
    padding: 0.75rem 1rem;
    background: var(--admin-surface);
  }
  .board-text {
    margin: 0.5rem 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.875rem;
  }
  .board-response {
    background: var(--admin-page);
    border-radius: 0.5rem;
    padding: 0.75rem;
  }
`;
