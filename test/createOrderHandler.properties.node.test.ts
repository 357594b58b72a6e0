import { createFlowwiseClient, createOrderHandler, toNodeHandler, createMemoryOrderStore } from '@flowwise/react/server';
import { createOrderRequestSchema, createOrderResponseSchema, errorResponseSchema } from '@flowwise/react';
import fc from 'fast-check';
import { createServer, request as httpRequest, METHODS, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';
import { captureOutput, closeServer, SECRET, secretsIn } from './serverSupport';
import { requestExample } from './spec';

// Bad input is answered 400, 403, 405, 413 or 415 by the handler; a valid order reaches the (healthy)
// sandbox, whose answer is 200, or a 400/409 passed through. Nothing else, and never a 5xx.
const DOCUMENTED_STATUSES = [200, 400, 403, 405, 409, 413, 415];
const MAX_BODY_BYTES = 2048;

let sandbox: Sandbox;
const errors: unknown[] = [];
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  sandbox = await startSandbox({ clientSecret: SECRET });
  const client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: SECRET,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
  });
  handler = createOrderHandler({
    store: createMemoryOrderStore(),
    client,
    prepareOrder: (order) => order,
    maxBodyBytes: MAX_BODY_BYTES,
    onError: (error) => errors.push(error),
  });
});

afterAll(async () => {
  await sandbox.close();
});

const utf8 = (text: string) => new TextEncoder().encode(text);

const validOrder = fc.record({
  // Long random ids, so that two valid orders rarely share one (a reused id is a 409, also allowed).
  order_id: fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/),
  order_amount: fc.integer({ min: 1, max: 100_000_000 }).map((cents) => cents / 100),
  order_currency: fc.constantFrom('INR', 'USD', 'EUR'),
  customer_details: fc.record(
    {
      customer_email: fc.constantFrom('priya.sharma@example.com', 'a@b.co'),
      customer_phone: fc.constantFrom('+919876543210', '9876543210'),
      customer_id: fc.stringMatching(/^[a-z0-9_]{1,20}$/),
    },
    { requiredKeys: [] },
  ),
  order_note: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  order_tags: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 })), {
    nil: undefined,
  }),
  return_base_url: fc.option(fc.constant('https://shop.example/return'), { nil: undefined }),
});

/** Values just past what a field accepts. */
const edgeValue = fc.constantFrom<unknown>(
  0,
  -1,
  0.001,
  2299.505,
  1e21,
  Number.MAX_VALUE,
  '2299.5',
  '',
  ' ',
  'inr',
  'INRR',
  null,
  true,
  [],
  {},
  'x'.repeat(129),
  'javascript:alert(1)',
  '//evil.example',
  'ftp://shop.example',
  { customer_email: 'not-an-email' },
  { customer_email: 'a@b.co', card_number: '4111111111111111' },
  { source: 1 },
);

/** Valid orders with one field replaced, removed or added. */
const nearValidOrder = fc.oneof(
  fc
    .tuple(validOrder, fc.constantFrom(...Object.keys(requestExample)), fc.oneof(edgeValue, fc.jsonValue({ maxDepth: 2 })))
    .map(([order, key, value]) => ({ ...order, [key]: value })),
  fc
    .tuple(validOrder, fc.constantFrom('order_id', 'order_amount', 'order_currency', 'customer_details'))
    .map(([order, key]) => Object.fromEntries(Object.entries(order).filter(([name]) => name !== key))),
  fc
    .tuple(validOrder, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
    .map(([order, key, value]) => ({ ...order, [key]: value })),
);

/** JSON texts only a hand-written body has: duplicate keys, `__proto__`, numbers past a double, deep nesting. */
const trickyJson = fc.oneof(
  validOrder.map((order) => JSON.stringify(order).replace(/}$/, ',"order_amount":-5}')),
  validOrder.map((order) => JSON.stringify(order).replace(/^{/, '{"__proto__":{"order_amount":1},')),
  validOrder.map((order) => JSON.stringify(order).replace(/"order_amount":[^,}]+/, '"order_amount":1e400')),
  fc.integer({ min: 1, max: 900 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constantFrom('', ' ', 'null', '"order"', '{', '{"order_id":', '\ufeff{}', '[]'),
);

const body = fc.oneof(
  { weight: 4, arbitrary: validOrder.map((order) => utf8(JSON.stringify(order))) },
  { weight: 6, arbitrary: nearValidOrder.map((order) => utf8(JSON.stringify(order))) },
  { weight: 2, arbitrary: trickyJson.map(utf8) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => utf8(JSON.stringify(value))) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map(utf8) },
  // Around the size limit, padded inside a JSON string so that the smaller ones are valid JSON.
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: MAX_BODY_BYTES - 8, max: MAX_BODY_BYTES * 3 })
      .map((size) => utf8(`{"order_note":"${'a'.repeat(Math.max(0, size - 17))}"}`)),
  },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'APPLICATION/JSON',
      ' application/json ;charset=UTF-8',
      'application/vnd.flowwise.order+json',
      'application/json;',
      'application/jsonp',
      'application/json-seq',
      'text/json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '*/*',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')) },
);

type LengthClaim = 'none' | 'true' | 'smaller' | 'larger' | 'over-limit' | 'zero' | 'negative' | 'garbage' | 'exponent';
const lengthClaim = fc.constantFrom<LengthClaim>(
  'none',
  'true',
  'smaller',
  'larger',
  'over-limit',
  'zero',
  'negative',
  'garbage',
  'exponent',
);

function contentLength(claim: LengthClaim, actual: number): string | undefined {
  switch (claim) {
    case 'none':
      return undefined;
    case 'true':
      return String(actual);
    case 'smaller':
      return String(Math.max(0, actual - 7));
    case 'larger':
      return String(actual + 100);
    case 'over-limit':
      return String(MAX_BODY_BYTES + 1);
    case 'zero':
      return '0';
    case 'negative':
      return '-1';
    case 'garbage':
      return '12abc';
    case 'exponent':
      return '1e9';
  }
}

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const otherHeaders = fc.dictionary(
  token.filter(
    (name) => !/^(content-(type|length)|transfer-encoding|host|connection|expect|upgrade|te|trailer|keep-alive|origin)$/i.test(name),
  ),
  fc.string({ maxLength: 30 }).map((text) => text.replace(/[^\x20-\x7e]/g, '').trim()),
  { maxKeys: 4 },
);

/**
 * Where a browser would say the request comes from: most requests carry no browser headers, so
 * that valid orders still get through often.
 */
const browserContext = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        origin: fc.constantFrom('own', 'https://evil.example', 'null', 'http://127.0.0.1:1'),
        site: fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none'),
      },
      { requiredKeys: [] },
    ),
  },
);
type BrowserContext = { origin?: string; site?: string };

/** The Origin and Sec-Fetch-Site headers for `context`, `'own'` being the endpoint's own origin. */
function browserHeaders(context: BrowserContext, ownOrigin: string): Record<string, string> {
  return {
    ...(context.origin === undefined ? {} : { origin: context.origin === 'own' ? ownOrigin : context.origin }),
    ...(context.site === undefined ? {} : { 'sec-fetch-site': context.site }),
  };
}

/** A browser request from another site's page: refused with 403 once it is a POST. */
const isCrossSite = (context: BrowserContext) =>
  context.site === 'cross-site' || (context.origin !== undefined && context.origin !== 'own');

// Methods a Fetch Request can carry (it refuses CONNECT, TRACE and TRACK).
const fetchMethod = fc.oneof(
  { weight: 6, arbitrary: fc.constant('POST') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('post', 'GET', 'HEAD', 'PUT', 'PATCH', 'patch', 'DELETE', 'OPTIONS', 'PROPFIND', 'QUERY', 'M-SEARCH'),
  },
  { weight: 1, arbitrary: token.filter((name) => !/^(connect|trace|track)$/i.test(name)) },
);

const fetchInput = fc.record({
  method: fetchMethod,
  body,
  contentType,
  lengthClaim,
  headers: otherHeaders,
  browser: browserContext,
});

type Outcome = { status: number; text: string };
type InputOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

// Run first, before the random inputs, so that every branch is exercised whatever the seed.
function examples(orderId: string) {
  const order = utf8(JSON.stringify({ ...requestExample, order_id: orderId }));
  return [
    { method: 'POST', body: order, contentType: 'application/json' },
    { method: 'GET', body: new Uint8Array(), contentType: undefined },
    { method: 'POST', body: order, contentType: 'text/plain' },
    { method: 'POST', body: utf8('{"order_amount":-1}'), contentType: 'application/json' },
    { method: 'POST', body: utf8(`"${'a'.repeat(MAX_BODY_BYTES)}"`), contentType: 'application/json' },
  ];
}

function isOrderForFlowwise(method: string, bytes: Uint8Array): boolean {
  if (method.toUpperCase() !== 'POST') return false;
  try {
    return createOrderRequestSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes))).success;
  } catch {
    return false;
  }
}

/**
 * What every answer must be, whatever was asked: a documented status and a body the schemas accept.
 * On the wire a HEAD answer has no body.
 */
function expectDocumentedAnswer({ status, text }: Outcome, { onTheWire, method }: { onTheWire: boolean; method: string }) {
  expect(DOCUMENTED_STATUSES).toContain(status);
  expect(secretsIn(text)).toEqual([]);
  if (onTheWire && method === 'HEAD') {
    expect(text).toBe('');
    return;
  }
  const json: unknown = JSON.parse(text);
  if (status === 200) expect(createOrderResponseSchema.safeParse(json).success).toBe(true);
  else expect(errorResponseSchema.safeParse(json).success).toBe(true);
}

describe('createOrderHandler under arbitrary requests', () => {
  it('answers every method, body and header with a documented status and an ErrorResponse or order, and sends Flowwise only valid orders', async () => {
    const output = captureOutput();
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fetchInput, async (input) => {
        const headers = new Headers({ ...input.headers, ...browserHeaders(input.browser, 'http://shop.example') });
        if (input.contentType !== undefined) headers.set('content-type', input.contentType);
        const withBody = input.method.toUpperCase() !== 'GET' && input.method.toUpperCase() !== 'HEAD';
        const claimed = contentLength(input.lengthClaim, input.body.byteLength);
        if (claimed !== undefined) headers.set('content-length', claimed);
        const request = new Request('http://shop.example/api/flowwise/orders', {
          method: input.method,
          headers,
          ...(withBody ? { body: input.body } : {}),
        });
        const sent = sandbox.requests.length;

        // A rejection here (the handler threw) fails the property.
        const response = await handler(request);
        const outcome = { status: response.status, text: await response.text() };

        expectDocumentedAnswer(outcome, { onTheWire: false, method: input.method });
        seen.add(outcome.status);
        expect(response.headers.get('cache-control')).toBe('no-store');
        // A POST from another site's page is refused before anything else about it is looked at.
        if (input.method.toUpperCase() === 'POST') expect(outcome.status === 403).toBe(isCrossSite(input.browser));
        else expect(outcome.status).toBe(405);
        // Over the limit is refused, whatever Content-Length claims, unless refused earlier for method, origin or type.
        if (withBody && input.body.byteLength > MAX_BODY_BYTES && ![403, 405, 415].includes(outcome.status)) {
          expect(outcome.status).toBe(413);
        }
        const reachedFlowwise = sandbox.requests.length - sent;
        if (!isOrderForFlowwise(input.method, withBody ? input.body : new Uint8Array())) expect(reachedFlowwise).toBe(0);
        if (outcome.status === 200) {
          expect(reachedFlowwise).toBe(1);
          const sentOrder = JSON.parse(sandbox.requests.at(-1)!.body) as { order_id: string };
          expect(JSON.parse(outcome.text)).toMatchObject({ order_id: sentOrder.order_id });
        }
      }),
      {
        numRuns: 400,
        examples: examples('order_property_fetch').map((example): [InputOf<typeof fetchInput>] => [
          { ...example, lengthClaim: 'true', headers: {}, browser: {} },
        ]),
      },
    );
    // The inputs reached every branch: created orders as well as each kind of refusal.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 403, 405, 413, 415]));
    expect(errors).toEqual([]);
    expect(secretsIn(output.text())).toEqual([]);
    // A limit on the whole property run, not a timed assertion: hundreds of requests, each now also recorded in
    // the order store, take seconds on a busy machine, and a run cut short leaves requests in flight for the next test.
  }, 30_000);

  it('a request body that fails while being read is a 400, not a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 100 }), async (prefix) => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(prefix);
            controller.error(new Error('socket hang up'));
          },
        });
        const request = new Request('http://shop.example/api/flowwise/orders', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: stream,
          duplex: 'half',
        } as RequestInit);

        const response = await handler(request);

        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 'unreadable_body', type: 'invalid_request_error' });
      }),
      { numRuns: 30 },
    );
  });
});

describe('toNodeHandler on a loopback http server, under arbitrary requests', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const nodeHandler = toNodeHandler(handler);
    server = createServer((req, res) => void nodeHandler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => closeServer(server));

  /** One request with Node's own client, which sends any method and any framing it is told to. */
  function send(method: string, headers: Record<string, string>, bytes: Uint8Array | undefined): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path: '/api/flowwise/orders', headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(bytes);
    });
  }

  // Node's server hands CONNECT to its 'connect' event, never to a request handler.
  const nodeMethod = fc.oneof(
    { weight: 3, arbitrary: fc.constant('POST') },
    { weight: 2, arbitrary: fc.constantFrom(...METHODS.filter((method) => method !== 'CONNECT')) },
  );

  const nodeInput = fc.record({
    method: nodeMethod,
    body,
    contentType,
    // An honest length, chunked, or a claim over the limit for a short body (refused without reading it).
    framing: fc.constantFrom('length', 'chunked', 'over-limit-claim'),
    headers: otherHeaders,
    browser: browserContext,
  });

  it('answers with a documented status and an ErrorResponse or order; the request never reaches Flowwise unless valid', async () => {
    const output = captureOutput();
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(nodeInput, async (input) => {
        // The endpoint's own origin is the Host header Node's client sends.
        const headers: Record<string, string> = { ...input.headers, ...browserHeaders(input.browser, `http://127.0.0.1:${port}`) };
        if (input.contentType !== undefined) headers['content-type'] = input.contentType;
        const bytes = input.method === 'GET' || input.method === 'HEAD' ? undefined : input.body;
        if (bytes && input.framing === 'length') headers['content-length'] = String(bytes.byteLength);
        if (bytes && input.framing === 'over-limit-claim') headers['content-length'] = String(MAX_BODY_BYTES + 1);
        if (bytes && input.framing === 'chunked') headers['transfer-encoding'] = 'chunked';
        const sent = sandbox.requests.length;

        const outcome = await send(input.method, headers, input.framing === 'over-limit-claim' ? bytes?.subarray(0, 10) : bytes);

        expectDocumentedAnswer(outcome, { onTheWire: true, method: input.method });
        seen.add(outcome.status);
        const oversize = input.framing === 'over-limit-claim' || (bytes?.byteLength ?? 0) > MAX_BODY_BYTES;
        if (bytes && oversize && ![403, 405, 415].includes(outcome.status)) expect(outcome.status).toBe(413);
        if (!isOrderForFlowwise(input.method, bytes ?? new Uint8Array())) expect(sandbox.requests.length - sent).toBe(0);
        if (input.method === 'POST') expect(outcome.status === 403).toBe(isCrossSite(input.browser));
        if (outcome.status === 403) expect(sandbox.requests.length - sent).toBe(0);
      }),
      {
        numRuns: 120,
        examples: examples('order_property_node').map((example): [InputOf<typeof nodeInput>] => [
          { ...example, framing: 'length', headers: {}, browser: {} },
        ]),
      },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 403, 405, 413, 415]));
    expect(errors).toEqual([]);
    expect(secretsIn(output.text())).toEqual([]);
  }, 30_000);

  it('a method the Fetch API cannot carry (TRACE) is a 405 ErrorResponse, not a 500', async () => {
    const outcome = await send('TRACE', {}, undefined);

    expect(outcome.status).toBe(405);
    expect(JSON.parse(outcome.text)).toMatchObject({ code: 'method_not_allowed', type: 'invalid_request_error' });
  });
});
