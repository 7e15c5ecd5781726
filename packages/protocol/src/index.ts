// Browser-safe entry: error codes, enums and types only. Schemas live at '@courtyard/protocol/schemas'
// so widgets never pull a schema library into the script-tag bundle. The statuses' words are at
// '@courtyard/protocol/status-labels' (one module per language), so each lands only in the strings of the
// language that uses it instead of in the script tag's core file, which holds this entry.

export type * from './admin-manage-types.js';
export * from './enums.js';
export * from './errors.js';
export * from './languages.js';
export * from './limits.js';
export * from './notices.js';
export * from './proof-of-work.js';
export * from './rota.js';
export * from './sources.js';
export * from './suggestions.js';
export * from './topics.js';
export type * from './types.js';
export * from './webhooks.js';
