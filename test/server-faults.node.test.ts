import { createFlowwiseClient, createOrderHandler, toNodeHandler, type FetchHandler, createMemoryOrderStore } from '@flowwise/react/server';
import { errorResponseSchema, FlowwiseError, isFlowwiseError, type CreateOrderRequest, type FlowwiseErrorKind } from '@flowwise/react';
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxBehaviour } from '../sandbox';
import { captureOutput, causeChainLength, errorTexts, listen, order, SECRET, secretsIn } from './serverSupport';

const TIMEOUT_MS = 300;

let sandbox: Sandbox;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  // The sandbox's request log goes to the console too: it is part of what an operator would read. The
  // counting relay below reaches it on another port of 127.0.0.1, which the sandbox must accept as its own.
  sandbox = await startSandbox({ clientSecret: SECRET, log: (line) => console.log(line), allowedHosts: ['127.0.0.1'] });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  output = captureOutput();
});

function clientFor(baseUrl = sandbox.apiBaseUrl) {
  return createFlowwiseClient({ clientId: sandbox.clientId, clientSecret: SECRET, environment: 'sandbox', baseUrl, timeoutMs: TIMEOUT_MS });
}

/** Sends one order through the Fetch handler as a framework would call it. */
async function viaFetch(handler: FetchHandler, body: CreateOrderRequest) {
  const response = await handler(
    new Request('https://shop.example/api/flowwise/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, headers: JSON.stringify([...response.headers]), text: await response.text() };
}

/** Sends one order over loopback to the handler mounted with toNodeHandler on a Node http server. */
async function viaNode(handler: FetchHandler, body: CreateOrderRequest) {
  const url = await listen(toNodeHandler(handler));
  const response = await fetch(`${url}/api/flowwise/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: JSON.stringify([...response.headers]), text: await response.text() };
}

const UNAVAILABLE = {
  status: 502,
  body: {
    message: 'Flowwise could not be reached or failed; see the server log for this request id.',
    code: 'bad_gateway',
    type: 'server_error',
  },
};
const TIMED_OUT = {
  status: 504,
  body: { message: 'Flowwise took too long to answer.', code: 'gateway_timeout', type: 'server_error' },
};

const faults: Array<{
  name: string;
  behaviour: SandboxBehaviour;
  expected: typeof UNAVAILABLE;
  /** What the client itself throws for this fault. */
  kind: FlowwiseErrorKind;
  /** A piece of the log line, naming what went wrong. */
  logged: RegExp;
}> = [
  {
    name: 'upstream slower than the timeout',
    behaviour: { latencyMs: 5000 },
    expected: TIMED_OUT,
    kind: 'timeout',
    logged: /504 gateway_timeout: Flowwise timed out/,
  },
  {
    name: 'upstream that never answers',
    behaviour: { fault: { type: 'hang' } },
    expected: TIMED_OUT,
    kind: 'timeout',
    logged: /504 gateway_timeout/,
  },
  {
    name: 'connection reset before the response',
    behaviour: { fault: { type: 'reset' } },
    expected: UNAVAILABLE,
    kind: 'network',
    logged: /502 bad_gateway: Flowwise failed: Flowwise could not be reached/,
  },
  {
    name: 'connection reset mid-response',
    behaviour: { fault: { type: 'reset', afterBytes: 20 } },
    expected: UNAVAILABLE,
    kind: 'network',
    logged: /502 bad_gateway: Flowwise failed: Flowwise could not be reached/,
  },
  {
    name: 'endless response body',
    behaviour: { fault: { type: 'huge-body' } },
    expected: UNAVAILABLE,
    kind: 'invalid_response',
    logged: /response_too_large/,
  },
  {
    name: 'HTML 502 page',
    behaviour: { fault: { type: 'html', status: 502 } },
    expected: UNAVAILABLE,
    kind: 'http',
    logged: /answered 502 without an error body/,
  },
  {
    name: 'HTML 503 page',
    behaviour: { fault: { type: 'html', status: 503 } },
    expected: UNAVAILABLE,
    kind: 'http',
    logged: /answered 503 without an error body/,
  },
  {
    name: 'JSON 500',
    behaviour: { fault: { type: 'error', status: 500 } },
    expected: UNAVAILABLE,
    kind: 'http',
    logged: /502 bad_gateway: Flowwise failed/,
  },
  {
    name: '200 that is not an order',
    behaviour: { fault: { type: 'invalid-response' } },
    expected: UNAVAILABLE,
    kind: 'invalid_response',
    logged: /unexpected response/,
  },
  {
    name: '401 (wrong credentials)',
    behaviour: { fault: { type: 'error', status: 401 } },
    expected: UNAVAILABLE,
    kind: 'http',
    logged: /rejected the merchant credentials \(401\)/,
  },
  {
    name: '401 that echoes the secret back',
    behaviour: {
      fault: { type: 'error', status: 401, body: { message: `Invalid x-client-secret "${SECRET}"`, code: SECRET, type: `auth ${SECRET}` } },
    },
    expected: UNAVAILABLE,
    kind: 'http',
    logged: /rejected the merchant credentials \(401\)/,
  },
  {
    name: '500 that echoes the secret back',
    behaviour: { fault: { type: 'error', status: 500, body: { message: `upstream saw secret=${SECRET}` } } },
    expected: UNAVAILABLE,
    kind: 'http',
    logged: /secret=\[redacted\]/,
  },
];

describe.each(faults)('$name', ({ behaviour, expected, kind, logged }) => {
  it.each([
    ['the Fetch handler', viaFetch],
    ['toNodeHandler on a loopback server', viaNode],
  ] as const)('answers %s with its documented status and ErrorResponse, and the secret stays out of it', async (_, via) => {
    sandbox.configure(behaviour);
    const reported: unknown[] = [];
    // The default logger (console.error) and a merchant's own, which gets the original error.
    const handler = createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(), prepareOrder: (o) => o });
    const logging = createOrderHandler({
      store: createMemoryOrderStore(),
      client: clientFor(),
      prepareOrder: (o) => o,
      onError: (error, info) => {
        reported.push(error);
        console.error(info.message, error);
      },
    });

    // A timeout fault is ended by the client's TIMEOUT_MS, however long the upstream would have kept going.
    const answer = await via(handler, order());
    const second = await via(logging, order());

    for (const { status, text } of [answer, second]) {
      expect({ status, body: JSON.parse(text) }).toEqual(expected);
      expect(errorResponseSchema.safeParse(JSON.parse(text)).success).toBe(true);
    }
    expect(output.text()).toMatch(logged);
    expect(reported).toHaveLength(1);
    expect(causeChainLength(reported[0])).toBeGreaterThan(0);
    const everything = [answer.text, answer.headers, second.text, second.headers, output.text(), ...errorTexts(reported[0])];
    expect(secretsIn(everything.join('\n'))).toEqual([]);
  });

  it('makes the client throw a FlowwiseError whose message, stack and causes never hold the secret', async () => {
    sandbox.configure(behaviour);
    const error = await clientFor()
      .createOrder(order())
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );

    expect(isFlowwiseError(error)).toBe(true);
    expect(error).toMatchObject({ kind });
    const texts = errorTexts(error);
    expect(texts.length).toBeGreaterThanOrEqual(4);
    expect(secretsIn(texts.join('\n'))).toEqual([]);
    expect(secretsIn(output.text())).toEqual([]);
  });
});

describe("the handler's own scrubbing, for errors that never went through the client", () => {
  it.each([
    ['the Fetch handler', viaFetch],
    ['toNodeHandler on a loopback server', viaNode],
  ] as const)('keeps a secret in a prepareOrder error out of the answer and the default log (%s)', async (_, via) => {
    const rejecting = createOrderHandler({
      store: createMemoryOrderStore(),
      client: clientFor(),
      prepareOrder: () => {
        throw new FlowwiseError('validation', `Cart rejected by rule ${SECRET}.`, { code: 'cart_rejected' });
      },
    });
    const crashing = createOrderHandler({
      store: createMemoryOrderStore(),
      client: clientFor(),
      prepareOrder: () => {
        throw new Error(`pricing service refused key ${SECRET}`);
      },
    });

    const rejected = await via(rejecting, order());
    const crashed = await via(crashing, order());

    expect({ status: rejected.status, body: JSON.parse(rejected.text) }).toEqual({
      status: 400,
      body: { message: 'Cart rejected by rule [redacted].', code: 'cart_rejected', type: 'validation_error' },
    });
    expect({ status: crashed.status, body: JSON.parse(crashed.text) }).toEqual({
      status: 500,
      body: { message: 'Your order could not be prepared. Please try again.', code: 'internal_error', type: 'server_error' },
    });
    expect(output.text()).toContain('pricing service refused key [redacted]');
    expect(secretsIn([rejected.text, rejected.headers, crashed.text, crashed.headers, output.text()].join('\n'))).toEqual([]);
    // Nothing was sent (orders would not do: a slow-upstream test's order may still be created late).
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('an endless upstream body', () => {
  /** A loopback TCP relay in front of the sandbox that counts, per connection, the bytes the sandbox sends. */
  async function countingRelay(target: string) {
    const { port } = new URL(target);
    const connections: Array<{ bytes: number; closed: boolean }> = [];
    const sockets = new Set<Socket>();
    const relay: TcpServer = createTcpServer((downstream) => {
      const upstream = connect(Number(port), '127.0.0.1');
      const connection = { bytes: 0, closed: false };
      connections.push(connection);
      sockets.add(downstream).add(upstream);
      upstream.on('data', (chunk: Buffer) => {
        connection.bytes += chunk.length;
      });
      downstream.pipe(upstream);
      upstream.pipe(downstream);
      const close = () => {
        connection.closed = true;
        downstream.destroy();
        upstream.destroy();
        sockets.delete(downstream);
        sockets.delete(upstream);
      };
      downstream.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/router`,
      bytes: () => connections.reduce((sum, connection) => sum + connection.bytes, 0),
      /** Whether every connection that carried a response has been closed. */
      streamsClosed: () => connections.filter((connection) => connection.bytes > 0).every((connection) => connection.closed),
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((resolve) => relay.close(resolve));
      },
    };
  }

  it('is read only up to the limit: a 502 before the timeout, a bounded number of bytes crossed, and the stream is stopped', async () => {
    sandbox.configure({ fault: { type: 'huge-body' } });
    const relay = await countingRelay(sandbox.apiBaseUrl);
    try {
      const handler = createOrderHandler({ store: createMemoryOrderStore(), client: clientFor(relay.url), prepareOrder: (o) => o });
      const heapBefore = process.memoryUsage().heapUsed;

      const answer = await viaFetch(handler, order());

      // The limit ended the read (a 502 for response_too_large), not the clock (the 504 of TIMEOUT_MS).
      expect({ status: answer.status, body: JSON.parse(answer.text) }).toEqual(UNAVAILABLE);
      expect(output.text()).toMatch(/response_too_large/);
      // The client stopped reading at 256 kB; what else crossed sat in socket buffers.
      expect(relay.bytes()).toBeGreaterThan(256 * 1024);
      expect(relay.bytes()).toBeLessThan(16 * 1024 * 1024);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
      // The client dropped the connection, and the relay with it the sandbox's: no more bytes can come.
      await expect.poll(() => relay.streamsClosed(), { timeout: 2000 }).toBe(true);
    } finally {
      await relay.close();
    }
  });
});

it("the sandbox's mid-response reset sends a 200's headers and part of its body, then drops the connection", async () => {
  sandbox.configure({ fault: { type: 'reset', afterBytes: 20 } });
  const response = await fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': sandbox.clientId, 'x-client-secret': SECRET },
    body: JSON.stringify(order()),
  });

  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toBe('{"order_id":"cut","c');
  await expect(reader.read()).rejects.toThrow();
});

describe.each(faults)('$name, on getOrder and getOrderPayments', ({ behaviour, kind }) => {
  it('makes each read throw the same kind of FlowwiseError as createOrder, never holding the secret', async () => {
    const placed = order();
    await clientFor().createOrder(placed);
    sandbox.configure(behaviour);
    for (const read of [clientFor().getOrder, clientFor().getOrderPayments]) {
      const error = await read(placed.order_id).then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(isFlowwiseError(error)).toBe(true);
      expect(error).toMatchObject({ kind });
      const texts = errorTexts(error);
      expect(texts.length).toBeGreaterThanOrEqual(4);
      expect(secretsIn(texts.join('\n'))).toEqual([]);
    }
    expect(secretsIn(output.text())).toEqual([]);
  });
});

describe("redaction is the client's own guarantee", () => {
  // A secret with the characters JSON escapes: redacting JSON text would miss its escaped form.
  const QUOTED_SECRET = `${SECRET}"quote\\back`;
  let quoted: Sandbox;
  beforeAll(async () => {
    quoted = await startSandbox({ clientSecret: QUOTED_SECRET });
  });
  afterAll(async () => {
    await quoted.close();
  });

  it('keeps a secret with " and \\ out of the answer, through a client wrapped by the store', async () => {
    quoted.configure({
      fault: {
        type: 'error',
        status: 400,
        body: { message: `Bad header x-client-secret: ${QUOTED_SECRET}`, code: 'bad_header', type: 'validation_error' },
      },
    });
    const client = createFlowwiseClient({
      clientId: quoted.clientId,
      clientSecret: QUOTED_SECRET,
      environment: 'sandbox',
      baseUrl: quoted.apiBaseUrl,
    });
    const calls: string[] = [];
    // A wrapper as a store writes one, to time or log its calls: the spread drops nothing the guarantee needs.
    const wrapped = {
      ...client,
      createOrder: (...args: Parameters<typeof client.createOrder>) => {
        calls.push(args[0].order_id);
        return client.createOrder(...args);
      },
    };
    const handler = createOrderHandler({ store: createMemoryOrderStore(), client: wrapped, prepareOrder: (body) => body });

    const { status, text } = await viaFetch(handler, order());

    expect(calls).toHaveLength(1);
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ message: 'Bad header x-client-secret: [redacted]', code: 'bad_header', type: 'validation_error' });
    expect(text).not.toContain(JSON.stringify(QUOTED_SECRET).slice(1, -1));
    expect(secretsIn(text)).toEqual([]);
  });

  it('redacts what the client returns as well as what it throws', async () => {
    const echoing: typeof fetch = async (_, init) => {
      const { order_id } = JSON.parse(init?.body as string) as CreateOrderRequest;
      return Response.json({
        order_id,
        checkout_url: `https://payments.flowwise.com/checkout/${order_id}`,
        order_note: `key=${QUOTED_SECRET}`,
      });
    };
    const client = createFlowwiseClient({ clientId: 'id', clientSecret: QUOTED_SECRET, environment: 'sandbox', fetch: echoing });

    const created = await client.createOrder(order());

    expect(created.order_note).toBe('key=[redacted]');
    expect(secretsIn(JSON.stringify(created))).toEqual([]);
  });

  it('redacts what getOrder and getOrderPayments return', async () => {
    const echoing: typeof fetch = async (input) =>
      (input instanceof Request ? input.url : input.toString()).endsWith('/payments')
        ? Response.json([
            { payment_id: 'pay_1', status: 'FAILED', gateway_details: { auth_id: null, processor_ref: `ref ${QUOTED_SECRET}`, utr: null } },
          ])
        : Response.json({ order_id: 'order_echo', order_status: 'ACTIVE', order_note: `key=${QUOTED_SECRET}` });
    const client = createFlowwiseClient({ clientId: 'id', clientSecret: QUOTED_SECRET, environment: 'sandbox', fetch: echoing });

    const read = await client.getOrder('order_echo');
    const payments = await client.getOrderPayments('order_echo');

    expect(read.order_note).toBe('key=[redacted]');
    expect(payments[0]!.gateway_details!.processor_ref).toBe('ref [redacted]');
    expect(secretsIn(JSON.stringify([read, payments]))).toEqual([]);
  });
});
