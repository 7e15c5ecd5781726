// The names of where a suggestion or repair arrived, in both languages: one table for the recording form,
// the dashboard and the detail views (the list itself is SUBMISSION_SOURCES in @courtyard/protocol).
import type { Language, SubmissionSource } from '@courtyard/protocol';

const sourceNames: Record<Language, Record<SubmissionSource, string>> = {
  en: {
    widget: 'Web form',
    open311: 'Open311 (another system)',
    'wechat-group': 'WeChat group',
    phone: 'Phone call',
    visit: 'Visit or at the door',
    paper: 'On paper',
    'hotline-12345': '12345 hotline',
  },
  'zh-CN': {
    widget: '网页表单',
    open311: 'Open311（其他系统）',
    'wechat-group': '微信群',
    phone: '电话',
    visit: '上门或来访',
    paper: '纸质',
    'hotline-12345': '12345 热线',
  },
};

export function sourceName(language: Language, source: string): string {
  return sourceNames[language][source as SubmissionSource] ?? source;
}
