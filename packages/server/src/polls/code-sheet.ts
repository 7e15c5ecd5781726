// The printable code sheet: one card per household with its code, a QR code that opens the poll with the
// code filled in, and the link as text. No script and no inline style (its stylesheet is a file), QR codes
// as data: images, so it renders under a strict CSP, including inside the console's blob: window.
import QRCode from 'qrcode';
import type { IssuedCode } from './issue-codes.js';

export const CODE_SHEET_STYLESHEET = '/p/code-sheet.css';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A link's QR code as a data: URL (SVG), for this sheet and the console's own print sheet. */
export async function qrDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The issued codes as the JSON routes answer them: each with its QR code. */
export const withQrCodes = (codes: IssuedCode[]) =>
  Promise.all(codes.map(async (code) => ({ ...code, qrCode: await qrDataUrl(code.url) })));

export async function renderCodeSheet(title: string, codes: IssuedCode[]): Promise<string> {
  const cards = await Promise.all(
    codes.map(async (code) => {
      const qr = await qrDataUrl(code.url);
      const area = code.floorArea === null ? '' : `<p class="area">${code.floorArea} m²</p>`;
      return `<article class="card">
<h2>${escapeHtml(code.label)}</h2>${area}
<img class="qr" src="${qr}" alt="QR: ${escapeHtml(code.url)}" width="160" height="160">
<p class="code" lang="en">${escapeHtml(code.code)}</p>
<p class="how" lang="zh-CN">扫码或打开下方网址，输入表决码投票。每户一码，只能使用一次，请妥善保管。</p>
<p class="how" lang="en">Scan, or open the link and enter the code. One code per household, usable once; keep it safe.</p>
<p class="url">${escapeHtml(code.url)}</p>
</article>`;
    }),
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>表决码 Ballot codes — ${escapeHtml(title)}</title>
<link rel="stylesheet" href="${CODE_SHEET_STYLESHEET}">
</head><body>
<header><h1>${escapeHtml(title)}</h1>
<p class="note">表决码只显示这一次；遗失的表决码可作废并为该户补发。Codes are shown this once; a lost code is revoked and reissued for its household.</p></header>
<main class="sheet">
${cards.join('\n')}
</main></body></html>
`;
}

export const CODE_SHEET_CSS = `
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1rem; color: #111; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.note { font-size: .9rem; }
.sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .75rem; }
.card { border: 1px dashed #555; padding: .75rem; text-align: center; break-inside: avoid; page-break-inside: avoid; }
.card h2 { font-size: 1.2rem; margin: 0; }
.area { margin: .1rem 0; }
.qr { width: 40mm; height: 40mm; image-rendering: pixelated; }
.code { font: 700 1.5rem/1.2 ui-monospace, "Courier New", monospace; letter-spacing: .08em; margin: .25rem 0; }
.how { font-size: .8rem; margin: .2rem 0; }
.url { font-size: .65rem; word-break: break-all; color: #333; }
@media print {
  @page { size: A4; margin: 10mm; }
  body { margin: 0; }
  header .note { font-size: 8pt; }
  .sheet { grid-template-columns: repeat(3, 1fr); gap: 4mm; }
  .card { border-color: #000; }
}
`;
