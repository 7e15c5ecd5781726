// The device voter token: one vote or one support per device. Each "page load" here is a fresh instance
// of the module (a new URL), so what survives is only what the host page's storage kept.
import { expect } from '@open-wc/testing';

const KEY = 'courtyard:voter-token:v1';
let loads = 0;

/** The module as a newly loaded page gets it. */
async function freshPage(): Promise<{ voterToken: () => string; VOTER_TOKEN_STORAGE_KEY: string }> {
  loads += 1;
  return import(`../../packages/widgets/src/api/voter-token.ts?page=${loads}`);
}

function bytesOf(token: string): Uint8Array {
  const base64 = token.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (char) => char.charCodeAt(0));
}

/** Makes every call of `method` on `which` storages throw, as blocked or full storage does. */
function breakStorage(which: () => Storage[], methods: Array<'getItem' | 'setItem' | 'removeItem'>): () => void {
  const originals = methods.map((method) => [method, Storage.prototype[method]] as const);
  for (const [method, original] of originals) {
    Storage.prototype[method] = function (this: Storage, ...args: never[]) {
      if (which().includes(this)) throw new DOMException('The operation is insecure.', 'SecurityError');
      return (original as (...values: never[]) => unknown).apply(this, args);
    } as never;
  }
  return () => {
    for (const [method, original] of originals) Storage.prototype[method] = original as never;
  };
}

describe('voterToken()', () => {
  let restore: (() => void) | undefined;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
    localStorage.clear();
    sessionStorage.clear();
  });

  it('is at least 128 random bits in URL-safe characters, different on every new device', async () => {
    const tokens: string[] = [];
    for (let device = 0; device < 32; device++) {
      localStorage.clear();
      tokens.push((await freshPage()).voterToken());
    }
    expect(new Set(tokens).size).to.equal(tokens.length);
    for (const token of tokens) {
      expect(token).to.match(/^[A-Za-z0-9_-]+$/);
      expect(bytesOf(token).length * 8).to.be.at.least(128);
    }
    // Every one of the 128 bits takes both values across devices (a counter or a clock would not).
    const bytes = tokens.map(bytesOf);
    for (let bit = 0; bit < 128; bit++) {
      const values = new Set(bytes.map((token) => (token[bit >> 3]! >> (bit & 7)) & 1));
      expect(values.size, `bit ${bit}`).to.equal(2);
    }
  });

  it('stays the same across reads and page loads on one device, under a namespaced key', async () => {
    localStorage.setItem('voter-token', 'the host page’s own');
    const first = await freshPage();
    const token = first.voterToken();
    expect(first.voterToken()).to.equal(token);
    expect((await freshPage()).voterToken()).to.equal(token);

    expect(first.VOTER_TOKEN_STORAGE_KEY).to.equal(KEY);
    expect(localStorage.getItem(KEY)).to.equal(token);
    expect(localStorage.getItem('voter-token'), 'the host page’s keys are left alone').to.equal('the host page’s own');
    const ours = Object.keys(localStorage).filter((key) => key.startsWith('courtyard:'));
    expect(ours, 'no probe or other key is left behind').to.deep.equal([KEY]);
  });

  it('replaces a stored value that is not a token', async () => {
    for (const stored of ['', 'short', 'has spaces in it and is long enough']) {
      localStorage.setItem(KEY, stored);
      const token = (await freshPage()).voterToken();
      expect(token).to.not.equal(stored);
      expect(bytesOf(token).length).to.be.at.least(16);
      expect(localStorage.getItem(KEY)).to.equal(token);
    }
  });

  it('keeps the token in sessionStorage when localStorage throws', async () => {
    restore = breakStorage(() => [localStorage], ['getItem', 'setItem', 'removeItem']);
    const token = (await freshPage()).voterToken();
    expect(sessionStorage.getItem(KEY)).to.equal(token);
    expect((await freshPage()).voterToken(), 'a reload in the same tab keeps it').to.equal(token);
  });

  it('keeps the token in sessionStorage when even reading window.localStorage throws', async () => {
    const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    restore = () => {
      if (own) Object.defineProperty(window, 'localStorage', own);
      else delete (window as { localStorage?: Storage }).localStorage;
    };
    const token = (await freshPage()).voterToken();
    expect(sessionStorage.getItem(KEY)).to.equal(token);
  });

  it('keeps the token in memory for the page’s life when no storage works', async () => {
    restore = breakStorage(() => [localStorage, sessionStorage], ['getItem', 'setItem', 'removeItem']);
    const page = await freshPage();
    const token = page.voterToken();
    expect(bytesOf(token).length).to.be.at.least(16);
    expect(page.voterToken()).to.equal(token);
    restore();
    restore = undefined;
    expect(localStorage.getItem(KEY)).to.equal(null);
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('keeps one token when storage fills up after the check', async () => {
    // setItem works for the probe but the token itself does not fit (quota reached meanwhile).
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (key === KEY) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      original.call(this, key, value);
    };
    restore = () => {
      Storage.prototype.setItem = original;
    };
    const page = await freshPage();
    const token = page.voterToken();
    expect(page.voterToken()).to.equal(token);
  });
});
