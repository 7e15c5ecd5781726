// The first request every widget makes on a page: the site's public configuration.
import type { Bench } from './run.js';

const bench: Bench = {
  name: 'GET /api/v1/sites/demo/config',
  baseline: { method: 'GET', path: '/select' },
  prepare:
    async ({ courtyard, load }) =>
    (durationSeconds) =>
      load({ url: `${courtyard.url}/api/v1/sites/demo/config`, headers: { origin: courtyard.url }, durationSeconds }),
};

export default bench;
