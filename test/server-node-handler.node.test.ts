import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import {
  createFlowwiseClient,
  createOrderHandler,
  toNodeHandler,
  type CreateOrderHandlerOptions,
  type FetchHandler,
  createMemoryOrderStore,
} from '@flowwise/react/server';
import { type CreateOrderRequest } from '@flowwise/react';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';
import { listen } from './serverSupport';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

function orderHandler(maxBodyBytes?: number, options: Partial<CreateOrderHandlerOptions> = {}): FetchHandler {
  const client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
  });
  return createOrderHandler({ store: createMemoryOrderStore(), client, prepareOrder: (order) => order, maxBodyBytes, ...options });
}

/**
 * A client on a raw socket that sends `head`, then one more piece of body every 20 ms for as long as
 * the server keeps the connection open. Resolves, once the server has closed it, with everything the
 * server sent and how many body bytes went out.
 */
function trickle(url: string, head: string, piece: string) {
  const { port } = new URL(url);
  return new Promise<{ status: number; headers: string; body: unknown; bodyBytesSent: number; closedByServer: boolean }>(
    (resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      let bodyBytesSent = 0;
      let closedByServer = false;
      const drip = setInterval(() => {
        if (!socket.writable) return;
        socket.write(piece);
        bodyBytesSent += Buffer.byteLength(piece);
      }, 20);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => (closedByServer = true));
      socket.on('error', () => undefined); // a write racing the server's close
      socket.on('close', () => {
        clearInterval(drip);
        const [headers = '', rest = ''] = received.split('\r\n\r\n');
        const json = /\{[\s\S]*\}/.exec(rest)?.[0];
        if (!json) return reject(new Error(`no JSON answer in: ${received}`));
        resolve({
          status: Number(headers.split(' ')[1]),
          headers: headers.toLowerCase(),
          body: JSON.parse(json),
          bodyBytesSent,
          closedByServer,
        });
      });
      socket.write(head);
    },
  );
}

const order: CreateOrderRequest = { order_id: 'node_1', order_amount: 250, order_currency: 'INR', customer_details: {} };

/** Sends the headers of a body that never comes, and resolves with the response. */
function startUpload(url: string, headers: Record<string, string | number>) {
  const req = httpRequest(`${url}/api/flowwise/orders`, { method: 'POST', headers });
  req.on('error', () => undefined); // the server may close the connection while we would still be sending
  req.flushHeaders();
  return new Promise<{ response: IncomingMessage; body: string; destroy: () => void }>((resolve, reject) => {
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ response, body, destroy: () => req.destroy() }));
      response.on('error', reject);
    });
  });
}

it('creates an order through a Node http server', async () => {
  const url = await listen(toNodeHandler(orderHandler()));
  const response = await fetch(`${url}/api/flowwise/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(order),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toEqual({ order_id: 'node_1', checkout_url: sandbox.orders.get('node_1')!.response.checkout_url });
});

it('answers 413 to a declared Content-Length over the limit before any of the body is sent', async () => {
  const url = await listen(toNodeHandler(orderHandler()));
  const { response, body, destroy } = await startUpload(url, { 'Content-Type': 'application/json', 'Content-Length': 50_000_000 });
  destroy();
  expect(response.statusCode).toBe(413);
  expect(JSON.parse(body)).toMatchObject({ code: 'payload_too_large' });
});

it('answers 408 to a body sent a byte at a time once bodyTimeoutMs has passed, and closes the connection', async () => {
  const url = await listen(toNodeHandler(orderHandler(undefined, { bodyTimeoutMs: 200 })));
  const head = 'POST /api/flowwise/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';

  const answer = await trickle(url, head, ' ');

  expect(answer.status).toBe(408);
  expect(answer.headers).toContain('connection: close');
  expect(answer.body).toEqual({
    message: 'The request body did not arrive within 200 ms.',
    code: 'request_timeout',
    type: 'invalid_request_error',
  });
  // The server hung up on a client still sending, well short of the 1000 bytes it announced.
  expect(answer.closedByServer).toBe(true);
  expect(answer.bodyBytesSent).toBeLessThan(999);
  expect(sandbox.requests).toHaveLength(0);
});

it('answers 413 to an upload that keeps coming, and closes the connection instead of reading the rest', async () => {
  const url = await listen(toNodeHandler(orderHandler(1024)));
  const chunk = 'x'.repeat(4096);
  const piece = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  const head = `POST /api/flowwise/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${piece}`;

  const answer = await trickle(url, head, piece);

  expect(answer.status).toBe(413);
  expect(answer.headers).toContain('connection: close');
  expect(answer.body).toEqual({
    message: 'The request body is larger than 1024 bytes.',
    code: 'payload_too_large',
    type: 'invalid_request_error',
  });
  expect(answer.closedByServer).toBe(true);
  expect(sandbox.requests).toHaveLength(0);
});

it("compares Origin with the Host header: the page's own host passes, another is refused, allowedOrigins admits a proxied one", async () => {
  const url = await listen(toNodeHandler(orderHandler(undefined, { allowedOrigins: ['https://shop.example'] })));
  const send = (orderId: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = httpRequest(
        `${url}/api/flowwise/orders`,
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ ...order, order_id: orderId }));
    });
  const { host } = new URL(url);

  expect((await send('node_same_host', { origin: url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  expect(await send('node_other_site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toEqual({
    status: 403,
    body: {
      message: 'A browser request from another site was refused; list its origin in allowedOrigins if it is yours.',
      code: 'cross_site_request',
      type: 'invalid_request_error',
    },
  });
  // A proxy that passes its own upstream Host: the shop's page is on another host than the server sees.
  expect(
    (await send('node_proxied', { host: 'orders.internal:3000', origin: 'https://shop.example', 'sec-fetch-site': 'same-origin' })).status,
  ).toBe(200);
  expect((await send('node_proxied_other', { host: 'orders.internal:3000', origin: `http://${host}` })).status).toBe(403);
  expect([...sandbox.orders.keys()]).toEqual(['node_same_host', 'node_proxied']);
});

it('answers 405 with Allow: POST', async () => {
  const url = await listen(toNodeHandler(orderHandler()));
  const response = await fetch(`${url}/api/flowwise/orders`);
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('POST');
  expect(await response.json()).toMatchObject({ code: 'method_not_allowed' });
});

it('uses a body an Express body parser already read', async () => {
  const handler = toNodeHandler(orderHandler());
  const url = await listen((req, res) => {
    // What express.json() does: read the stream to its end and leave the result on req.body.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      void handler(req, res);
    });
  });
  const response = await fetch(`${url}/api/flowwise/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...order, order_id: 'node_parsed' }),
  });
  expect(response.status).toBe(200);
  expect(sandbox.orders.get('node_parsed')!.request).toEqual({ ...order, order_id: 'node_parsed' });
});

it('gives the handler the full URL, method and headers, and writes every response header back', async () => {
  const seen: Array<{ url: string; method: string; custom: string | null }> = [];
  const url = await listen(
    toNodeHandler(async (request) => {
      seen.push({ url: request.url, method: request.method, custom: request.headers.get('x-custom') });
      const headers = new Headers({ 'X-One': '1' });
      headers.append('Set-Cookie', 'a=1');
      headers.append('Set-Cookie', 'b=2');
      return new Response('ok', { status: 201, headers });
    }),
  );
  const response = await fetch(`${url}/api/flowwise/orders?x=1`, { method: 'PUT', headers: { 'X-Custom': 'yes' }, body: 'x' });
  expect(response.status).toBe(201);
  expect(await response.text()).toBe('ok');
  expect(response.headers.get('x-one')).toBe('1');
  expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  expect(seen).toEqual([{ url: `${url}/api/flowwise/orders?x=1`, method: 'PUT', custom: 'yes' }]);
});

it('aborts the request signal when the client goes away', async () => {
  let resolveAborted: (value: boolean) => void;
  const aborted = new Promise<boolean>((resolve) => (resolveAborted = resolve));
  let reachedHandler = () => {};
  const reached = new Promise<void>((resolve) => (reachedHandler = resolve));
  const url = await listen(
    toNodeHandler(
      (request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener('abort', () => {
            resolveAborted(true);
            resolve(new Response(null, { status: 499 }));
          });
          reachedHandler();
        }),
    ),
  );
  const req = httpRequest(`${url}/`, { method: 'GET' });
  req.on('error', () => undefined);
  req.end();
  // The client goes away while the handler is working on its request.
  await reached;
  req.destroy();
  expect(await aborted).toBe(true);
});

it('answers 400 to a Host header no URL can be made of, without calling the handler', async () => {
  let called = false;
  const url = await listen(
    toNodeHandler(async () => {
      called = true;
      return new Response('ok');
    }),
  );
  const answer = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = httpRequest(`${url}/api/flowwise/orders`, { method: 'POST', headers: { host: 'shop example' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end('{}');
  });
  expect(answer).toEqual({
    status: 400,
    body: { message: 'The request could not be understood.', code: 'bad_request', type: 'invalid_request_error' },
  });
  expect(called).toBe(false);
});

it('passes an error the handler throws to next, or answers 500 without it', async () => {
  const failing = toNodeHandler(async () => {
    throw new Error('boom');
  });
  const errors: unknown[] = [];
  const withNext = await listen((req, res) => {
    void failing(req, res, (error) => {
      errors.push(error);
      res.statusCode = 503;
      res.end();
    });
  });
  expect((await fetch(withNext)).status).toBe(503);
  expect(errors).toEqual([new Error('boom')]);

  const withoutNext = await listen((req, res) => void failing(req, res));
  const response = await fetch(withoutNext);
  expect(response.status).toBe(500);
  expect(await response.json()).toEqual({ message: 'Internal server error.', code: 'internal_error', type: 'server_error' });
});

it('sends a one-chunk answer in one piece with its Content-Length, and a streamed one as it comes', async () => {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const handler: FetchHandler = async (request) => {
    if (new URL(request.url).pathname === '/json') return Response.json({ order_id: 'o_1' });
    const encoder = new TextEncoder();
    return new Response(
      new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('first;'));
          await released;
          controller.enqueue(encoder.encode('second;'));
          controller.close();
        },
      }),
    );
  };
  const url = await listen(toNodeHandler(handler));

  const json = await fetch(`${url}/json`);
  expect(json.headers.get('content-length')).toBe(String('{"order_id":"o_1"}'.length));
  expect(json.headers.get('transfer-encoding')).toBeNull();
  expect(await json.json()).toEqual({ order_id: 'o_1' });

  const streamed = await fetch(`${url}/stream`);
  expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
  const reader = streamed.body!.getReader();
  const decoder = new TextDecoder();
  // The first chunk arrives while the handler still holds the second back.
  expect(decoder.decode((await reader.read()).value)).toBe('first;');
  release();
  let rest = '';
  for (let next = await reader.read(); !next.done; next = await reader.read()) rest += decoder.decode(next.value);
  expect(rest).toBe('second;');
});
