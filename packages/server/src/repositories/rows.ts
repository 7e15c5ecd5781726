/** The rows of a raw `execute`: postgres.js returns them as an array, PGlite as `{ rows }`. */
export function rows<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Row[];
}
