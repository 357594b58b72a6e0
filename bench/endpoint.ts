// One merchant endpoint of the CPU bench (bench/cpu.ts), in a process of its own, against the sandbox:
//   handler  createOrderHandler through toNodeHandler on node:http, as a Node or Express shop mounts it;
//   proxy    a bare proxy: the body forwarded to the sandbox with fetch, nothing checked or recorded;
//   route    what a shop would write by hand instead of the handler: the same checks with zod (the package's
//            schemas, in zod/mini) and fetch;
//   fetch    createOrderHandler called as a plain Fetch handler, the way a Fetch runtime (Deno, Bun, a
//            worker) calls it: this process builds each Request itself and reads each Response, with no
//            HTTP server and no Node adapter. Its figure is for information: nothing receives a request.
//   adapter  toNodeHandler around a Fetch handler that parses the posted JSON and answers a fixed order at
//            once, without the sandbox: what the adapter's Request, body stream, signal and Response cost;
//   echo     the same answer from a plain Node handler, the adapter's baseline.
// Each reports its own CPU time (process.cpuUsage()) when asked, over IPC.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Kind = 'handler' | 'proxy' | 'route' | 'fetch' | 'adapter' | 'echo';
export type EndpointMessage = { type: 'cpu' } | { type: 'run'; first: number; amount: number; connections: number };

const [kind, apiBaseUrl, clientId, clientSecret] = process.argv.slice(2) as [Kind, string, string, string];
const ordersUrl = `${apiBaseUrl}/orders`;
const server = (await import(new URL('../dist/server.mjs', import.meta.url).href)) as typeof import('@flowwise/react/server');
const { createOrderRequestSchema, createOrderResponseSchema } = (await import(
  new URL('../dist/index.mjs', import.meta.url).href
)) as typeof import('@flowwise/react');

function createHandler() {
  return server.createOrderHandler({
    client: server.createFlowwiseClient({ clientId, clientSecret, environment: 'sandbox', baseUrl: apiBaseUrl }),
    // Every order is recorded before it is answered, as in a shop (there, in Postgres).
    store: server.createMemoryOrderStore(),
    prepareOrder: (order) => order,
  });
}

const flowwiseHeaders = {
  'Content-Type': 'application/json',
  Accept: 'application/json',
  'x-client-id': clientId,
  'x-client-secret': clientSecret,
};

async function readAll(req: IncomingMessage, limit = Infinity): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The same request to the sandbox, with the same fetch, and no checks at all. */
async function proxy(req: IncomingMessage, res: ServerResponse) {
  const upstream = await fetch(ordersUrl, {
    method: 'POST',
    headers: flowwiseHeaders,
    body: (await readAll(req)) as Uint8Array<ArrayBuffer>,
  });
  res.writeHead(upstream.status, { 'Content-Type': 'application/json' }).end(await upstream.text());
}

/**
 * The route a shop would write instead of the handler: POST and JSON only, not from another site, a body
 * of at most 16 kB, the order checked with zod, recorded (in the same memory store as the handler's, so
 * that the store costs both the same), created with a time limit and no redirects, Flowwise's answer
 * checked with zod and recorded, and the answer written.
 */
function createRoute() {
  const store = server.createMemoryOrderStore();
  const answer = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return answer(res, 405, { message: 'Use POST.' });
    if (req.headers['sec-fetch-site'] === 'cross-site') return answer(res, 403, { message: 'Cross-site request.' });
    if (!req.headers['content-type']?.startsWith('application/json')) return answer(res, 415, { message: 'Send JSON.' });
    const body = await readAll(req, 16_384);
    if (!body) return answer(res, 413, { message: 'Too large.' });
    let posted: unknown;
    try {
      posted = JSON.parse(body.toString('utf8'));
    } catch {
      return answer(res, 400, { message: 'Not JSON.' });
    }
    const order = createOrderRequestSchema.safeParse(posted);
    if (!order.success) return answer(res, 400, { message: 'Invalid order.', issues: order.error.issues });
    const orderId = order.data.order_id;
    const reserved = await store.insert({
      orderId,
      owner: null,
      orderIdSource: 'prepareOrder',
      payload: order.data,
      order: order.data,
      checkoutUrl: '',
      expiresAt: null,
    });
    if (!reserved.inserted) return answer(res, 409, { message: 'Already exists.' });
    try {
      const upstream = await fetch(ordersUrl, {
        method: 'POST',
        headers: flowwiseHeaders,
        body: JSON.stringify(order.data),
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      const created = createOrderResponseSchema.safeParse(await upstream.json());
      if (!upstream.ok || !created.success) return answer(res, 502, { message: 'Flowwise failed.' });
      await store.recordRead(orderId, {
        status: 'active',
        outcome: 'pending',
        flowwiseStatus: 'ACTIVE',
        checkoutUrl: created.data.checkout_url,
      });
      return answer(res, 200, created.data);
    } catch {
      return answer(res, 502, { message: 'Flowwise could not be reached.' });
    }
  };
}

// What adapter and echo answer: a created order, with the headers the handler's answers carry.
const created = JSON.stringify({
  order_id: 'bench_1',
  order_status: 'ACTIVE',
  checkout_url: 'https://payments.flowwise.com/checkout/bench_1',
  order_expiry_time: '2030-01-01T00:00:00.000Z',
});
const answerHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-request-id': 'req_0123456789abcdefghijkl',
};
const adapter = () =>
  server.toNodeHandler(async (request) => {
    JSON.parse(await request.text());
    return new Response(created, { status: 200, headers: answerHeaders });
  });
async function echo(req: IncomingMessage, res: ServerResponse) {
  JSON.parse((await readAll(req))!.toString('utf8'));
  res.writeHead(200, answerHeaders).end(created);
}

/** `amount` orders through the Fetch handler, `connections` at a time, as a Fetch runtime would hand them over. */
async function runFetch(handler: (request: Request) => Promise<Response>, first: number, amount: number, connections: number) {
  let next = first;
  const end = first + amount;
  let failed = 0;
  const worker = async () => {
    while (next < end) {
      const body = JSON.stringify({ order_id: `bench_${next++}`, ...benchOrder });
      const response = await handler(
        new Request('http://127.0.0.1/api/flowwise/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      );
      await response.text();
      if (!response.ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return failed;
}

/** What every bench order holds besides its `order_id`. */
export const benchOrder = {
  order_amount: 499.5,
  order_currency: 'INR',
  customer_details: { customer_id: 'shopper_1', customer_email: 'shopper@example.com' },
};

if (process.send) {
  process.on('disconnect', () => process.exit());
  if (kind === 'fetch') {
    const handler = createHandler();
    process.on('message', (message: EndpointMessage) => {
      if (message.type !== 'run') return;
      const before = process.cpuUsage();
      const started = performance.now();
      void runFetch(handler, message.first, message.amount, message.connections).then((failed) =>
        process.send!({ cpu: process.cpuUsage(before), ms: performance.now() - started, failed }),
      );
    });
    process.send({ port: 0 });
  } else {
    const listeners = {
      handler: () => server.toNodeHandler(createHandler()),
      proxy: () => proxy,
      route: createRoute,
      adapter,
      echo: () => echo,
    };
    const listener = listeners[kind]();
    const http = createServer((req, res) => void listener(req, res));
    process.on('message', (message: EndpointMessage) => message.type === 'cpu' && process.send!({ cpu: process.cpuUsage() }));
    http.listen(0, '127.0.0.1', () => process.send!({ port: (http.address() as AddressInfo).port }));
  }
}
