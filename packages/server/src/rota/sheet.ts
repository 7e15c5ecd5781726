// The printable rota sheet for the notice board by each unit door: A4, both languages, a table of the week
// or month (who is on duty each day, by room or chosen name) and a QR code to the page where households
// sign up. No script and no inline style (its stylesheet is a file), the QR code a data: image, so it
// renders under the strictest CSP.
import type { RotaDayBody } from '@courtyard/protocol/schemas';
import { qrDataUrl } from '../polls/code-sheet.js';
import type { RotaWithPlace } from '../repositories/rotas.js';
import { escapeHtml } from '../routes/pages/hosted-page.js';

export const ROTA_SHEET_STYLESHEET = '/p/rota-sheet.css';

const WEEKDAYS = {
  'zh-CN': ['一', '二', '三', '四', '五', '六', '日'].map((day) => `周${day}`),
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

export async function renderRotaSheet(input: {
  rota: RotaWithPlace;
  community: string;
  days: RotaDayBody[];
  signUpUrl: string;
}): Promise<string> {
  const { rota, days } = input;
  const place = [rota.buildingName, rota.unitName].filter(Boolean).join(' ');
  const floors =
    rota.floorFrom !== null && rota.floorTo !== null
      ? ` ${rota.floorFrom}–${rota.floorTo}层 / floors ${rota.floorFrom}–${rota.floorTo}`
      : '';
  const first = days[0]?.date ?? '';
  const last = days.at(-1)?.date ?? '';
  const rowsHtml = days
    .map((day) => {
      const names = day.covered
        ? [
            ...day.duties.map((duty) => `<li>${escapeHtml(duty.name)}${duty.doneAt ? ' ✓' : ''}</li>`),
            ...Array.from({ length: day.open }, () => '<li class="blank">＿＿＿＿＿</li>'),
          ].join('')
        : '<li class="off">—</li>';
      const weekday = `${WEEKDAYS['zh-CN'][day.weekday - 1]} <span lang="en">${WEEKDAYS.en[day.weekday - 1]}</span>`;
      return `<tr><th scope="row"><time datetime="${day.date}">${day.date.slice(5)}</time> ${weekday}</th><td><ul>${names}</ul></td></tr>`;
    })
    .join('\n');
  const qr = await qrDataUrl(input.signUpUrl);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>值日表 Duty rota — ${escapeHtml(rota.title)}</title>
<link rel="stylesheet" href="${ROTA_SHEET_STYLESHEET}">
<link rel="icon" href="data:,">
</head><body>
<header>
<p>${escapeHtml(input.community)}</p>
<h1>${escapeHtml(rota.title)} <span lang="en">Duty rota</span></h1>
<p>${escapeHtml(place)}${escapeHtml(floors)}</p>
<p>任务 <span lang="en">Tasks</span>：${rota.tasks.map(escapeHtml).join('、')}</p>
</header>
<main>
<table>
<caption>值日安排 <span lang="en">Who is on duty</span> ${first} – ${last}</caption>
<thead><tr><th scope="col">日期 <span lang="en">Day</span></th><th scope="col">值日户 <span lang="en">Households</span></th></tr></thead>
<tbody>
${rowsHtml}
</tbody>
</table>
<aside class="signup">
<img class="qr" src="${qr}" alt="QR: ${escapeHtml(input.signUpUrl)}" width="160" height="160">
<p>扫码报名值日、换班或标记已完成。空格处也可以直接写上房号。</p>
<p lang="en">Scan to sign up, swap a day or mark it done. You may also write your room in an empty place.</p>
<p class="url">${escapeHtml(input.signUpUrl)}</p>
</aside>
</main></body></html>
`;
}

export const ROTA_SHEET_CSS = `
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1rem; color: #111; }
h1 { font-size: 1.5rem; margin: .25rem 0; }
header p { margin: .2rem 0; }
main { display: grid; grid-template-columns: 1fr 45mm; gap: 1rem; align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: 1rem; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
th, td { border: 1px solid #333; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.blank { color: #777; }
.off { color: #777; }
.signup { text-align: center; font-size: .85rem; }
.qr { width: 40mm; height: 40mm; image-rendering: pixelated; }
.url { font-size: .65rem; word-break: break-all; }
@media (max-width: 40rem) { main { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4; margin: 10mm; }
  body { margin: 0; }
  table { font-size: 10pt; }
  th, td { padding: 1.5mm 2mm; }
}
`;
