// DNS rebinding: a page on rebind.attacker.example whose name now resolves to 127.0.0.1 is, to the
// browser, same-origin with whatever answers there. The sandbox answers only requests addressed to it.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let port: number;

beforeAll(async () => {
  sandbox = await startSandbox({ allowedHosts: ['Sandbox.Test'] });
  port = Number(new URL(sandbox.url).port);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

const credentials = { 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };
const order = { order_id: 'host_1', order_amount: 10, order_currency: 'INR', customer_details: {} };

/** Sends a request to the sandbox's socket with exactly this `Host` header, as a rebound browser does. */
function send(host: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, host } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function createOrder() {
  const response = await fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentials },
    body: JSON.stringify(order),
  });
  expect(response.status).toBe(200);
}

async function checkoutToken(): Promise<string> {
  const html = await (await fetch(`${sandbox.url}/checkout/host_1`)).text();
  return /name="checkout_token" value="([^"]+)"/.exec(html)![1]!;
}

const refusal = (body: string) => {
  expect(JSON.parse(body)).toEqual({
    message: expect.stringContaining(`This sandbox answers only requests addressed to ${sandbox.url}`),
    code: 'host_not_allowed',
    type: 'invalid_request_error',
  });
  expect(JSON.parse(body).message).toContain('--allowed-host');
};

describe('a request addressed to another host', () => {
  const rebound = () => `rebind.attacker.example:${port}`;

  it('gets a 403 from every API route, and creates, records and reads nothing', async () => {
    await createOrder();
    const json = { 'content-type': 'application/json', ...credentials };
    const created = await send(rebound(), 'POST', '/router/orders', json, JSON.stringify({ ...order, order_id: 'host_2' }));
    expect(created.status).toBe(403);
    refusal(created.body);
    for (const path of ['/router/orders/host_1', '/router/orders/host_1/payments']) {
      const read = await send(rebound(), 'GET', path, credentials);
      expect({ path, status: read.status }).toEqual({ path, status: 403 });
      expect(read.body).not.toContain('host_1');
    }
    expect([...sandbox.orders.keys()]).toEqual(['host_1']);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('gets a 403 for the checkout page, its token and the home page', async () => {
    await createOrder();
    for (const path of ['/checkout/host_1', '/']) {
      const page = await send(rebound(), 'GET', path);
      expect({ path, status: page.status }).toEqual({ path, status: 403 });
      expect(page.body).not.toContain('checkout_token');
      expect(page.body).not.toContain('host_1');
    }
  });

  it('cannot press Pay, even as a same-origin post with the right token, nor pay through /__sandbox/', async () => {
    await createOrder();
    const token = await checkoutToken();
    // What the rebound page's own form sends: to the browser it is the page's own origin.
    const pay = await send(
      rebound(),
      'POST',
      '/checkout/host_1',
      { origin: `http://${rebound()}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ outcome: 'paid', checkout_token: token }).toString(),
    );
    expect(pay.status).toBe(403);
    refusal(pay.body);
    // Nor the sandbox's own pay route for tests, nor read its counts.
    const admin = await send(rebound(), 'POST', '/__sandbox/orders/host_1/pay', { 'content-type': 'application/json' }, '{}');
    expect(admin.status).toBe(403);
    refusal(admin.body);
    const stats = await send(rebound(), 'GET', '/__sandbox/stats');
    expect(stats.status).toBe(403);
    refusal(stats.body);
    expect(sandbox.orders.get('host_1')).toMatchObject({ status: 'ACTIVE', payments: [] });
  });

  it('is any name but its own, a loopback name on another port, or no Host at all', async () => {
    for (const host of [
      'localhost:1',
      `localhost.:${port}`,
      `127.0.0.2:${port}`,
      `sandbox.test.evil.example:${port}`,
      `evil@127.0.0.1:${port}`,
    ]) {
      const { status } = await send(host, 'GET', '/');
      expect({ host, status }).toEqual({ host, status: 403 });
    }
    const noHost = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(noHost).toMatch(/^HTTP\/1\.1 403 /);
  });
});

describe('a request addressed to the sandbox', () => {
  it('is answered as its own address, as localhost, 127.0.0.1 or [::1] on its port, and as an allowed host on any port', async () => {
    await createOrder();
    for (const host of [
      new URL(sandbox.url).host,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'sandbox.test',
      'sandbox.test:8443',
    ]) {
      const read = await send(host, 'GET', '/router/orders/host_1', credentials);
      expect({ host, status: read.status }).toEqual({ host, status: 200 });
      expect((await send(host, 'GET', '/checkout/host_1')).status).toBe(200);
    }
  });

  it('refuses allowedHosts that are not host names', async () => {
    for (const allowedHosts of [['sandbox.test:4010'], ['http://sandbox.test'], [''], ['a b'], ['*']]) {
      await expect(startSandbox({ allowedHosts })).rejects.toThrow(/allowedHosts must be host names without a port/);
    }
  });
});
