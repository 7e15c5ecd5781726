// The wire contract as the browser sees it: the widgets import these helpers, so they must run in Chromium.
import { expect } from '@open-wc/testing';
import { ErrorCodes, isErrorBody } from '../../packages/protocol/src/errors.js';
import { closestLanguage } from '../../packages/protocol/src/languages.js';

describe('closestLanguage', () => {
  it('maps every Chinese tag to zh-CN', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-TW', 'ZH-hk']) expect(closestLanguage(tag)).to.equal('zh-CN');
  });

  it('maps English tags to en', () => {
    for (const tag of ['en', 'en-GB', 'EN-us']) expect(closestLanguage(tag)).to.equal('en');
  });

  it('has no answer for languages Courtyard does not ship or for no tag', () => {
    expect(closestLanguage('fr-FR')).to.equal(undefined);
    expect(closestLanguage('english')).to.equal(undefined);
    expect(closestLanguage('')).to.equal(undefined);
    expect(closestLanguage(null)).to.equal(undefined);
  });

  it('resolves the browser language this test runs in', () => {
    const expected = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
    expect(closestLanguage(navigator.language) ?? 'en').to.equal(expected);
  });
});

describe('isErrorBody', () => {
  it('accepts the one error shape with a known code', async () => {
    const response = new Response(
      JSON.stringify({ error: { code: ErrorCodes.RATE_LIMITED, message: 'Too many requests.' } }),
      { status: 429, headers: { 'content-type': 'application/json' } },
    );
    expect(isErrorBody(await response.json())).to.equal(true);
  });

  it('refuses unknown codes, missing messages and other shapes', () => {
    expect(isErrorBody({ error: { code: 'SOMETHING_ELSE', message: 'x' } })).to.equal(false);
    expect(isErrorBody({ error: { code: ErrorCodes.VALIDATION } })).to.equal(false);
    expect(isErrorBody({ error: 'COURTYARD_VALIDATION' })).to.equal(false);
    expect(isErrorBody({ message: 'Not found' })).to.equal(false);
    expect(isErrorBody(null)).to.equal(false);
    expect(isErrorBody('COURTYARD_VALIDATION')).to.equal(false);
  });
});
