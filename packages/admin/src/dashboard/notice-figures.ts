// The dashboard's notices card: open notices by kind with the households they reach, and what became of the
// notices published in the period. Two tables, so every figure is read out with its row and column.
import type { Language, NoticeKind } from '@courtyard/protocol';
import type { DashboardNotices } from '@courtyard/protocol/schemas';
import { html } from 'lit';

const en = {
  title: 'Notices',
  intro:
    'Households affected: those living where an open notice applies; a household under two notices counts once. Followers and offers are those of the notices published in the period.',
  openCaption: 'Open notices by kind',
  kind: 'Kind',
  open: 'Open',
  households: 'Households affected',
  kinds: { outage: 'Outage', works: 'Works', meeting: 'Meeting', general: 'General' } as Record<NoticeKind, string>,
  allKinds: 'All kinds',
  periodCaption: 'Notices in the period',
  figure: 'Figure',
  value: 'Value',
  published: 'Published',
  closed: 'Closed',
  medianToClose: 'From publishing to closing (median of those closed)',
  followers: 'Devices following the notices published',
  offersPending: 'Offers of help waiting',
  offersPublished: 'Offers of help shown',
  offersRejected: 'Offers of help rejected',
};

const zhCN: typeof en = {
  title: '通知公告',
  intro:
    '涉及户数：进行中的通知所涉及范围内的住户；一户同时涉及两条通知时只计一次。关注和互助信息按本时段发布的通知统计。',
  openCaption: '进行中的通知（按类型）',
  kind: '类型',
  open: '进行中',
  households: '涉及户数',
  kinds: { outage: '停水停电', works: '施工', meeting: '会议', general: '一般通知' },
  allKinds: '全部类型',
  periodCaption: '本时段的通知',
  figure: '项目',
  value: '数值',
  published: '已发布',
  closed: '已结束',
  medianToClose: '从发布到结束（已结束通知的中位数）',
  followers: '关注已发布通知的设备',
  offersPending: '待审核的互助信息',
  offersPublished: '已显示的互助信息',
  offersRejected: '已拒绝的互助信息',
};

const texts: Readonly<Record<Language, typeof en>> = { en, 'zh-CN': zhCN };

export interface NoticeFiguresView {
  language: Language;
  figures: DashboardNotices;
  number(value: number): string;
  duration(seconds: number | null): string;
}

export function renderNoticeFigures({ language, figures, number, duration }: NoticeFiguresView) {
  const t = texts[language];
  const open = figures.openByKind.reduce((sum, row) => sum + row.open, 0);
  const period: [string, string][] = [
    [t.published, number(figures.published)],
    [t.closed, number(figures.closed)],
    [t.medianToClose, duration(figures.medianSecondsToClose)],
    [t.followers, number(figures.followers)],
    [t.offersPending, number(figures.offers.pending)],
    [t.offersPublished, number(figures.offers.published)],
    [t.offersRejected, number(figures.offers.rejected)],
  ];
  return html`
    <section class="card" aria-labelledby="notices-title" data-figures="notices">
      <h3 id="notices-title">${t.title}</h3>
      <p class="muted">${t.intro}</p>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="notices-open-caption">
        <table>
          <caption id="notices-open-caption">${t.openCaption}</caption>
          <thead>
            <tr>
              <th scope="col">${t.kind}</th>
              <th scope="col" class="number">${t.open}</th>
              <th scope="col" class="number">${t.households}</th>
            </tr>
          </thead>
          <tbody>
            ${figures.openByKind.map(
              (row) => html`<tr>
                <th scope="row">${t.kinds[row.kind]}</th>
                <td class="number">${number(row.open)}</td>
                <td class="number">${number(row.households)}</td>
              </tr>`,
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">${t.allKinds}</th>
              <td class="number">${number(open)}</td>
              <td class="number">${number(figures.householdsAffected)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="notices-period-caption">
        <table>
          <caption id="notices-period-caption">${t.periodCaption}</caption>
          <thead>
            <tr><th scope="col">${t.figure}</th><th scope="col" class="number">${t.value}</th></tr>
          </thead>
          <tbody>
            ${period.map(([label, value]) => html`<tr><th scope="row">${label}</th><td class="number">${value}</td></tr>`)}
          </tbody>
        </table>
      </div>
    </section>
  `;
}
