import {
  createFlowwiseClient,
  createOrderHandler,
  type HandlerErrorInfo,
  type CreateOrderHandlerOptions,
  createMemoryOrderStore,
} from '@flowwise/react/server';
import { FlowwiseError, type CreateOrderRequest } from '@flowwise/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { startSandbox, type Sandbox } from '../sandbox';
import { order } from './serverSupport';

// A distinctive secret, so that any leak into a response or a log line is easy to spot.
const SECRET = 'sk_test_4f9a1c7e_do_not_leak';

let sandbox: Sandbox;
let logged: string[];

beforeAll(async () => {
  sandbox = await startSandbox({ clientSecret: SECRET });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  logged = [];
});
afterEach(() => {
  // Whatever a test did, nothing the handler said or logged contained the secret.
  for (const line of logged) expect(line).not.toContain(SECRET);
});

function clientFor(overrides: { clientSecret?: string; timeoutMs?: number; baseUrl?: string } = {}) {
  return createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: overrides.clientSecret ?? SECRET,
    environment: 'sandbox',
    baseUrl: overrides.baseUrl ?? sandbox.apiBaseUrl,
    timeoutMs: overrides.timeoutMs ?? 2000,
  });
}

function handlerWith(options: Partial<CreateOrderHandlerOptions> = {}) {
  return createOrderHandler({
    store: createMemoryOrderStore(),
    client: clientFor(),
    prepareOrder: (order) => order,
    onError: (error, info: HandlerErrorInfo) => logged.push(`${info.status} ${info.code} ${info.message}`),
    ...options,
  });
}

function post(body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  return new Request('https://shop.example/api/flowwise/orders', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Status, JSON body and the headers every handler answer carries, with the body's text checked for the secret. */
async function read(response: Response) {
  const text = await response.text();
  logged.push(text, JSON.stringify([...response.headers]));
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('a valid order', () => {
  it("is created with Flowwise and answered with its order_id and checkout_url, nothing else of Flowwise's answer", async () => {
    const prepareOrder = vi.fn((o: CreateOrderRequest, _request: Request) => o);
    const handler = handlerWith({ prepareOrder });
    const sent = order({ order_note: 'Blue mug' });

    const { status, body } = await read(await handler(post(sent)));

    expect(status).toBe(200);
    const created = sandbox.orders.get(sent.order_id)!.response;
    // Flowwise's answer holds the order's hash and the customer; the browser gets where to pay.
    expect(created).toHaveProperty('order_hash');
    expect(body).toEqual({ order_id: sent.order_id, checkout_url: `${sandbox.url}/checkout/${sent.order_id}` });
    expect(body).toEqual({ order_id: created.order_id, checkout_url: created.checkout_url });
    expect(prepareOrder).toHaveBeenCalledTimes(1);
    expect(prepareOrder.mock.calls[0]![0]).toEqual(sent);
    expect(prepareOrder.mock.calls[0]![1]).toBeInstanceOf(Request);
  });

  it('sends the order prepareOrder returns, not the browser one', async () => {
    const handler = handlerWith({ prepareOrder: (o) => ({ ...o, order_amount: 1299, order_note: 'Re-priced' }) });
    const sent = order({ order_amount: 1 });

    const { status } = await read(await handler(post(sent)));

    expect(status).toBe(200);
    expect(sandbox.orders.get(sent.order_id)!.request).toMatchObject({ order_amount: 1299, order_note: 'Re-priced' });
  });

  it('accepts a JSON content type with parameters', async () => {
    const handler = handlerWith();
    const { status } = await read(await handler(post(order(), { 'Content-Type': 'Application/JSON; charset=utf-8' })));
    expect(status).toBe(200);
  });
});

describe('bad input never reaches Flowwise', () => {
  it('answers 405 with Allow: POST to any other method', async () => {
    const handler = handlerWith();
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await handler(new Request('https://shop.example/api/flowwise/orders', { method }));
      expect(response.headers.get('allow')).toBe('POST');
      expect(await read(response)).toEqual({
        status: 405,
        body: { message: `Method ${method} is not allowed; use POST.`, code: 'method_not_allowed', type: 'invalid_request_error' },
      });
    }
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers 415 to a body that is not declared JSON', async () => {
    const handler = handlerWith();
    const expected = {
      status: 415,
      body: {
        message: 'The order must be sent as JSON (Content-Type: application/json).',
        code: 'unsupported_media_type',
        type: 'invalid_request_error',
      },
    };
    expect(await read(await handler(post(order(), { 'Content-Type': 'text/plain' })))).toEqual(expected);
    expect(await read(await handler(post(order(), { 'Content-Type': 'application/x-www-form-urlencoded' })))).toEqual(expected);
    expect(await read(await handler(post(order(), {})))).toEqual(expected);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers 413 to a declared Content-Length over the limit without reading the body', async () => {
    const handler = handlerWith({ maxBodyBytes: 100 });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const request = new Request('https://shop.example/api/flowwise/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': '5000000' },
      body,
      duplex: 'half',
    } as RequestInit);

    expect(await read(await handler(request))).toEqual({
      status: 413,
      body: { message: 'The request body is larger than 100 bytes.', code: 'payload_too_large', type: 'invalid_request_error' },
    });
    // The stream's first pull happens when it is constructed; nothing after that was read.
    expect(pulled).toBeLessThanOrEqual(1);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers 413 to an undeclared body as soon as it passes the limit, and stops reading it', async () => {
    const handler = handlerWith();
    let cancelled = false;
    // 4 kB chunks forever: a handler that read the whole body would never answer.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(4096)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('https://shop.example/api/flowwise/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);

    expect(await read(await handler(request))).toEqual({
      status: 413,
      body: { message: 'The request body is larger than 16384 bytes.', code: 'payload_too_large', type: 'invalid_request_error' },
    });
    expect(cancelled).toBe(true);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('accepts a body exactly at the limit', async () => {
    const sent = order();
    const json = JSON.stringify(sent);
    const handler = handlerWith({ maxBodyBytes: Buffer.byteLength(json) });
    expect((await read(await handler(post(json)))).status).toBe(200);
    const tooBig = createOrderHandler({
      store: createMemoryOrderStore(),
      client: clientFor(),
      prepareOrder: (o) => o,
      maxBodyBytes: Buffer.byteLength(json) - 1,
    });
    expect((await read(await tooBig(post(JSON.stringify(order()))))).status).toBe(413);
  });

  it('answers 400 to malformed JSON', async () => {
    const handler = handlerWith();
    for (const body of ['{"order_id": "a",', '', 'order_id=a']) {
      expect(await read(await handler(post(body)))).toEqual({
        status: 400,
        body: { message: 'The request body is not valid JSON.', code: 'invalid_json', type: 'validation_error' },
      });
    }
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers 400 naming the field of a schema-invalid order', async () => {
    const handler = handlerWith();

    const amount = await read(await handler(post(order({ order_amount: -5 }))));
    expect(amount.status).toBe(400);
    expect(amount.body).toEqual({
      message: 'The order is not valid: order_amount must be at least 0.01.',
      code: 'invalid_order',
      type: 'validation_error',
      issues: [{ code: 'too_small', path: ['order_amount'], message: 'order_amount must be at least 0.01' }],
    });

    const currency = await read(await handler(post({ ...order(), order_currency: 'rupees' })));
    expect(currency.status).toBe(400);
    expect(currency.body.message).toMatch(/order_currency/);

    const email = await read(await handler(post(order({ customer_details: { customer_email: 'not-an-email' } }))));
    expect(email.status).toBe(400);
    expect(email.body.message).toMatch(/customer_email/);

    const missing = await read(await handler(post({ order_amount: 10, order_currency: 'INR', customer_details: {} })));
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/order_id is required/);

    const unknown = await read(await handler(post({ ...order(), amount_override: 1 })));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/amount_override/);

    const notObject = await read(await handler(post('null')));
    expect(notObject.status).toBe(400);
    expect(notObject.body.code).toBe('invalid_order');

    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers 400 with the message and code of a validation FlowwiseError from prepareOrder', async () => {
    const handler = handlerWith({
      prepareOrder: () => {
        throw new FlowwiseError('validation', 'The Blue mug is out of stock.', { code: 'out_of_stock' });
      },
    });
    expect(await read(await handler(post(order())))).toEqual({
      status: 400,
      body: { message: 'The Blue mug is out of stock.', code: 'out_of_stock', type: 'validation_error' },
    });

    const withoutCode = handlerWith({
      prepareOrder: async () => {
        throw new FlowwiseError('validation', 'Your cart is empty.');
      },
    });
    expect(await read(await withoutCode(post(order())))).toEqual({
      status: 400,
      body: { message: 'Your cart is empty.', code: 'order_rejected', type: 'validation_error' },
    });
    expect(sandbox.requests).toHaveLength(0);
    expect(logged.filter((line) => line.startsWith('5'))).toEqual([]);
  });

  it('answers 500 with a generic message when prepareOrder throws anything else, and logs it', async () => {
    const handler = handlerWith({
      prepareOrder: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.5:5432 (catalogue database)');
      },
    });
    const { status, body } = await read(await handler(post(order())));

    expect(status).toBe(500);
    expect(body).toEqual({ message: 'Your order could not be prepared. Please try again.', code: 'internal_error', type: 'server_error' });
    expect(logged).toContainEqual(expect.stringContaining('500 internal_error prepareOrder() threw: Error: connect ECONNREFUSED'));
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers 500 and logs a FlowwiseError from prepareOrder whose issues list is empty', async () => {
    const handler = handlerWith({
      prepareOrder: () => {
        throw new FlowwiseError('integration', 'Catalogue is down.', { issues: [] });
      },
    });
    const { status, body } = await read(await handler(post(order())));

    expect(status).toBe(500);
    expect(body).toMatchObject({ code: 'internal_error', type: 'server_error' });
    expect(logged).toContainEqual(expect.stringContaining('prepareOrder() threw: Catalogue is down. (integration)'));
  });

  it('answers 500 when prepareOrder returns an invalid order', async () => {
    const handler = handlerWith({ prepareOrder: (o) => ({ ...o, order_amount: Number.NaN }) });
    const { status, body } = await read(await handler(post(order())));

    expect(status).toBe(500);
    expect(body.code).toBe('internal_error');
    expect(logged).toContainEqual(expect.stringContaining('prepareOrder() returned an invalid order'));
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('request bodies that do not arrive in time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 408 once bodyTimeoutMs (10 s by default) has passed, and stops reading the body', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let cancelled = false;
    // The start of an order, then nothing: a stalled upload.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"order_id":'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('https://shop.example/api/flowwise/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    let answered = false;
    const pending = handlerWith()(request).finally(() => (answered = true));

    await vi.advanceTimersByTimeAsync(9_999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(await read(await pending)).toEqual({
      status: 408,
      body: { message: 'The request body did not arrive within 10000 ms.', code: 'request_timeout', type: 'invalid_request_error' },
    });
    expect(cancelled).toBe(true);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('leaves no timer behind once the body has arrived', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const response = await handlerWith({ bodyTimeoutMs: 50 })(post('{"order_id":'));
    expect((await read(response)).status).toBe(400);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a bodyTimeoutMs that is not a positive whole number', () => {
    for (const bodyTimeoutMs of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => handlerWith({ bodyTimeoutMs })).toThrow(/bodyTimeoutMs must be a positive whole number/);
    }
  });
});

describe('cross-site requests', () => {
  /** An order posted to the endpoint at `url`, with the browser's headers given. */
  function postFrom(headers: Record<string, string>, url = 'https://shop.example/api/flowwise/orders') {
    return new Request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(order()),
    });
  }
  const refused = {
    status: 403,
    body: {
      message: 'A browser request from another site was refused; list its origin in allowedOrigins if it is yours.',
      code: 'cross_site_request',
      type: 'invalid_request_error',
    },
  };

  it("refuses a browser post from another site's page with 403, without reading it", async () => {
    const handler = handlerWith();
    const browsers: Array<Record<string, string>> = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { Origin: 'https://evil.example' },
      { Origin: 'https://shop.example.evil.example' },
      { Origin: 'https://shop.example:8443' },
      { Origin: 'null' },
      // Another host of the same site is still another origin.
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://blog.shop.example' },
      // Sec-Fetch-Site is the browser's own word; an Origin cannot talk it round.
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://shop.example' },
    ];
    for (const headers of browsers) {
      const request = postFrom(headers);
      expect(await read(await handler(request)), JSON.stringify(headers)).toEqual(refused);
      expect(request.bodyUsed).toBe(false);
    }
    expect(sandbox.requests).toHaveLength(0);
  });

  it("accepts the shop's own pages, whatever the scheme, and requests that do not come from a browser", async () => {
    const handler = handlerWith();
    for (const [headers, url] of [
      [{ Origin: 'https://shop.example', 'Sec-Fetch-Site': 'same-origin' }],
      [{ Origin: 'https://shop.example' }],
      // TLS ended at a proxy: the server sees http: for the shopper's https: page.
      [{ Origin: 'https://shop.example', 'Sec-Fetch-Site': 'same-origin' }, 'http://shop.example/api/flowwise/orders'],
      // Typed into the address bar, or a bookmark.
      [{ 'Sec-Fetch-Site': 'none' }],
      // Server to server, curl: no browser headers at all.
      [{}],
    ] as Array<[Record<string, string>, string?]>) {
      expect((await read(await handler(postFrom(headers, url)))).status, JSON.stringify(headers)).toBe(200);
    }
    expect(sandbox.requests).toHaveLength(5);
  });

  it("compares Origin with the Host header too: Next.js builds route handlers' request URLs on localhost", async () => {
    const handler = handlerWith();
    // What `next start` hands a route handler for a page loaded from http://127.0.0.1:3000.
    const nextUrl = 'http://localhost:3000/api/flowwise/orders';
    const own = postFrom({ Host: '127.0.0.1:3000', Origin: 'http://127.0.0.1:3000', 'Sec-Fetch-Site': 'same-origin' }, nextUrl);
    expect((await read(await handler(own))).status).toBe(200);
    const shop = postFrom({ Host: 'Shop.Example', Origin: 'https://shop.example', 'Sec-Fetch-Site': 'same-origin' }, nextUrl);
    expect((await read(await handler(shop))).status).toBe(200);
    // Another site's page: its Origin matches neither the URL nor the Host it was sent to.
    for (const origin of ['https://evil.example', 'null']) {
      const answer = await read(await handler(postFrom({ Host: 'shop.example', Origin: origin }, nextUrl)));
      expect(answer, origin).toMatchObject({ status: 403, body: { code: 'cross_site_request' } });
    }
    expect(sandbox.requests).toHaveLength(2);
  });

  it('accepts allowedOrigins: a storefront on another origin, or behind a proxy that passes another Host', async () => {
    const handler = handlerWith({ allowedOrigins: ['https://storefront.example', 'http://localhost:5173'] });

    const storefront = postFrom({ Origin: 'https://storefront.example', 'Sec-Fetch-Site': 'cross-site' });
    expect((await read(await handler(storefront))).status).toBe(200);
    const proxied = postFrom(
      { Origin: 'http://localhost:5173', 'Sec-Fetch-Site': 'same-origin' },
      'http://orders.internal:3000/api/flowwise/orders',
    );
    expect((await read(await handler(proxied))).status).toBe(200);
    expect(await read(await handler(postFrom({ Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })))).toEqual(refused);
    expect(sandbox.requests).toHaveLength(2);
  });

  it('checks allowedOrigins when the handler is made (each case in server-cross-site.node.test.ts)', () => {
    expect(() => handlerWith({ allowedOrigins: ['https://ok.example', 'https://shop.example/'] })).toThrow(
      /^createOrderHandler\(\): allowedOrigins\[1\] must be an origin/,
    );
  });
});

describe('Flowwise errors', () => {
  it('passes a 4xx ErrorResponse through with its status, body and request id (a reused order_id is answered by the handler)', async () => {
    const handler = handlerWith();

    // Flowwise refuses an order_id the store had never seen: not resumed, whose ever it is.
    sandbox.configure({
      fault: {
        type: 'error',
        status: 409,
        body: { message: 'Order already exists for the provided order_id', code: 'already_exists', type: 'invalid_request_error' },
      },
    });
    const sent = order();
    const response = await handler(post(sent));
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    expect(await read(response)).toEqual({
      status: 409,
      body: {
        message: `Flowwise already holds an order ${sent.order_id} that the order store did not see created; it is not resumed.`,
        code: 'already_exists',
        type: 'invalid_request_error',
      },
    });

    sandbox.configure({
      fault: {
        type: 'error',
        status: 422,
        body: { message: 'Invalid order amount. Amount must be greater than 0', code: 'invalid_amount', type: 'validation_error' },
      },
    });
    expect(await read(await handler(post(order())))).toEqual({
      status: 422,
      body: { message: 'Invalid order amount. Amount must be greater than 0', code: 'invalid_amount', type: 'validation_error' },
    });

    sandbox.configure({
      fault: { type: 'error', status: 429, body: { message: 'Too many requests', code: 'rate_limited', type: 'rate_limit_error' } },
    });
    expect(await read(await handler(post(order())))).toEqual({
      status: 429,
      body: { message: 'Too many requests', code: 'rate_limited', type: 'rate_limit_error' },
    });
  });

  it('answers 502 with a generic message when Flowwise rejects the credentials (401)', async () => {
    const handler = handlerWith({ client: clientFor({ clientSecret: 'sk_wrong_secret' }) });
    const { status, body } = await read(await handler(post(order())));

    // It reached the sandbox, which answered 401 (the log line below says so); a request with wrong
    // credentials is not recorded.
    expect(sandbox.requests).toHaveLength(0);
    expect(status).toBe(502);
    expect(body).toEqual({
      message: 'Flowwise could not be reached or failed; see the server log for this request id.',
      code: 'bad_gateway',
      type: 'server_error',
    });
    expect(logged).toContainEqual(expect.stringContaining('Flowwise rejected the merchant credentials (401)'));
  });

  it('answers 502 when Flowwise answers 403', async () => {
    sandbox.configure({
      fault: {
        type: 'error',
        status: 403,
        body: { message: 'Forbidden for this project', code: 'forbidden', type: 'authentication_error' },
      },
    });
    const { status, body } = await read(await handlerWith()(post(order())));

    expect(status).toBe(502);
    expect(body.code).toBe('bad_gateway');
    expect(body.message).not.toMatch(/Forbidden/);
    expect(logged).toContainEqual(expect.stringContaining('(403)'));
  });

  it('answers 502 to a Flowwise 5xx, JSON or HTML', async () => {
    const handler = handlerWith();
    const expected = {
      status: 502,
      body: {
        message: 'Flowwise could not be reached or failed; see the server log for this request id.',
        code: 'bad_gateway',
        type: 'server_error',
      },
    };
    sandbox.configure({ fault: { type: 'error', status: 500 } });
    expect(await read(await handler(post(order())))).toEqual(expected);
    sandbox.configure({ fault: { type: 'error', status: 503 } });
    expect(await read(await handler(post(order())))).toEqual(expected);
    sandbox.configure({ fault: { type: 'html', status: 502 } });
    expect(await read(await handler(post(order())))).toEqual(expected);
    expect(logged.filter((line) => line.startsWith('502 bad_gateway'))).toHaveLength(3);
  });

  it('answers 502 to a 4xx that is not an ErrorResponse', async () => {
    sandbox.configure({ fault: { type: 'html', status: 404 } });
    expect((await read(await handlerWith()(post(order())))).status).toBe(502);
  });

  it('answers 502 to a 2xx that is not a CreateOrderResponse', async () => {
    sandbox.configure({ fault: { type: 'invalid-response' } });
    const { status, body } = await read(await handlerWith()(post(order())));
    expect(status).toBe(502);
    expect(body.code).toBe('bad_gateway');
  });

  it('answers 502 to an endless response body without reading it all', async () => {
    sandbox.configure({ fault: { type: 'huge-body' } });
    const { status } = await read(await handlerWith()(post(order())));
    // 502 for the size limit, not the 504 that reading on until the client's timeout would give.
    expect(status).toBe(502);
    expect(logged).toContainEqual(expect.stringMatching(/response_too_large/));
  });

  it('answers 502 when the connection is reset', async () => {
    sandbox.configure({ fault: { type: 'reset' } });
    const { status, body } = await read(await handlerWith()(post(order())));
    expect(status).toBe(502);
    expect(body.code).toBe('bad_gateway');
  });

  it('answers 502 when Flowwise cannot be reached', async () => {
    const closed = await startSandbox();
    const baseUrl = closed.apiBaseUrl;
    await closed.close();
    const { status, body } = await read(await handlerWith({ client: clientFor({ baseUrl }) })(post(order())));
    expect(status).toBe(502);
    expect(body.code).toBe('bad_gateway');
  });

  it('answers 504 when Flowwise is too slow', async () => {
    const handler = handlerWith({ client: clientFor({ timeoutMs: 150 }) });
    const expected = {
      status: 504,
      body: { message: 'Flowwise took too long to answer.', code: 'gateway_timeout', type: 'server_error' },
    };
    sandbox.configure({ latencyMs: 2000 });
    expect(await read(await handler(post(order())))).toEqual(expected);
    sandbox.configure({ fault: { type: 'hang' } });
    expect(await read(await handler(post(order())))).toEqual(expected);
    expect(logged).toContainEqual(expect.stringContaining('504 gateway_timeout'));
  });

  it('cancels the call to Flowwise when the browser goes away', async () => {
    sandbox.configure({ latencyMs: 5000 });
    const controller = new AbortController();
    const request = new Request(post(order()), { signal: controller.signal });
    const pending = handlerWith()(request);
    // The browser goes away once Flowwise has the order, 5 s before it would answer.
    await expect.poll(() => sandbox.requests.length).toBe(1);
    controller.abort();
    const { status, body } = await read(await pending);
    // 502 for the cancelled call, not the 504 of the client's 2 s timeout.
    expect({ status, code: body.code }).toEqual({ status: 502, code: 'bad_gateway' });
    expect(logged).toContainEqual(expect.stringMatching(/^502 bad_gateway .*cancelled/));
  });
});

describe('the client secret', () => {
  it('never appears in a response or log line, even when Flowwise echoes it', async () => {
    sandbox.configure({
      fault: {
        type: 'error',
        status: 400,
        body: { message: `Bad header x-client-secret: ${SECRET}`, code: 'bad_header', type: 'validation_error' },
      },
    });
    const echoed = await read(await handlerWith()(post(order())));
    expect(echoed).toEqual({
      status: 400,
      body: { message: 'Bad header x-client-secret: [redacted]', code: 'bad_header', type: 'validation_error' },
    });

    sandbox.configure({ fault: { type: 'error', status: 500, body: { message: `internal: secret=${SECRET}` } } });
    expect((await read(await handlerWith()(post(order())))).status).toBe(502);
    expect(logged.join('\n')).toContain('secret=[redacted]');
  });

  it('is not printed by the default logger', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const handler = createOrderHandler({
      store: createMemoryOrderStore(),
      client: clientFor({ clientSecret: `${SECRET}_wrong` }),
      prepareOrder: (o) => o,
    });
    await read(await handler(post(order())));
    sandbox.configure({ fault: { type: 'error', status: 500, body: { message: `oops ${SECRET}` } } });
    await read(await createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(), prepareOrder: (o) => o })(post(order())));

    expect(consoleError).toHaveBeenCalledTimes(2);
    const lines = consoleError.mock.calls.map((call) => call.join(' '));
    expect(lines[0]).toMatch(/^\[@flowwise\/react\/server\] 502 bad_gateway: Flowwise rejected the merchant credentials \(401\)/);
    logged.push(...lines);
  });
});

describe('createOrderHandler options', () => {
  it('requires prepareOrder, and says how to trust the browser order explicitly', () => {
    expect(() => createOrderHandler({ store: createMemoryOrderStore(), client: clientFor() } as never)).toThrow(
      /prepareOrder is missing[\s\S]*prepareOrder: \(order\) => order/,
    );
  });

  it('requires a client', () => {
    expect(() => createOrderHandler({ store: createMemoryOrderStore(), prepareOrder: (o: CreateOrderRequest) => o } as never)).toThrow(
      /client is missing/,
    );
  });

  it('rejects a maxBodyBytes that is not a positive whole number', () => {
    expect(() =>
      createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(), prepareOrder: (o) => o, maxBodyBytes: 0 }),
    ).toThrow(/maxBodyBytes/);
  });
});

describe("the store's payload", () => {
  const cartSchema = z.object({ items: z.array(z.object({ sku: z.enum(['mug', 'tee']), quantity: z.int().min(1).max(10) })).min(1) });
  const prices = { mug: 350, tee: 799 };
  const priceCart = (cart: z.infer<typeof cartSchema>) => ({
    order_amount: cart.items.reduce((sum, { sku, quantity }) => sum + prices[sku] * quantity, 0),
    order_currency: 'INR',
    customer_details: { customer_id: 'cust_signed_in' },
    return_base_url: 'https://shop.example/return',
  });

  it('is checked by the schema, priced by prepareOrder, and given a fresh unguessable order_id for each request', async () => {
    const prepareOrder = vi.fn(priceCart);
    const handler = createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(), schema: cartSchema, prepareOrder });
    const cart = {
      items: [
        { sku: 'mug', quantity: 2 },
        { sku: 'tee', quantity: 1 },
      ],
    };

    const first = await read(await handler(post(cart)));
    const second = await read(await handler(post(cart)));

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(prepareOrder.mock.calls.map(([payload]) => payload)).toEqual([cart, cart]);
    const ids = [first.body.order_id, second.body.order_id] as string[];
    for (const id of ids) {
      expect(id).toMatch(/^order_[A-Za-z0-9_-]{22}$/);
      expect(sandbox.orders.get(id)!.request).toMatchObject({
        order_id: id,
        order_amount: 1499,
        customer_details: { customer_id: 'cust_signed_in' },
      });
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers 400 naming each field of a payload that fails the schema, and runs nothing else', async () => {
    const prepareOrder = vi.fn(priceCart);
    const handler = createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(), schema: cartSchema, prepareOrder });

    const answer = await read(
      await handler(
        post({
          items: [
            { sku: 'mug', quantity: 0 },
            { sku: 'hat', quantity: 1 },
          ],
        }),
      ),
    );

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_payload', type: 'validation_error' });
    expect(answer.body.message).toMatch(/^The payload is not valid: items\.0\.quantity: /);
    expect((answer.body.issues as Array<{ path: unknown }>).map(({ path }) => path)).toEqual([
      ['items', 0, 'quantity'],
      ['items', 1, 'sku'],
    ]);
    expect(prepareOrder).not.toHaveBeenCalled();
    expect(sandbox.requests).toHaveLength(0);
  });

  it('uses an order_id the browser sent only when prepareOrder passes it on', async () => {
    const passthrough = handlerWith({ prepareOrder: (o: CreateOrderRequest) => o });
    const dropped = handlerWith({ prepareOrder: ({ order_id: _ignored, ...rest }: CreateOrderRequest) => rest });
    const sent = order();

    expect((await read(await passthrough(post(sent)))).body.order_id).toBe(sent.order_id);
    const made = (await read(await dropped(post(order({ order_id: 'order_chosen_by_the_browser' }))))).body.order_id;
    expect(made).toMatch(/^order_[A-Za-z0-9_-]{22}$/);
    expect(sandbox.orders.has('order_chosen_by_the_browser')).toBe(false);
  });

  it('throws at creation for a schema that is not a schema', () => {
    expect(() =>
      createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(), schema: {} as never, prepareOrder: priceCart as never }),
    ).toThrow('createOrderHandler(): schema must be a zod schema (anything with safeParse), or left out.');
  });
});

describe('x-request-id', () => {
  it("answers with Flowwise's x-request-id, for an order and for a Flowwise error", async () => {
    const infos: HandlerErrorInfo[] = [];
    const handler = handlerWith({ onError: (_error, info) => void infos.push(info) });

    const created = await handler(post(order()));
    expect(created.status).toBe(200);
    expect(created.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);

    const refused = await handler(post(order({ order_amount: 0.5 })));
    sandbox.configure({ fault: { type: 'error', status: 500 } });
    const failed = await handler(post(order()));
    sandbox.configure({});
    for (const response of [refused, failed]) expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    expect(infos).toEqual([expect.objectContaining({ status: 502, requestId: failed.headers.get('x-request-id') })]);
  });

  it('makes one for every answer Flowwise had no part in, and logs it', async () => {
    const infos: HandlerErrorInfo[] = [];
    const handler = handlerWith({
      prepareOrder: () => {
        throw new Error('catalogue down');
      },
      onError: (_error, info) => void infos.push(info),
    });
    const crashed = await handler(post(order()));
    const invalid = await handler(post({ nope: true }));
    const ids = [crashed, invalid].map((response) => response.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(infos).toEqual([
      expect.objectContaining({ status: 500, message: 'prepareOrder() threw: Error: catalogue down', requestId: ids[0] }),
    ]);
  });
});

describe('no credentials at request time', () => {
  it('answers 500 with an ErrorResponse and logs one line naming the missing variable, sending nothing to Flowwise', async () => {
    vi.stubEnv('FLOWWISE_CLIENT_ID', undefined);
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const handler = createOrderHandler({
      store: createMemoryOrderStore(),
      client: createFlowwiseClient({ environment: 'sandbox', clientSecret: SECRET, baseUrl: sandbox.apiBaseUrl }),
      prepareOrder: (o) => o,
    });

    const answer = await read(await handler(post(order())));

    expect(answer).toEqual({
      status: 500,
      body: { message: 'The payment service is not configured.', code: 'internal_error', type: 'server_error' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[@flowwise\/react\/server\] 500 internal_error: FLOWWISE_CLIENT_ID is not set: .* \(request req_[\w-]{22}\)$/,
    );
    expect(sandbox.requests).toHaveLength(0);
  });
});
