// toNodeHandler turns Node's request into a Fetch Request and writes the Response back. These
// tests hold it to the answers the Fetch handler itself gives, over a table of inputs.
import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import {
  createFlowwiseClient,
  createOrderHandler,
  toNodeHandler,
  type CreateOrderHandlerOptions,
  type FetchHandler,
  type OrderStore,
  createMemoryOrderStore,
} from '@flowwise/react/server';
import { FlowwiseError } from '@flowwise/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxBehaviour } from '../sandbox';
import { listen, order, SECRET, secretsIn } from './serverSupport';

const MAX_BODY_BYTES = 512;

let sandbox: Sandbox;
let logged: string[];
// One store and one shopper for each test: both paths are sent the same order, which the second one
// resumes, or creates again when the first failed, as for a retry.
let store: OrderStore;

beforeAll(async () => {
  sandbox = await startSandbox({ clientSecret: SECRET });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  logged = [];
  store = createMemoryOrderStore();
});
function handlerWith(options: Partial<CreateOrderHandlerOptions> & { clientSecret?: string; timeoutMs?: number } = {}) {
  const { clientSecret = SECRET, timeoutMs = 2000, ...rest } = options;
  return createOrderHandler({
    store,
    owner: () => 'shopper_paths',
    client: createFlowwiseClient({
      clientId: sandbox.clientId,
      clientSecret,
      environment: 'sandbox',
      baseUrl: sandbox.apiBaseUrl,
      timeoutMs,
    }),
    prepareOrder: (order) => order,
    maxBodyBytes: MAX_BODY_BYTES,
    onError: (_error, info) => logged.push(`${info.status} ${info.code} ${info.message}`),
    ...rest,
  });
}

const utf8 = (text: string) => new TextEncoder().encode(text);

interface Input {
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Sent without a Content-Length, in pieces. */
  chunked?: boolean;
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Set by Node's http server whatever the handler does, so not part of the handler's answer.
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

function answerHeaders(entries: Iterable<[string, string | string[] | undefined]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (TRANSPORT_HEADERS.has(name) || value === undefined) continue;
    // Each upstream call has its own request id: compare its shape, not its value.
    headers[name] = name === 'x-request-id' && /^req_[\w-]{16,22}$/.test(String(value)) ? 'req_…' : String(value);
  }
  return headers;
}

/** The input as a framework would hand it to the Fetch handler. */
async function viaFetch(handler: FetchHandler, input: Input): Promise<Outcome> {
  const { body, chunked } = input;
  const request = new Request('http://127.0.0.1/api/flowwise/orders', {
    method: input.method,
    headers: input.headers,
    ...(body && chunked
      ? {
          body: new ReadableStream<Uint8Array>({
            start(controller) {
              for (let offset = 0; offset < body.byteLength; offset += 200) controller.enqueue(body.slice(offset, offset + 200));
              controller.close();
            },
          }),
          duplex: 'half',
        }
      : body
        ? { body }
        : {}),
  } as RequestInit);
  const response = await handler(request);
  return { status: response.status, headers: answerHeaders(response.headers), body: await response.text() };
}

/** The input over loopback, with Node's own client, which frames the body exactly as told. */
function viaNode(url: string, input: Input): Promise<Outcome & { connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers = { ...input.headers, ...(input.chunked ? { 'transfer-encoding': 'chunked' } : {}) };
    const req = httpRequest(`${url}/api/flowwise/orders`, { method: input.method, headers, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: answerHeaders(Object.entries(res.headers)),
          body: Buffer.concat(chunks).toString('utf8'),
          connection: res.headers.connection,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (input.body && input.chunked) {
      for (let offset = 0; offset < input.body.byteLength; offset += 200) req.write(input.body.subarray(offset, offset + 200));
      req.end();
    } else {
      req.end(input.body);
    }
  });
}

const json = (value: unknown) => ({ 'content-type': 'application/json', body: utf8(JSON.stringify(value)) });
const post = (contentType: string | undefined, body: Uint8Array, extra: Partial<Input> = {}): Input => ({
  method: 'POST',
  headers: { ...(contentType === undefined ? {} : { 'content-type': contentType }), 'content-length': String(body.byteLength) },
  body,
  ...extra,
});

const cases: Array<{
  name: string;
  input: Input;
  options?: Parameters<typeof handlerWith>[0];
  behaviour?: SandboxBehaviour;
  /** Runs before the three requests, e.g. to create the order they then collide with. */
  before?: () => Promise<unknown>;
  status: number;
}> = [
  { name: 'GET', input: { method: 'GET', headers: {} }, status: 405 },
  { name: 'PUT with a body', input: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: utf8('{}') }, status: 405 },
  { name: 'DELETE', input: { method: 'DELETE', headers: {} }, status: 405 },
  { name: 'OPTIONS', input: { method: 'OPTIONS', headers: {} }, status: 405 },
  { name: 'text/plain', input: post('text/plain', utf8(JSON.stringify(order()))), status: 415 },
  { name: 'no content type', input: post(undefined, utf8(JSON.stringify(order()))), status: 415 },
  { name: 'a declared length over the limit', input: post('application/json', utf8(`"${'a'.repeat(MAX_BODY_BYTES + 50)}"`)), status: 413 },
  {
    name: 'a chunked body over the limit',
    input: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: utf8(`"${'a'.repeat(MAX_BODY_BYTES * 2)}"`),
      chunked: true,
    },
    status: 413,
  },
  {
    name: 'a chunked body within the limit',
    input: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: utf8(`{"order_note":"${'a'.repeat(300)}"}`),
      chunked: true,
    },
    status: 400,
  },
  { name: 'malformed JSON', input: post('application/json', utf8('{"order_id":')), status: 400 },
  { name: 'an empty body', input: post('application/json', new Uint8Array()), status: 400 },
  { name: 'a byte order mark', input: post('application/json', utf8('\ufeff{}')), status: 400 },
  { name: 'bytes that are not UTF-8', input: post('application/json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), status: 400 },
  { name: 'JSON null', input: post('application/json', utf8('null')), status: 400 },
  { name: 'a negative amount', input: post('application/json', json(order({ order_amount: -5 })).body), status: 400 },
  {
    name: 'an unknown field',
    input: post('application/json; charset=utf-8', utf8(JSON.stringify({ ...order(), amount_override: 1 }))),
    status: 400,
  },
  {
    name: 'a validation error from prepareOrder',
    input: post('application/json', json(order()).body),
    options: {
      prepareOrder: () => {
        throw new FlowwiseError('validation', `Out of stock (rule ${SECRET}).`, { code: 'out_of_stock' });
      },
    },
    status: 400,
  },
  {
    name: 'prepareOrder crashing',
    input: post('application/json', json(order()).body),
    options: {
      prepareOrder: () => {
        throw new Error(`pricing service refused key ${SECRET}`);
      },
    },
    status: 500,
  },
  {
    name: 'prepareOrder returning an invalid order',
    input: post('application/json', json(order()).body),
    options: { prepareOrder: (o) => ({ ...o, order_amount: Number.NaN }) },
    status: 500,
  },
  {
    name: 'an order_id Flowwise already has, still payable (resumed)',
    input: post('application/vnd.flowwise.order+json', json(order({ order_id: 'paths_dup' })).body),
    before: () =>
      handlerWith()(
        new Request('http://127.0.0.1/', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(order({ order_id: 'paths_dup' })),
        }),
      ),
    status: 200,
  },
  {
    name: 'a Flowwise 4xx that echoes the secret',
    input: post('application/json', json(order()).body),
    behaviour: {
      fault: {
        type: 'error',
        status: 400,
        body: { message: `Bad header x-client-secret: ${SECRET}`, code: 'bad_header', type: 'validation_error' },
      },
    },
    status: 400,
  },
  {
    name: 'wrong merchant credentials',
    input: post('application/json', json(order()).body),
    options: { clientSecret: `${SECRET}_wrong` },
    status: 502,
  },
  {
    name: 'a Flowwise 5xx',
    input: post('application/json', json(order()).body),
    behaviour: { fault: { type: 'error', status: 500, body: { message: `oops ${SECRET}` } } },
    status: 502,
  },
  {
    name: 'a Flowwise HTML page',
    input: post('application/json', json(order()).body),
    behaviour: { fault: { type: 'html', status: 503 } },
    status: 502,
  },
  {
    name: 'a Flowwise timeout',
    input: post('application/json', json(order()).body),
    options: { timeoutMs: 100 },
    behaviour: { latencyMs: 1000 },
    status: 504,
  },
];

describe('the Fetch handler and toNodeHandler(handler) answer alike', () => {
  it.each(cases)('$name', async ({ input, options, behaviour, before, status }) => {
    await before?.();
    if (behaviour) sandbox.configure(behaviour);
    const handler = handlerWith(options);
    const url = await listen(toNodeHandler(handler));

    const fetchOutcome = await viaFetch(handler, input);
    const { connection: _connection, ...nodeOutcome } = await viaNode(url, input);

    expect(fetchOutcome.status).toBe(status);
    expect(nodeOutcome).toEqual(fetchOutcome);
    expect(fetchOutcome.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(secretsIn([JSON.stringify([fetchOutcome, nodeOutcome]), ...logged].join('\n'))).toEqual([]);
  });

  it('HEAD: the same status and headers, and no body on the wire', async () => {
    const handler = handlerWith();
    const input = { method: 'HEAD', headers: {} };
    const fetchOutcome = await viaFetch(handler, input);
    const { connection: _connection, ...nodeOutcome } = await viaNode(await listen(toNodeHandler(handler)), input);

    expect(fetchOutcome.status).toBe(405);
    expect(nodeOutcome).toEqual({ ...fetchOutcome, body: '' });
  });

  it('a valid order: both create it and answer its order_id and checkout_url', async () => {
    const handler = handlerWith();
    const url = await listen(toNodeHandler(handler));

    const outcomes = [
      await viaFetch(handler, post('application/json', json(order({ order_id: 'paths_ok_fetch' })).body)),
      await viaNode(url, post('application/json', json(order({ order_id: 'paths_ok_node' })).body)),
    ];

    expect(outcomes.map(({ status, headers }) => ({ status, headers }))).toEqual(
      Array(2).fill({
        status: 200,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'x-request-id': 'req_…',
        },
      }),
    );
    expect(outcomes.map(({ body }) => JSON.parse(body))).toEqual(
      ['paths_ok_fetch', 'paths_ok_node'].map((id) => ({ order_id: id, checkout_url: sandbox.orders.get(id)!.response.checkout_url })),
    );
  });
});

describe('toNodeHandler with a handler from createOrderHandler', () => {
  it('gives prepareOrder the Request itself, whatever parameters prepareOrder declares', async () => {
    const seen: Array<{ request: Request; url: string; method: string; cookie: string | null; bodyUsed: boolean }> = [];
    const fallback = new Request('http://fallback.example/');
    const handler = handlerWith({
      // One declared parameter (Function.length is 1): the request must still be the real one.
      prepareOrder: (o, request = fallback) => {
        seen.push({ request, url: request.url, method: request.method, cookie: request.headers.get('cookie'), bodyUsed: request.bodyUsed });
        return o;
      },
    });
    const url = await listen(toNodeHandler(handler));

    const response = await fetch(`${url}/api/flowwise/orders?cart=7`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'session=abc' },
      body: JSON.stringify(order()),
    });

    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.request).toBeInstanceOf(Request);
    expect(seen[0]).toMatchObject({ url: `${url}/api/flowwise/orders?cart=7`, method: 'POST', cookie: 'session=abc', bodyUsed: true });
    expect(seen[0]!.request.signal.aborted).toBe(false);
  });

  it('aborts the request signal and the call to Flowwise when the shopper goes away', async () => {
    sandbox.configure({ latencyMs: 5000 });
    let signal: AbortSignal | undefined;
    const handler = handlerWith({
      prepareOrder: (o, request) => {
        signal = request.signal;
        return o;
      },
    });
    const url = await listen(toNodeHandler(handler));
    const req = httpRequest(`${url}/api/flowwise/orders`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('error', () => undefined);
    req.end(JSON.stringify(order()));
    await expect.poll(() => sandbox.requests.length).toBe(1);
    req.destroy();

    await expect
      .poll(() => logged)
      .toEqual([expect.stringMatching(/^502 bad_gateway Flowwise failed: The request to Flowwise was cancelled/)]);
    expect(signal?.aborted).toBe(true);
  });

  it('answers a method the Fetch API cannot carry (TRACE) with a 405 ErrorResponse, not a 500', async () => {
    const url = await listen(toNodeHandler(handlerWith()));
    const outcome = await viaNode(url, { method: 'TRACE', headers: {} });
    expect(outcome.status).toBe(405);
    expect(JSON.parse(outcome.body)).toEqual({
      message: 'Method TRACE is not allowed.',
      code: 'method_not_allowed',
      type: 'invalid_request_error',
    });
  });

  it('answers 400 when something before it read the body and left nothing on req.body', async () => {
    const nodeHandler = toNodeHandler(handlerWith());
    const url = await listen(async (req, res) => {
      req.resume();
      await once(req, 'end');
      await nodeHandler(req, res);
    });
    const outcome = await viaNode(url, post('application/json', json(order()).body));
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body)).toMatchObject({ code: 'unreadable_body' });
    expect(sandbox.requests).toHaveLength(0);
  });
});
