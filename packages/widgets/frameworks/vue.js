// Types only (vue.d.ts): importing this module registers nothing.
export {};
