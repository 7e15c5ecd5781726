// Types only (react.d.ts): importing this module registers nothing.
export {};
