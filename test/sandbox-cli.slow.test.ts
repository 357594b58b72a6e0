// `npm run sandbox` as a user runs it: a child process, seen only through HTTP and its output.
import { spawn, type ChildProcess } from 'node:child_process';
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
