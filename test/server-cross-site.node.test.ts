/**
 * The merchant endpoint's cross-site policy on its own (src/server/crossSite.ts): which browser requests
 * may post an order. The handler's tests show it is applied before the body is read.
 */
import { describe, expect, it } from 'vitest';
import { isCrossSite, isJsonMediaType, originHost, parseAllowedOrigins } from '../src/server/crossSite';

const endpoint = 'https://shop.example/api/flowwise/orders';
const request = (headers: Record<string, string>, url = endpoint) => new Request(url, { method: 'POST', headers });
const none = parseAllowedOrigins([]);

describe('isCrossSite', () => {
  it("is true for another site's page, whatever it claims besides", () => {
    for (const headers of [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { Origin: 'https://evil.example' },
      { Origin: 'https://shop.example.evil.example' },
      { Origin: 'https://shop.example:8443' },
      { Origin: 'null' },
      { Origin: 'not a url' },
      // Another host of the same site is still another origin.
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://blog.shop.example' },
      // Sec-Fetch-Site is the browser's own word; an Origin cannot talk it round.
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://shop.example' },
    ] as Array<Record<string, string>>) {
      expect(isCrossSite(request(headers), none), JSON.stringify(headers)).toBe(true);
    }
  });

  it("is false for the shop's own pages whatever the scheme, and for requests that are not from a browser", () => {
    expect(isCrossSite(request({ Origin: 'https://shop.example', 'Sec-Fetch-Site': 'same-origin' }), none)).toBe(false);
    // TLS ended at a proxy: the server sees http: for the shopper's https: page.
    expect(isCrossSite(request({ Origin: 'https://shop.example' }, 'http://shop.example/api/flowwise/orders'), none)).toBe(false);
    expect(isCrossSite(request({ 'Sec-Fetch-Site': 'none' }), none)).toBe(false);
    expect(isCrossSite(request({}), none)).toBe(false);
  });

  it("compares Origin with the Host header too, in any case: Next.js builds route handlers' URLs on localhost", () => {
    const nextUrl = 'http://localhost:3000/api/flowwise/orders';
    expect(isCrossSite(request({ Host: '127.0.0.1:3000', Origin: 'http://127.0.0.1:3000' }, nextUrl), none)).toBe(false);
    expect(isCrossSite(request({ Host: 'Shop.Example', Origin: 'https://shop.example' }, nextUrl), none)).toBe(false);
    expect(isCrossSite(request({ Host: 'shop.example', Origin: 'https://evil.example' }, nextUrl), none)).toBe(true);
  });

  it('admits an origin listed in allowedOrigins exactly as the browser sends it, even cross-site', () => {
    const allowed = parseAllowedOrigins(['https://storefront.example']);
    expect(isCrossSite(request({ Origin: 'https://storefront.example', 'Sec-Fetch-Site': 'cross-site' }), allowed)).toBe(false);
    expect(isCrossSite(request({ Origin: 'http://storefront.example', 'Sec-Fetch-Site': 'cross-site' }), allowed)).toBe(true);
    expect(isCrossSite(request({ Origin: 'https://evil.example' }), allowed)).toBe(true);
  });
});

describe('originHost', () => {
  it('is the host and port of an origin, and undefined for null or anything unparsable', () => {
    expect(originHost('https://shop.example:8443')).toBe('shop.example:8443');
    expect(originHost('https://SHOP.example')).toBe('shop.example');
    expect(originHost('null')).toBeUndefined();
    expect(originHost('file:///etc/passwd')).toBeUndefined();
  });
});

describe('isJsonMediaType', () => {
  it('accepts application/json and +json types with parameters, and nothing a form can send', () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', ' application/json ', 'application/merge-patch+json']) {
      expect(isJsonMediaType(type), type).toBe(true);
    }
    for (const type of [
      null,
      undefined,
      '',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'text/json',
      'application/jsonp',
    ]) {
      expect(isJsonMediaType(type), String(type)).toBe(false);
    }
  });
});

describe('parseAllowedOrigins', () => {
  it('keeps origins as a browser sends them', () => {
    expect(parseAllowedOrigins(['https://shop.example', 'http://localhost:5173'])).toEqual(
      new Set(['https://shop.example', 'http://localhost:5173']),
    );
  });

  it('refuses entries that are not origins as a browser sends them, naming the entry and suggesting the origin', () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        'https://shop.example/',
        /^createOrderHandler\(\): allowedOrigins\[0\] must be an origin[\s\S]*\(got "https:\/\/shop\.example\/"\)\. Did you mean "https:\/\/shop\.example"\?$/,
      ],
      ['https://shop.example/checkout', /\(got "https:\/\/shop\.example\/checkout"\)\. Did you mean "https:\/\/shop\.example"\?$/],
      ['HTTPS://Shop.Example', /Did you mean "https:\/\/shop\.example"\?$/],
      ['https://shop.example?x=1', /Did you mean "https:\/\/shop\.example"\?$/],
      ['https://payments.flowwise.com@evil.com', /\(got "https:\/\/payments\.flowwise\.com@evil\.com"\)\.$/],
      ['https://*.shop.example', /\(got "https:\/\/\*\.shop\.example"\)\.$/],
      ['*', /\(got "\*"\)\.$/],
      ['shop.example', /\(got "shop\.example"\)\.$/],
      ['null', /\(got "null"\)\.$/],
    ];
    for (const [entry, message] of cases) {
      expect(() => parseAllowedOrigins([entry as string]), String(entry)).toThrow(message);
    }
    expect(() => parseAllowedOrigins(['https://ok.example', 'https://shop.example/'])).toThrow(/allowedOrigins\[1\] must be an origin/);
    expect(() => parseAllowedOrigins('https://shop.example' as never)).toThrow(/allowedOrigins must be an array of origins/);
  });
});
