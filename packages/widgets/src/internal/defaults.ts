// Page-wide defaults for every widget's `site` and `api`: the script-tag bundle sets them from its own
// <script data-site src>; developers using the ESM build call setDefaults() or set attributes.
export interface WidgetDefaults {
  /** Site key (the script tag's `data-site`). */
  site?: string;
  /** Origin of the Courtyard service (the script tag's own `src` origin). */
  api?: string;
}

export const defaults: WidgetDefaults = {};

export function setDefaults(values: WidgetDefaults): void {
  Object.assign(defaults, values);
}

/** Reads `data-site` and the service origin from a script element (the bundle's `document.currentScript`). */
export function defaultsFromScript(script: HTMLOrSVGScriptElement | null): WidgetDefaults {
  if (!(script instanceof HTMLScriptElement) || !script.src) return {};
  const values: WidgetDefaults = { api: new URL(script.src, location.href).origin };
  const site = script.dataset.site;
  if (site) values.site = site;
  return values;
}
