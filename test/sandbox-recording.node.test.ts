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

const idsOf = (requests: SandboxRequest[]) => requests.map((request) => (JSON.parse(request.body) as { order_id: string }).order_id);

it('with recordRequests off, keeps no request but still calls onRequest with each authenticated one', async () => {
  const seen: SandboxRequest[] = [];
  sandbox = await startSandbox({ recordRequests: false, onRequest: (request) => seen.push(request) });

  expect((await createOrder(sandbox, 'rec_1')).status).toBe(200);
  expect((await createOrder(sandbox, 'rec_2', 'wrong')).status).toBe(401);

  expect(sandbox.requests).toEqual([]);
  expect(idsOf(seen)).toEqual(['rec_1']);
  expect(seen[0]!.headers['x-client-id']).toBe(sandbox.clientId);
  expect([...sandbox.orders.keys()]).toEqual(['rec_1']);
});

it('records by default, and calls onRequest with the same record', async () => {
  const seen: SandboxRequest[] = [];
  sandbox = await startSandbox({ onRequest: (request) => seen.push(request) });

  await createOrder(sandbox, 'rec_3');

  expect(sandbox.requests).toHaveLength(1);
  expect(seen).toEqual(sandbox.requests);
});

it('neither records nor reports a request that fails the credential check, whatever its size', async () => {
  const seen: SandboxRequest[] = [];
  sandbox = await startSandbox({ onRequest: (request) => seen.push(request) });
  const megabyte = 'x'.repeat(1024 * 1024 - 100);

  for (let i = 0; i < 20; i++) {
    const response = await fetch(`${sandbox.apiBaseUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-id': sandbox.clientId, 'x-client-secret': `wrong_${i}` },
      body: JSON.stringify({ padding: megabyte }),
    });
    expect(response.status).toBe(401);
  }
  const anonymous = await fetch(`${sandbox.apiBaseUrl}/orders`, { method: 'POST', body: megabyte });
  expect(anonymous.status).toBe(401);

  expect(sandbox.requests).toEqual([]);
  expect(seen).toEqual([]);
});

it('keeps only the last 100 requests by default, oldest first, while onRequest sees every one', async () => {
  let reported = 0;
  sandbox = await startSandbox({ onRequest: () => reported++ });

  for (let i = 1; i <= 105; i++) await createOrder(sandbox, `ring_${i}`);

  expect(sandbox.requests).toHaveLength(100);
  expect(idsOf(sandbox.requests.slice(0, 2))).toEqual(['ring_6', 'ring_7']);
  expect(idsOf(sandbox.requests.slice(-1))).toEqual(['ring_105']);
  expect(reported).toBe(105);
  expect(sandbox.orders.size).toBe(105);
});

it('keeps the last maxRecordedRequests, in the same array', async () => {
  sandbox = await startSandbox({ maxRecordedRequests: 3 });
  const { requests } = sandbox;

  for (let i = 1; i <= 5; i++) await createOrder(sandbox, `max_${i}`);
  expect(idsOf(requests)).toEqual(['max_3', 'max_4', 'max_5']);

  sandbox.reset();
  await createOrder(sandbox, 'max_6');
  expect(idsOf(sandbox.requests)).toEqual(['max_6']);
  expect(sandbox.requests).toBe(requests);
});

it('refuses a maxRecordedRequests that is not a whole number of requests', async () => {
  for (const maxRecordedRequests of [-1, 1.5, Number.NaN, '10' as unknown as number]) {
    await expect(startSandbox({ maxRecordedRequests })).rejects.toThrow(/maxRecordedRequests must be a whole number/);
  }
  sandbox = await startSandbox({ maxRecordedRequests: Number.POSITIVE_INFINITY });
  for (let i = 1; i <= 3; i++) await createOrder(sandbox, `all_${i}`);
  expect(sandbox.requests).toHaveLength(3);
});
