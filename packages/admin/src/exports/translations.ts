// Strings of the export button, in both languages (same keys).
import type { Translations } from '../internal/localize.js';

const en = {
  export: 'Export CSV',
  cancel: 'Cancel export',
  starting: 'Starting the export…',
  progress: (rows: string, total: string | undefined, size: string) =>
    total === undefined ? `${rows} rows received (${size})` : `${rows} of ${total} rows received (${size})`,
  saved: (filename: string, rows: string) => `Saved ${filename} (${rows} rows).`,
  cancelled: 'Export cancelled.',
  progressLabel: 'Export progress',
  errors: {
    COURTYARD_FORBIDDEN: 'Only administrators can export this list.',
    COURTYARD_UNAUTHENTICATED: 'Your session has ended. Sign in again to export.',
    COURTYARD_NOT_FOUND: 'This list was not found.',
    network: 'The export was interrupted: the server could not be reached. Try again.',
    unexpected: 'The export failed on the server. Try again in a moment.',
  } as Record<string, string>,
};

export type ExportTranslation = typeof en;

const zhCN: ExportTranslation = {
  export: '导出 CSV',
  cancel: '取消导出',
  starting: '正在开始导出…',
  progress: (rows, total, size) =>
    total === undefined ? `已接收 ${rows} 行（${size}）` : `已接收 ${rows} / ${total} 行（${size}）`,
  saved: (filename, rows) => `已保存 ${filename}（${rows} 行）。`,
  cancelled: '已取消导出。',
  progressLabel: '导出进度',
  errors: {
    COURTYARD_FORBIDDEN: '只有管理员可以导出此列表。',
    COURTYARD_UNAUTHENTICATED: '登录已过期，请重新登录后再导出。',
    COURTYARD_NOT_FOUND: '找不到此列表。',
    network: '导出中断：无法连接服务器，请重试。',
    unexpected: '服务器导出失败，请稍后再试。',
  },
};

export const translations: Translations<ExportTranslation> = { en, 'zh-CN': zhCN };
