// The request fingerprint behind Idempotency-Key checks: the same request hashes alike whatever the order of
// its JSON keys, and any other value hashes differently.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, requestHash } from '../../../packages/server/src/idempotency/request-hash.js';

/**
 * The first, plainer implementation. Keys stored before an upgrade hold hashes it made, so the faster one
 * must write exactly the same text, or a resident's retry across the upgrade would be refused as reused.
 */
function plainCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(plainCanonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${plainCanonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

describe('request fingerprints', () => {
  it('writes JSON with sorted keys at every depth, skipping undefined members, as it always has', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(canonicalJson(value), plainCanonicalJson(value));
      }),
      { numRuns: 500, seed: 278 },
    );
    assert.equal(canonicalJson({ b: 1, a: [{ d: undefined, c: '三' }], e: undefined }), '{"a":[{"c":"三"}],"b":1}');
    assert.equal(canonicalJson({ 0: 0, '': [] }), '{"":[],"0":0}');
    assert.equal(canonicalJson(undefined), 'null');
  });

  it('hashes reordered keys alike and other values apart, and files by their bytes', () => {
    const base = { method: 'POST', route: '/suggestions', siteId: 's', params: { siteKey: 'demo' } };
    const hash = (body: unknown) => requestHash({ ...base, body });
    assert.equal(hash({ text: '电梯', categoryId: 'c' }), hash({ categoryId: 'c', text: '电梯' }));
    assert.notEqual(hash({ text: '电梯' }), hash({ text: '电梯 ' }));
    assert.notEqual(hash({ text: '1' }), hash({ text: 1 }));
    assert.equal(hash({ photo: new Uint8Array([1, 2]) }), hash({ photo: Buffer.from([1, 2]) }));
    assert.notEqual(hash({ photo: new Uint8Array([1, 2]) }), hash({ photo: new Uint8Array([2, 1]) }));
  });
});
