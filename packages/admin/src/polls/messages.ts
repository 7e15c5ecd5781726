// Numbers in the console's language.

export const formatNumber = (value: number, language: string, digits = 2) =>
  new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);

export const formatPercent = (part: number, whole: number, language: string) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(whole > 0 ? part / whole : 0);
