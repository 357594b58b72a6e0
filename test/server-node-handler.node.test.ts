import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createFlowwiseClient,
  createOrderHandler,
  toNodeHandler,
  type CreateOrderRequest,
  type FetchHandler,
} from '@flowwise/react/server';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
const servers: Server[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.reset());
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real Node HTTP server on an ephemeral loopback port. Like Node, it does not wait for a promise the listener returns. */
async function listen(listener: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<string> {
  const server = createServer((req, res) => void listener(req, res));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function orderHandler(maxBodyBytes?: number): FetchHandler {
  const client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
  });
  return createOrderHandler({ client, prepareOrder: (order) => order, maxBodyBytes });
}

const order: CreateOrderRequest = { order_id: 'node_1', order_amount: 250, order_currency: 'INR', customer_details: {} };

/** Sends headers and an optional first chunk of a body that never ends, and resolves with the response. */
function startUpload(url: string, headers: Record<string, string | number>, firstChunk?: Buffer) {
  const req = httpRequest(`${url}/api/flowwise/orders`, { method: 'POST', headers });
  req.on('error', () => undefined); // the server may close the connection while we would still be sending
  if (firstChunk) req.write(firstChunk);
  else req.flushHeaders();
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
  expect(await response.json()).toEqual(sandbox.orders.get('node_1')!.response);
});

it('answers 413 to an upload that never ends, without waiting for the rest of it', async () => {
  const url = await listen(toNodeHandler(orderHandler(1024)));
  const { response, body, destroy } = await startUpload(
    url,
    { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
    Buffer.alloc(4096, 'x'),
  );
  destroy();
  expect(response.statusCode).toBe(413);
  expect(response.headers.connection).toBe('close');
  expect(JSON.parse(body)).toEqual({
    message: 'The request body is larger than 1024 bytes.',
    code: 'payload_too_large',
    type: 'invalid_request_error',
  });
  expect(sandbox.requests).toHaveLength(0);
});

it('answers 413 to a declared Content-Length over the limit before any of the body is sent', async () => {
  const url = await listen(toNodeHandler(orderHandler()));
  const { response, body, destroy } = await startUpload(url, { 'Content-Type': 'application/json', 'Content-Length': 50_000_000 });
  destroy();
  expect(response.statusCode).toBe(413);
  expect(JSON.parse(body)).toMatchObject({ code: 'payload_too_large' });
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
  const url = await listen(
    toNodeHandler(
      (request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener('abort', () => {
            resolveAborted(true);
            resolve(new Response(null, { status: 499 }));
          });
        }),
    ),
  );
  const req = httpRequest(`${url}/`, { method: 'GET' });
  req.on('error', () => undefined);
  req.end();
  setTimeout(() => req.destroy(), 50);
  expect(await aborted).toBe(true);
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
