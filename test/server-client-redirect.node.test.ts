import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createFlowwiseClient, createOrderHandler, createMemoryOrderStore } from '@flowwise/react/server';
import { isFlowwiseError } from '@flowwise/react';
import { expect, it } from 'vitest';
import { listen } from './serverSupport';

const order = { order_id: 'redirected_1', order_amount: 10, order_currency: 'INR', customer_details: {} };

it.each([301, 302, 303, 307, 308])('does not follow a %i from Flowwise, so the secret goes nowhere else', async (status) => {
  // Where the redirect points: it would gladly take the order, and the headers that came with it.
  const received: IncomingHttpHeaders[] = [];
  const elsewhere = await listen(
    createServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ order_id: 'redirected_1', order_status: 'ACTIVE', checkout_url: 'https://payments.flowwise.com/checkout/x' }),
      );
    }),
  );
  const redirecting = await listen(
    createServer((req, res) => {
      req.resume();
      res.writeHead(status, { location: `${elsewhere}/router/orders` });
      res.end();
    }),
  );
  const client = createFlowwiseClient({
    clientId: 'id',
    clientSecret: 'secret_never_forwarded',
    environment: 'sandbox',
    baseUrl: `${redirecting}/router`,
  });

  const error = await client.createOrder(order).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isFlowwiseError(error) && error.kind).toBe('network');
  for (const read of [client.getOrder, client.getOrderPayments]) {
    const refused = await read('redirected_1').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isFlowwiseError(refused) && refused.kind).toBe('network');
  }

  const logged: string[] = [];
  const handler = createOrderHandler({
    store: createMemoryOrderStore(),
    client,
    prepareOrder: (o) => o,
    onError: (_error, info) => logged.push(info.message),
  });
  const response = await handler(
    new Request('http://shop.example/api/flowwise/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    }),
  );
  expect(response.status).toBe(502);
  expect(await response.json()).toMatchObject({ code: 'bad_gateway' });
  expect(received).toEqual([]);
});
