import { afterEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxRequest } from '../sandbox';

let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function createOrder(target: Sandbox, orderId: string, secret = target.clientSecret) {
  return fetch(`${target.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': target.clientId, 'x-client-secret': secret },
    body: JSON.stringify({ order_id: orderId, order_amount: 10, order_currency: 'INR', customer_details: {} }),
  });
}

it('with recordRequests off, keeps no request but still calls onRequest with each one, rejected ones too', async () => {
  const seen: SandboxRequest[] = [];
  sandbox = await startSandbox({ recordRequests: false, onRequest: (request) => seen.push(request) });

  expect((await createOrder(sandbox, 'rec_1')).status).toBe(200);
  expect((await createOrder(sandbox, 'rec_2', 'wrong')).status).toBe(401);

  expect(sandbox.requests).toEqual([]);
  expect(seen.map((request) => JSON.parse(request.body).order_id)).toEqual(['rec_1', 'rec_2']);
  expect(seen[0]!.headers['x-client-id']).toBe(sandbox.clientId);
  expect([...sandbox.orders.keys()]).toEqual(['rec_1']);
});

it('records every request by default, and calls onRequest with the same record', async () => {
  const seen: SandboxRequest[] = [];
  sandbox = await startSandbox({ onRequest: (request) => seen.push(request) });

  await createOrder(sandbox, 'rec_3');

  expect(sandbox.requests).toHaveLength(1);
  expect(seen).toEqual(sandbox.requests);
});
