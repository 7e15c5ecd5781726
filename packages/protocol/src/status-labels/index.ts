// '@courtyard/protocol/status-labels': the one wording of every repair, topic and suggestion status, per
// language. A separate entry, not the main one: the script tag puts the main entry and everything it re-exports
// into the file every page loads (packages/widgets/build/embed-plugin.mjs), whereas these labels, imported from
// here, go only into the strings file of the widget and language that uses them. Each language is its own
// module, so a bundle that uses one language's labels leaves the other's out.
export * from './en.js';
export type * from './types.js';
export * from './zh-CN.js';
