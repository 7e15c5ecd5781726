// The console's screens, in menu order. Each is a custom element under packages/admin/src/<area>/ that the
// shell shows at /admin/<area>[/…]; see packages/admin/README.md for what a screen receives.
import type { Language } from '@courtyard/protocol';

export interface Screen {
  /** The first path segment after /admin/ ('' for the home screen). */
  area: string;
  /** The element's tag, registered in admin-app.define.ts. */
  tag: string;
  /** The menu label in each language. */
  label: Record<Language, string>;
  /** Only administrators see and may open it (the server checks the role again on every request). */
  adminOnly?: boolean;
}

export const screens: Screen[] = [
  { area: '', tag: 'courtyard-admin-home', label: { en: 'Home', 'zh-CN': '首页' } },
  { area: 'repairs', tag: 'courtyard-admin-repairs', label: { en: 'Repairs', 'zh-CN': '报修' } },
  { area: 'notices', tag: 'courtyard-admin-notices', label: { en: 'Notices', 'zh-CN': '通知公告' } },
  { area: 'dashboard', tag: 'courtyard-admin-dashboard', label: { en: 'Dashboard', 'zh-CN': '数据概览' } },
  { area: 'inbox', tag: 'courtyard-admin-inbox', label: { en: 'Inbox', 'zh-CN': '待办' } },
  { area: 'record', tag: 'courtyard-admin-record', label: { en: 'Record on behalf', 'zh-CN': '代为登记' } },
  { area: 'suggestions', tag: 'courtyard-admin-suggestions', label: { en: 'Suggestions', 'zh-CN': '居民建议' } },
  { area: 'polls', tag: 'courtyard-admin-polls', label: { en: 'Polls', 'zh-CN': '投票' } },
  { area: 'topics', tag: 'courtyard-admin-topics', label: { en: 'Topics', 'zh-CN': '议事协商' } },
  { area: 'rotas', tag: 'courtyard-admin-rotas', label: { en: 'Duty rotas', 'zh-CN': '值日表' } },
  { area: 'sites', tag: 'courtyard-admin-sites', label: { en: 'Sites', 'zh-CN': '站点' }, adminOnly: true },
  { area: 'staff', tag: 'courtyard-admin-staff', label: { en: 'Staff', 'zh-CN': '工作人员' }, adminOnly: true },
  { area: 'audit', tag: 'courtyard-admin-audit', label: { en: 'Audit log', 'zh-CN': '操作记录' }, adminOnly: true },
  {
    area: 'webhooks',
    tag: 'courtyard-admin-webhooks',
    label: { en: 'Notifications', 'zh-CN': '消息通知' },
    adminOnly: true,
  },
];

/** The screen for a path under /admin, with the path segments after its area. */
export function screenFor(pathname: string): { screen: Screen | undefined; route: string[] } {
  const segments = pathname
    .replace(/^\/admin\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  const area = segments[0] ?? '';
  return { screen: screens.find((screen) => screen.area === area), route: segments.slice(1) };
}

export function screenPath(screen: Screen): string {
  return screen.area ? `/admin/${screen.area}` : '/admin';
}
