// The secrets a vote hands out and the keyed hashes the database keeps of them (packages/server/src/polls/codes.ts).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  ballotCodeHmac,
  hmac,
  newBallotCode,
  newReceipt,
  normalizeBallotCode,
} from '../../../packages/server/src/polls/codes.js';

describe('ballot codes, receipts and their keyed hashes', () => {
  it('hands out receipts of 128 random bits, none repeated across many refills of the pool', () => {
    const receipts = Array.from({ length: 5000 }, newReceipt);
    for (const receipt of receipts) assert.match(receipt, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(new Set(receipts).size, receipts.length);
    // Every bit position varies: the pool is refilled, not read past its end or left at zero.
    const bytes = receipts.map((receipt) => Buffer.from(receipt, 'base64url'));
    for (let bit = 0; bit < 128; bit++) {
      const ones = bytes.filter((b) => (b[bit >> 3]! >> (bit & 7)) & 1).length;
      assert.ok(ones > 2000 && ones < 3000, `bit ${bit} was set in ${ones} of 5000 receipts`);
    }
  });

  it('keeps HMAC-SHA256 under the secret, as stored hashes were made, and follows a changed secret', () => {
    const expected = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');
    assert.equal(hmac('secret-one', 'voter', 'token'), expected('secret-one', 'voter:token'));
    assert.equal(hmac('secret-two', 'receipt', 'r'), expected('secret-two', 'receipt:r'));
    assert.equal(hmac('secret-one', 'voter', 'token'), expected('secret-one', 'voter:token'));
    const code = newBallotCode();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    assert.equal(
      ballotCodeHmac('s', code.toLowerCase().replace('-', ' ')),
      expected('s', `ballot:${normalizeBallotCode(code)}`),
    );
    assert.equal(ballotCodeHmac('s', 'too-short'), null);
  });
});
