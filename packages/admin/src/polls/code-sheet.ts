// The print sheet of new ballot codes: one card per household with its QR code and both languages' instructions;
// on paper only the cards print, nine to an A4 page.
import type { Language } from '@courtyard/protocol';
import { css, html, nothing } from 'lit';
import type { IssuedBallotCode } from '../api/polls.js';
import { formatNumber } from './messages.js';
import type { PollsText } from './translations.js';

export const codeSheetStyles = css`
  .sheet-cards {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    gap: 0.75rem;
    padding: 0;
    list-style: none;
  }
  .code-card {
    border: 1px dashed var(--admin-border);
    border-radius: 0.5rem;
    padding: 0.75rem;
    text-align: center;
    break-inside: avoid;
    page-break-inside: avoid;
  }
  .code-card h4 {
    margin: 0;
    font-size: 1.15rem;
  }
  .code-card img {
    width: 10rem;
    height: 10rem;
    image-rendering: pixelated;
  }
  .code {
    font: 700 1.4rem/1.2 ui-monospace, 'Courier New', monospace;
    letter-spacing: 0.08em;
    margin: 0.25rem 0;
  }
  .url {
    font-size: 0.7rem;
    word-break: break-all;
  }
  .print-title {
    display: none;
  }
  @media print {
    :host {
      color: #000;
    }
    .screen-only {
      display: none !important;
    }
    .card.sheet {
      border: none;
      padding: 0;
      background: none;
    }
    .print-title {
      display: block;
      font-size: 14pt;
    }
    .sheet-cards {
      grid-template-columns: repeat(3, 1fr);
      gap: 4mm;
    }
    .code-card {
      border: 1px dashed #000;
    }
    .code-card img {
      width: 38mm;
      height: 38mm;
    }
    /* Nine cards a page (three rows of three on A4): start a new page after each ninth. */
    .code-card:nth-child(9n) {
      break-after: page;
      page-break-after: always;
    }
  }
  @page {
    size: A4;
    margin: 10mm;
  }
`;

export function renderCodeSheet(t: PollsText, language: Language, title: string, issued: IssuedBallotCode[]) {
  return html`<section class="card sheet" aria-labelledby="sheet-title">
    <h3 id="sheet-title" class="screen-only">${t.sheet}</h3>
    <p class="print-title">${title}</p>
    <div class="actions screen-only">
      <button type="button" class="primary" @click=${() => window.print()}>${t.print}</button>
    </div>
    <ul class="sheet-cards">
      ${issued.map(
        (code) => html`<li class="code-card">
          <h4>${code.label}</h4>
          ${code.floorArea === null ? nothing : html`<p>${formatNumber(code.floorArea, language)} m²</p>`}
          <img src=${code.qrCode} alt=${`QR: ${code.url}`} width="160" height="160" />
          <p class="code" lang="en">${code.code}</p>
          <p lang="zh-CN">扫码或打开下方网址，输入表决码投票。每户一码，只能使用一次。</p>
          <p lang="en">Scan, or open the link and enter the code. One code per household, usable once.</p>
          <p class="url">${code.url}</p>
        </li>`,
      )}
    </ul>
  </section>`;
}
