import { readFileSync } from 'node:fs';

/** The server package's version: the embed bundle is served under it and the API reference shows it. */
export const version: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
