// Flowwise at its limits: per-minute rate limits per kind of call, counted on the sandbox's clock, which
// tests move with sandbox.clock.advance(); and the counts a drill reads back (sandbox.stats(), GET /__sandbox/stats).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';
import { CallCounter } from '../sandbox/calls';

let sandbox: Sandbox;
// 12:00:45 on the sandbox's clock: 15 seconds before the next minute starts.
const start = new Date('2026-01-15T12:00:45Z');

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => start });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

const credentials = { 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };

function createOrder(orderId: string, headers: Record<string, string> = credentials) {
  return fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ order_id: orderId, order_amount: 10, order_currency: 'INR', customer_details: {} }),
  });
}

const getOrder = (orderId: string, headers: Record<string, string> = credentials) =>
  fetch(`${sandbox.apiBaseUrl}/orders/${orderId}`, { headers });
const getPayments = (orderId: string) => fetch(`${sandbox.apiBaseUrl}/orders/${orderId}/payments`, { headers: credentials });

const limitHeaders = (response: Response) => ({
  status: response.status,
  limit: response.headers.get('x-ratelimit-limit'),
  remaining: response.headers.get('x-ratelimit-remaining'),
  retry: response.headers.get('x-ratelimit-retry'),
});

describe('rateLimits', () => {
  it('answers 429 past the limit within a minute of its clock, with the x-ratelimit headers, until the next minute', async () => {
    await createOrder('lim_1');
    sandbox.configure({ rateLimits: { getOrder: 2 } });
    expect(limitHeaders(await getOrder('lim_1'))).toEqual({ status: 200, limit: '2', remaining: '1', retry: null });
    expect(limitHeaders(await getOrder('lim_1'))).toEqual({ status: 200, limit: '2', remaining: '0', retry: null });
    const over = await getOrder('lim_1');
    expect(limitHeaders(over)).toEqual({ status: 429, limit: '2', remaining: '0', retry: '15' });
    expect(await over.json()).toEqual({
      message: 'Too many Get Order calls: at most 2 a minute. Retry after 15 s.',
      code: 'rate_limit_exceeded',
      type: 'rate_limit_error',
    });
    sandbox.clock.advance(14_001);
    expect(limitHeaders(await getOrder('lim_1'))).toMatchObject({ status: 429, retry: '1' });
    // 12:01:00: a new minute, a new count.
    sandbox.clock.advance(999);
    expect(limitHeaders(await getOrder('lim_1'))).toEqual({ status: 200, limit: '2', remaining: '1', retry: null });
  });

  it('holds each kind of call to its own limit, and leaves a kind without one alone', async () => {
    sandbox.configure({ rateLimits: { createOrder: 1, getOrderPayments: 1 } });
    expect((await createOrder('lim_1')).status).toBe(200);
    expect(limitHeaders(await createOrder('lim_2'))).toMatchObject({ status: 429, limit: '1' });
    expect(sandbox.orders.has('lim_2')).toBe(false);
    expect((await getPayments('lim_1')).status).toBe(200);
    expect((await getPayments('lim_1')).status).toBe(429);
    for (let call = 0; call < 5; call += 1)
      expect(limitHeaders(await getOrder('lim_1'))).toEqual({ status: 200, limit: null, remaining: null, retry: null });
  });

  it('counts only calls with valid credentials, and refuses a 429 before any fault', async () => {
    await createOrder('lim_1');
    sandbox.configure({ rateLimits: { getOrder: 1 }, fault: { type: 'error', status: 500 } });
    expect((await getOrder('lim_1', { 'x-client-id': 'someone' })).status).toBe(500);
    expect((await getOrder('lim_1')).status).toBe(500);
    expect((await getOrder('lim_1')).status).toBe(429);
    expect(sandbox.stats().getOrder).toEqual({ calls: 2, rateLimited: 1, peakPerMinute: 1 });
  });

  it('is off unless asked: no x-ratelimit headers, however many calls', async () => {
    await createOrder('lim_1');
    for (let call = 0; call < 50; call += 1) {
      const response = await getOrder('lim_1');
      expect(limitHeaders(response)).toEqual({ status: 200, limit: null, remaining: null, retry: null });
    }
  });

  it('refuses a limit that is not a whole number of calls, or a kind of call it does not know', async () => {
    for (const rateLimits of [{ getOrder: -1 }, { getOrder: 1.5 }, { getOrder: Number.NaN }]) {
      expect(() => sandbox.configure({ rateLimits })).toThrow(/rateLimits\.getOrder must be a whole number of calls a minute/);
    }
    expect(() => sandbox.configure({ rateLimits: { getOrders: 1 } as never })).toThrow(/rateLimits has no kind of call "getOrders"/);
    await expect(startSandbox({ rateLimits: { createOrder: -1 } })).rejects.toThrow(RangeError);
  });
});

describe('stats', () => {
  it('counts the calls of each kind, the 429s, and the most let through in one minute, for this process and another', async () => {
    sandbox.configure({ rateLimits: { getOrder: 3 } });
    await createOrder('st_1');
    for (let call = 0; call < 5; call += 1) await getOrder('st_1');
    sandbox.clock.advance(60_000);
    await getOrder('st_1');
    await getPayments('st_1');
    const expected = {
      createOrder: { calls: 1, rateLimited: 0, peakPerMinute: 1 },
      getOrder: { calls: 6, rateLimited: 2, peakPerMinute: 3 },
      getOrderPayments: { calls: 1, rateLimited: 0, peakPerMinute: 1 },
    };
    expect(sandbox.stats()).toEqual(expected);
    const http = await fetch(`${sandbox.url}/__sandbox/stats`);
    expect(http.status).toBe(200);
    expect(http.headers.get('cache-control')).toBe('no-store');
    expect(await http.json()).toEqual(expected);

    sandbox.reset();
    expect(sandbox.stats().getOrder).toEqual({ calls: 0, rateLimited: 0, peakPerMinute: 0 });
  });

  it('refuses a read from another site, and any method but GET', async () => {
    const crossSite = await fetch(`${sandbox.url}/__sandbox/stats`, {
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: 'cross_site_request' });
    expect((await fetch(`${sandbox.url}/__sandbox/stats`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${sandbox.url}/__sandbox/nothing`)).status).toBe(404);
  });
});

describe('clock', () => {
  it('starts at now, moves on with advance(), brings orders up to date, and goes back at reset()', async () => {
    expect(sandbox.clock.now()).toEqual(start);
    const created = (await (await createOrder('clk_1')).json()) as { added_on: string; order_expiry_time: string };
    expect(created).toMatchObject({ added_on: '2026-01-15T12:00:45Z', order_expiry_time: '2026-01-15T12:30:45Z' });
    sandbox.clock.advance(30 * 60_000);
    expect(sandbox.clock.now()).toEqual(new Date('2026-01-15T12:30:45Z'));
    // No request about it since: advance() itself expired it.
    expect(sandbox.orders.get('clk_1')!.status).toBe('EXPIRED');
    expect(() => sandbox.clock.advance(-1)).toThrow(/clock\.advance\(\) takes a number of milliseconds/);
    sandbox.reset();
    expect(sandbox.clock.now()).toEqual(start);
  });
});

describe('CallCounter', () => {
  it('starts a new count at each minute of its clock, and keeps the peak of any one minute', () => {
    let time = Date.parse('2026-01-15T12:00:59.500Z');
    const counter = new CallCounter(() => new Date(time));
    expect(counter.take('getOrder', 1)).toEqual({ admitted: true, headers: { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0' } });
    expect(counter.take('getOrder', 1)).toEqual({
      admitted: false,
      headers: { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-retry': '1' },
    });
    time += 500;
    expect(counter.take('getOrder', 1).admitted).toBe(true);
    expect(counter.take('createOrder', undefined)).toEqual({ admitted: true, headers: {} });
    expect(counter.take('createOrder', undefined)).toEqual({ admitted: true, headers: {} });
    expect(counter.stats()).toEqual({
      createOrder: { calls: 2, rateLimited: 0, peakPerMinute: 2 },
      getOrder: { calls: 3, rateLimited: 1, peakPerMinute: 1 },
      getOrderPayments: { calls: 0, rateLimited: 0, peakPerMinute: 0 },
    });
  });
});
