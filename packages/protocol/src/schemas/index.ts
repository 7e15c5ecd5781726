export * from './common.js';
export * from './health.js';
export * from './polls.js';
export * from './repairs.js';
export * from './site-config.js';
export * from './staff.js';
export * from './suggestions.js';
export * from './webhooks.js';
