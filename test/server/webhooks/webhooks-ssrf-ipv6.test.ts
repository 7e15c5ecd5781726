// The SSRF guard and IPv6: only global unicast is reachable, and no IPv6 form may smuggle a private IPv4
// address past it (6to4, NAT64, IPv4-mapped and translated forms), nor a site-local or Teredo address.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendAttempt } from '../../../packages/server/src/webhooks/send.js';
import { guardedLookup, isPrivateAddress, refusalOf } from '../../../packages/server/src/webhooks/ssrf.js';
import { allowedIpv6, refusedIpv6 } from '../../support/ssrf-addresses.js';

describe('the webhook SSRF guard on IPv6', () => {
  for (const [kind, addresses] of Object.entries(refusedIpv6)) {
    it(`refuses ${kind}`, () => {
      for (const address of addresses) assert.equal(isPrivateAddress(address), true, address);
      for (const address of addresses.filter((address) => !address.includes('%'))) {
        assert.match(refusalOf(`https://[${address}]/hook`, false) ?? '', /^it points to/, address);
        assert.equal(refusalOf(`https://[${address}]/hook`, true), null, `${address} when private targets are allowed`);
      }
    });
  }

  it('allows global unicast addresses', () => {
    for (const address of allowedIpv6) {
      assert.equal(isPrivateAddress(address), false, address);
      assert.equal(refusalOf(`https://[${address}]:8443/hook`, false), null, address);
    }
  });

  it('refuses a literal address at connect time too, and sends nothing', async () => {
    const lookup = guardedLookup(false);
    for (const address of ['2002:7f00:1::', '64:ff9b:1::7f00:1', 'fec0::1']) {
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        lookup(address, { all: true }, (err) => resolve(err)),
      );
      assert.equal(error?.code, 'EREFUSED', address);
    }
    const result = await sendAttempt({
      url: 'http://[2001::1]/hook',
      body: '{}',
      headers: {},
      timeoutMs: 1000,
      allowPrivate: false,
    });
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? '', /^refused: it points to/);
  });
});
