// Strings of the erase button, in both languages (same keys).
import type { Translations } from '../internal/localize.js';

const en = {
  erase: 'Erase contact details…',
  help: 'When the resident asks (by phone or in person). Name, phone, email, room and private photos are deleted for good; the request itself stays. Recorded in the audit log with your name.',
  confirm: 'Yes, erase them',
  cancel: 'Cancel',
  confirmHint: 'This cannot be undone. Erase the contact details now?',
  erasing: 'Erasing…',
  erased: (photos: number) =>
    photos > 0 ? `Contact details and ${photos} private photo(s) erased.` : 'Contact details erased.',
  nothingLeft: 'Nothing was left to erase.',
  errors: {
    COURTYARD_NOT_FOUND: 'This was not found. It may belong to another community.',
    COURTYARD_UNAUTHENTICATED: 'Your session has ended. Sign in again.',
    network: 'The server could not be reached. Try again.',
    unexpected: 'Erasing failed on the server. Try again in a moment.',
  } as Record<string, string>,
};

export type EraseTranslation = typeof en;

const zhCN: EraseTranslation = {
  erase: '删除联系方式…',
  help: '居民（电话或当面）要求时使用。姓名、电话、邮箱、房号和未公开的照片将被永久删除，诉求本身保留。操作会以你的名字记入审计日志。',
  confirm: '确认删除',
  cancel: '取消',
  confirmHint: '删除后无法恢复。现在删除联系方式吗？',
  erasing: '正在删除…',
  erased: (photos) => (photos > 0 ? `已删除联系方式和 ${photos} 张未公开照片。` : '已删除联系方式。'),
  nothingLeft: '已没有可删除的内容。',
  errors: {
    COURTYARD_NOT_FOUND: '找不到此条目，可能属于其他社区。',
    COURTYARD_UNAUTHENTICATED: '登录已过期，请重新登录。',
    network: '无法连接服务器，请重试。',
    unexpected: '服务器删除失败，请稍后再试。',
  },
};

export const translations: Translations<EraseTranslation> = { en, 'zh-CN': zhCN };
