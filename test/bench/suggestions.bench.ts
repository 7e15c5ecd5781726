// A resident sending a suggestion: the public write path (tenancy, rate limits, validation, the
// Idempotency-Key's row, the suggestion and its event in one transaction), against a bare single insert.
import type { Bench } from './run.js';

const body = { text: '三号楼电梯经常坏，老人上下楼很不方便，希望尽快维修或更换。' };

const bench: Bench = {
  name: 'POST /api/v1/sites/demo/suggestions',
  baseline: { method: 'POST', path: '/insert', body, idempotent: true },
  target: { ratio: 0.6, p99Ms: 30 },
  prepare:
    async ({ courtyard, load }) =>
    (durationSeconds) =>
      load({
        url: `${courtyard.url}/api/v1/sites/demo/suggestions`,
        method: 'POST',
        body,
        headers: { origin: courtyard.url },
        idempotent: true,
        durationSeconds,
      }),
};

export default bench;
