import { isFlowwiseError, verifyCheckoutUrl } from '@flowwise/react';
import { describe, expect, it } from 'vitest';

const allowed = ['https://payments.flowwise.com'];

function rejection(url: unknown, origins: readonly string[] = allowed) {
  try {
    verifyCheckoutUrl(url, origins);
  } catch (error) {
    expect(isFlowwiseError(error)).toBe(true);
    return error as { kind: string; code?: string };
  }
  throw new Error(`expected ${JSON.stringify(url)} to be refused`);
}

const hostile: Array<[string, unknown]> = [
  ['javascript:', 'javascript:alert(1)'],
  ['upper-case JAVASCRIPT:', 'JAVASCRIPT:alert(1)'],
  ['javascript: after leading whitespace', '  javascript:alert(1)'],
  ['javascript: with a tab inside', 'java\tscript:alert(1)'],
  ['javascript: with a newline inside', 'java\nscript:alert(1)'],
  ['javascript: after a NUL', '\u0000javascript:alert(1)'],
  ['javascript: with a trailing control character', 'javascript:alert(1)\u001f'],
  ['data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['file:', 'file:///etc/passwd'],
  ['blob:', 'blob:https://payments.flowwise.com/0b3c5c8e'],
  ['http: on the allowed host', 'http://payments.flowwise.com/checkout/1'],
  ['protocol-relative', '//evil.example/checkout'],
  ['relative path', '/checkout/1'],
  ['userinfo trick', 'https://payments.flowwise.com@evil.example/checkout'],
  ['userinfo with password', 'https://user:pass@payments.flowwise.com/checkout'],
  ['look-alike suffix', 'https://payments.flowwise.com.evil.example/checkout'],
  ['look-alike prefix', 'https://evilpayments.flowwise.com/checkout'],
  ['sibling subdomain', 'https://app.flowwise.com/checkout'],
  ['other port', 'https://payments.flowwise.com:8443/checkout'],
  ['IDN homograph (Cyrillic о)', 'https://payments.flоwwise.com/checkout'],
  ['punycode homograph', 'https://payments.xn--flwwise-3of.com/checkout'],
  ['backslash host confusion', 'https:\\\\evil.example/checkout'],
  ['backslash in path', 'https://payments.flowwise.com\\@evil.example'],
  ['very long URL', `https://payments.flowwise.com/checkout/${'a'.repeat(5000)}`],
  ['empty string', ''],
  ['not a string', 42],
  ['undefined', undefined],
];

describe('verifyCheckoutUrl', () => {
  it.each(hostile)('refuses %s', (_, url) => {
    expect(rejection(url).kind).toBe('unsafe_redirect');
  });

  it('accepts an https URL on an allowed origin and returns it normalised', () => {
    expect(verifyCheckoutUrl('https://PAYMENTS.flowwise.com/checkout/order_1?x=1', allowed)).toBe(
      'https://payments.flowwise.com/checkout/order_1?x=1',
    );
  });

  it('accepts an http loopback origin only when listed, and never a listed http non-loopback origin', () => {
    expect(verifyCheckoutUrl('http://localhost:4010/checkout/1', ['http://localhost:4010'])).toBe('http://localhost:4010/checkout/1');
    expect(verifyCheckoutUrl('http://127.0.0.1:4010/checkout/1', ['http://127.0.0.1:4010'])).toBe('http://127.0.0.1:4010/checkout/1');
    expect(rejection('http://localhost:4010/checkout/1').code).toBe('origin_not_allowed');
    expect(rejection('http://localhost:4011/checkout/1', ['http://localhost:4010']).code).toBe('origin_not_allowed');
    expect(rejection('http://shop.example/checkout', ['http://shop.example']).code).toBe('invalid_url');
  });

  it.each([
    ['a user name, which makes the host evil.example', 'https://payments.flowwise.com@evil.example'],
    ['a path', 'https://payments.flowwise.com/checkout'],
    ['a query', 'https://payments.flowwise.com?x=1'],
    ['a fragment', 'https://payments.flowwise.com#pay'],
    ['a wildcard', 'https://*.flowwise.com'],
    ['no scheme', 'payments.flowwise.com'],
    ['plain http on a public host', 'http://payments.flowwise.com'],
    ['a bare wildcard', '*'],
  ])('refuses a checkoutOrigins entry with %s as an integration error, whatever the URL', (_, entry) => {
    let thrown: unknown;
    try {
      verifyCheckoutUrl('https://payments.flowwise.com/checkout/1', ['https://payments.flowwise.com', entry]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'FlowwiseError', kind: 'integration', code: 'invalid_checkout_origins' });
    expect((thrown as Error).message).toContain(JSON.stringify(entry));
  });

  it('refuses checkoutOrigins given as a string rather than a list', () => {
    expect(() => verifyCheckoutUrl('https://payments.flowwise.com/checkout/1', 'https://payments.flowwise.com' as never)).toThrow(
      expect.objectContaining({ kind: 'integration', message: expect.stringContaining('must list origins') }),
    );
  });

  it('accepts an origin written with a trailing slash, upper case or the default port', () => {
    const url = 'https://payments.flowwise.com/checkout/1';
    for (const origin of ['https://payments.flowwise.com/', 'https://PAYMENTS.flowwise.com', 'https://payments.flowwise.com:443']) {
      expect(verifyCheckoutUrl(url, [origin])).toBe(url);
    }
  });
});
