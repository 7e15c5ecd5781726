/** Languages Courtyard ships complete. Host pages may override any string. */
export const Languages = ['zh-CN', 'en'] as const;
export type Language = (typeof Languages)[number];

/** Maps any BCP 47 tag to the closest shipped language (zh, zh-Hans, zh-TW → zh-CN; anything else → en). */
export function closestLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}
