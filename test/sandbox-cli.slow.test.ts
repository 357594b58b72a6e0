// `npm run sandbox` as a user runs it: a child process, seen only through HTTP and its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { afterEach, expect, it } from 'vitest';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /Flowwise sandbox on (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
  return { url, exited, output: () => ({ stdout, stderr }) };
}

function createOrder(url: string, orderId: string) {
  return fetch(`${url}/router/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' },
    body: JSON.stringify({
      order_id: orderId,
      order_amount: 10,
      order_currency: 'INR',
      customer_details: {},
      order_note: `note of ${orderId}`,
    }),
  });
}

it('records no request unless asked to', async () => {
  const url = await runCli(['--port', '0']).url;
  expect((await createOrder(url, 'cli_1')).status).toBe(200);

  const home = await (await fetch(`${url}/`)).text();
  expect(home).toContain('Order requests are not recorded.');
  expect(home).not.toContain('note of cli_1');
}, 20_000);

it('with --record-requests, keeps the last --max-recorded-requests and shows them on its home page', async () => {
  const url = await runCli(['--port', '0', '--record-requests', '--max-recorded-requests', '2']).url;
  for (const id of ['cli_1', 'cli_2', 'cli_3']) expect((await createOrder(url, id)).status).toBe(200);

  const home = await (await fetch(`${url}/`)).text();
  expect(home).toContain('Recent requests');
  expect(home).toContain('note of cli_3');
  expect(home).toContain('note of cli_2');
  expect(home).not.toContain('note of cli_1');
  expect(home).not.toContain('sandbox_client_secret');
}, 20_000);

it('refuses a bad --max-recorded-requests, or one without --record-requests', async () => {
  for (const args of [
    ['--record-requests', '--max-recorded-requests', '0'],
    ['--record-requests', '--max-recorded-requests', 'many'],
    ['--max-recorded-requests', '5'],
  ]) {
    const run = runCli(['--port', '0', ...args]);
    run.url.catch(() => undefined);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toMatch(/--max-recorded-requests/);
  }
}, 30_000);

it('with --upi-delay, a Pay by UPI payment stays PENDING that long, then succeeds', async () => {
  const url = await runCli(['--port', '0', '--upi-delay', '1500']).url;
  const headers = { 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };
  expect((await createOrder(url, 'cli_upi')).status).toBe(200);
  const page = await (await fetch(`${url}/checkout/cli_upi`)).text();
  const token = /name="checkout_token" value="([^"]+)"/.exec(page)![1]!;
  const chosen = await fetch(`${url}/checkout/cli_upi`, {
    method: 'POST',
    headers: { origin: url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ outcome: 'upi', checkout_token: token }),
  });
  expect(chosen.status).toBe(200);
  const statuses = async () =>
    ((await (await fetch(`${url}/router/orders/cli_upi/payments`, { headers })).json()) as Array<{ status: string }>).map((p) => p.status);
  expect(await statuses()).toEqual(['PENDING']);
  await expect.poll(statuses, { timeout: 8000 }).toEqual(['SUCCESS']);
  expect(await (await fetch(`${url}/router/orders/cli_upi`, { headers })).json()).toMatchObject({ order_status: 'PAID' });
}, 20_000);

/** The status of `GET <url><path>` sent with exactly this `Host` header. */
function statusFor(url: string, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

it('answers only its own and loopback names, and those given with --allowed-host; refuses one with a port', async () => {
  const url = await runCli(['--port', '0', '--allowed-host', 'sandbox.test', '--allowed-host', 'shop.test']).url;
  const { port } = new URL(url);
  expect(await statusFor(url, '/', `localhost:${port}`)).toBe(200);
  expect(await statusFor(url, '/', 'sandbox.test')).toBe(200);
  expect(await statusFor(url, '/', `shop.test:${port}`)).toBe(200);
  expect(await statusFor(url, '/', `rebind.attacker.example:${port}`)).toBe(403);

  const run = runCli(['--port', '0', '--allowed-host', 'sandbox.test:4010']);
  run.url.catch(() => undefined);
  expect(await run.exited).toBe(2);
  expect(run.output().stderr).toContain('--allowed-host must be a host name without a port, such as sandbox.test; got sandbox.test:4010.');
}, 20_000);

it('holds calls to the --rate-limit-* flags, counts them at /__sandbox/stats, and refuses a limit that is not a number', async () => {
  const url = await runCli(['--port', '0', '--rate-limit-create', '5', '--rate-limit-get-order', '0']).url;
  const created = await createOrder(url, 'cli_limits');
  expect(created.status).toBe(200);
  expect([created.headers.get('x-ratelimit-limit'), created.headers.get('x-ratelimit-remaining')]).toEqual(['5', '4']);
  const headers = { 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };
  const read = await fetch(`${url}/router/orders/cli_limits`, { headers });
  expect(read.status).toBe(429);
  expect(Number(read.headers.get('x-ratelimit-retry'))).toBeGreaterThan(0);
  expect((await fetch(`${url}/router/orders/cli_limits/payments`, { headers })).headers.get('x-ratelimit-limit')).toBeNull();
  expect(await (await fetch(`${url}/__sandbox/stats`)).json()).toEqual({
    createOrder: { calls: 1, rateLimited: 0, peakPerMinute: 1 },
    getOrder: { calls: 1, rateLimited: 1, peakPerMinute: 0 },
    getOrderPayments: { calls: 1, rateLimited: 0, peakPerMinute: 1 },
  });

  const run = runCli(['--port', '0', '--rate-limit-get-order', 'many']);
  run.url.catch(() => undefined);
  expect(await run.exited).toBe(2);
  expect(run.output().stderr).toContain('--rate-limit-get-order must be a whole number of calls a minute; got many.');
}, 20_000);
