// How a notice names its kind and its place for residents (the hosted notice page) and chat groups (the
// webhook card), in the community's language: one wording for both.
import type { Language, NoticeKind } from '@courtyard/protocol';

const words = {
  'zh-CN': {
    kinds: { outage: '停水停电', works: '施工', meeting: '会议', general: '通知' } satisfies Record<NoticeKind, string>,
    community: '全小区',
    floors: (from: number, to: number) => (from === to ? `${from}层` : `${from}–${to}层`),
    separator: ' ',
  },
  en: {
    kinds: { outage: 'Outage', works: 'Works', meeting: 'Meeting', general: 'Notice' } satisfies Record<
      NoticeKind,
      string
    >,
    community: 'Whole community',
    floors: (from: number, to: number) => (from === to ? `floor ${from}` : `floors ${from}–${to}`),
    separator: ', ',
  },
} as const;

/** Where a notice applies, as its wire or event data describes it. */
export interface NoticePlace {
  type: string;
  buildingName: string | null;
  unitName: string | null;
  floorFrom: number | null;
  floorTo: number | null;
}

/** The kind of notice in words (停水停电, Works…); an unknown kind as it is. */
export function noticeKindLabel(kind: string, language: Language): string {
  return (words[language].kinds as Record<string, string>)[kind] ?? kind;
}

/** A place's parts (building, unit, floors) joined as the language writes them; empty parts left out. */
export function placeLabel(parts: readonly (string | null | undefined)[], language: Language): string {
  return parts.filter(Boolean).join(words[language].separator);
}

/** Where a notice applies: the whole community, or its building, unit and floors. */
export function noticeScopeLabel(scope: NoticePlace, language: Language): string {
  const t = words[language];
  if (scope.type === 'community') return t.community;
  const floors = scope.floorFrom !== null && scope.floorTo !== null ? t.floors(scope.floorFrom, scope.floorTo) : null;
  return placeLabel([scope.buildingName, scope.unitName, floors], language);
}
