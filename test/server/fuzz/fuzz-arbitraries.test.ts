// The fuzzer's own generators: a fitting value must be drawn in bounded time, or the fuzz run hangs without
// any test timeout firing (fast-check filters retry synchronously). The one-time-link token was such a case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { boundedRepetition, fitting } from '../../support/fuzz/arbitraries.js';

const pool = fc.constant('pooled');

describe('fuzz generators', () => {
  it('draws one-time-link tokens of 43 to 64 URL-safe characters', () => {
    const schema = { type: 'string', minLength: 43, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };
    const tokens = fc.sample(fitting(schema, fc.constant('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')), {
      numRuns: 200,
      seed: 7,
    });
    for (const token of tokens) {
      assert.match(token as string, /^[A-Za-z0-9_-]{43,64}$/);
    }
  });

  it('gives a whole-string repetition the schema’s length bounds', () => {
    assert.equal(boundedRepetition('^[A-Za-z0-9_-]+$', 43, 64), '^[A-Za-z0-9_-]{43,64}$');
    assert.equal(boundedRepetition('^[a-z]*$', 0, 200), '^[a-z]{0,64}$');
    assert.equal(boundedRepetition('^[0-9]+$', 0, Infinity), '^[0-9]{1,65}$');
    assert.equal(boundedRepetition('^[a-z_]+(\\.[a-z_]+)*$', 1, 80), '^[a-z_]+(\\.[a-z_]+)*$');
  });

  it('refuses, rather than hangs on, a pattern whose values never fit the length', () => {
    const schema = { type: 'string', minLength: 50, maxLength: 60, pattern: '^(ab)+c$' };
    assert.throws(() => fitting(schema, pool), /rarely yields a fitting value/);
  });
});
