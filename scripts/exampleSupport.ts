// What `npm run test:nextjs` and `npm run test:react-router` share: an example installed from the packed
// tarball in a fresh folder, its server started on a free port, and the checks both stores must pass
// (in HTTP and in Chromium) against the local sandbox. Both examples sell the same tee for ₹799 from the
// same catalogue and answer on the same paths: the endpoint /api/flowwise/orders, the return page
// /return and the reconcile route /api/flowwise/reconcile.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Sandbox } from '../sandbox';

export const repo = resolve(import.meta.dirname, '..');
/** The example's merchant endpoint: the button posts here, the return page reads the status here. */
export const ENDPOINT = '/api/flowwise/orders';
/** The cart both product pages post. */
const CART = JSON.stringify({ items: [{ sku: 'tee', quantity: 1 }] });
const started = Date.now();

/** Prints `text` with the seconds since the run started. */
export function step(text: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The environment without any FLOWWISE_* variable, plus `extra`. */
export function envWithout(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FLOWWISE_')));
  return { ...env, ...extra };
}

/** Runs a command to its end and returns its standard output; a non-zero exit throws with both outputs. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A port free right now on loopback, for the example's server. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

const folders = new Set<string>();
const servers = new Set<ChildProcess>();

/** Stops every server still running and removes every folder made here. */
export function cleanUp(): void {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  for (const folder of folders) if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
}

// Interrupted (Ctrl+C, a CI time limit): the servers run in process groups of their own, so stop them here.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(1);
  });
}

/**
 * Packs the built package and copies `examples/<name>` into a fresh folder, alone (none of the paths
 * `leaveOut` matches: a local node_modules, build output, data or tarball), then installs the tarball
 * and the example's pinned dependencies there, as a user would. Returns the folder.
 */
export function installExample(name: string, leaveOut: RegExp): string {
  const folder = mkdtempSync(join(tmpdir(), `flowwise-${name}-`));
  folders.add(folder);
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', folder], repo).trim().split('\n').pop()!;
  step(`copy examples/${name} to ${folder}, alone, and install the tarball and its dependencies`);
  cpSync(join(repo, 'examples', name), folder, { recursive: true, filter: (source) => !leaveOut.test(source) });
  run('npm', ['pkg', 'set', `dependencies.@flowwise/react=file:./${basename(tarball)}`], folder);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], folder);
  return folder;
}

export interface AppServer {
  url: string;
  /** Everything the server printed so far, stdout and stderr. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the example's server (`command args`, told its port by `portArgs(port)` or in `PORT`) on a free
 * port on loopback, with `SHOP_URL` set to its address, and resolves once it answers /return.
 */
export async function startApp(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  portArgs: (port: number) => string[] = () => [],
): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so that stopping it also stops anything it started.
  const child = spawn(command, [...args, ...portArgs(port)], {
    cwd,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port), SHOP_URL: url },
    detached: true,
  });
  servers.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    // A server that does not stop within 10 s of SIGTERM is killed, so that a hang cannot hold the run.
    const killer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    servers.delete(child);
  };
  const name = basename(command);
  for (const deadline = Date.now() + 30_000; ;) {
    check(child.exitCode === null, `${name} exited (${child.exitCode}):\n${output}`);
    check(Date.now() < deadline, `${name} did not answer within 30 s:\n${output}`);
    try {
      await fetch(`${url}/return`);
      return { url, log: () => output, stop };
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

/** Without credentials the endpoint answers 500 with a plain ErrorResponse and logs one line naming FLOWWISE_CLIENT_ID. */
export async function expectMissingCredentials(app: AppServer, sandbox: Sandbox): Promise<void> {
  const response = await fetch(`${app.url}${ENDPOINT}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CART });
  const body = (await response.json()) as Record<string, unknown>;
  check(response.status === 500, `expected 500, got ${response.status}: ${JSON.stringify(body)}\n${app.log()}`);
  check(
    typeof body.message === 'string' && body.code === 'internal_error' && body.type === 'server_error',
    `expected an ErrorResponse { message, code: 'internal_error', type: 'server_error' }, got ${JSON.stringify(body)}`,
  );
  // The handler logs as it answers, but the server's output may arrive after its response.
  const namingTheVariable = () =>
    app
      .log()
      .split('\n')
      .filter((line) => line.includes('FLOWWISE_CLIENT_ID'));
  for (const deadline = Date.now() + 5000; namingTheVariable().length === 0 && Date.now() < deadline;) {
    await new Promise((done) => setTimeout(done, 50));
  }
  const lines = namingTheVariable();
  check(lines.length === 1, `expected one log line naming FLOWWISE_CLIENT_ID, got ${lines.length}:\n${app.log()}`);
  console.log(`    ${response.status} ${JSON.stringify(body)}\n    log: ${lines[0]!.trim()}`);
  check(!app.log().includes(sandbox.clientSecret), 'the server log holds the client secret');
}

/** A product the catalogue does not sell: prepareOrder's FlowwiseError is a 400 `unknown_product`, and Flowwise is not called. */
export async function expectUnknownProductRefused(app: AppServer, sandbox: Sandbox): Promise<void> {
  const before = sandbox.stats().createOrder.calls;
  const response = await fetch(`${app.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: [{ sku: 'hat', quantity: 1 }] }),
  });
  const refusal = (await response.json()) as Record<string, unknown>;
  check(
    response.status === 400 && refusal.code === 'unknown_product',
    `expected 400 unknown_product, got ${response.status}: ${JSON.stringify(refusal)}`,
  );
  check(sandbox.stats().createOrder.calls === before, 'an order for a product not sold reached the sandbox');
  console.log(`    ${response.status} ${JSON.stringify(refusal)}`);
}

/** Collects what the page's console and the page itself report as errors, for a failure's message. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/**
 * One shopper: opens the product page, clicks "Buy now", checks the sandbox's checkout page shows ₹799.00
 * and returns the page (now on the sandbox) and the `order_id` the sandbox shows.
 */
export async function clickBuy(
  context: BrowserContext,
  shop: string,
  sandbox: Sandbox,
  screenshotTo?: string,
): Promise<{ page: Page; orderId: string }> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(shop);
  await page.getByRole('heading', { name: 'Organic cotton tee' }).waitFor();
  if (screenshotTo) await page.screenshot({ path: screenshotTo });
  const problems = problemsOf(page);
  await page.getByRole('button', { name: 'Buy now' }).click();
  try {
    await page.waitForURL(`${sandbox.url}/checkout/**`);
  } catch (error) {
    // What the shopper saw beside the button, and what the browser reported, say more than a timeout.
    const alert = await page
      .locator('[data-flowwise-error]')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(`${(error as Error).message}\n  on ${page.url()}, alert: ${alert}\n  ${problems.join('\n  ')}`, { cause: error });
  }
  const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const amount = await page.getByTestId('amount').textContent();
  check(amount === '₹799.00', `the sandbox's checkout page shows ${amount}, not ₹799.00`);
  return { page, orderId };
}

/**
 * Pays on the sandbox's checkout page, lands on the example's /return?order_id=… and waits for its
 * `<FlowwiseOrderStatus>` to say, from the status endpoint, that the order is paid. Returns the status
 * region's text.
 */
export async function payAndSeePaid(page: Page, shop: string, orderId: string): Promise<string> {
  const problems = problemsOf(page);
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForURL(`${shop}/return?**`);
  const returned = new URL(page.url()).searchParams.get('order_id');
  check(returned === orderId, `the checkout sent the shopper back with order_id ${returned}, expected ${orderId}`);
  const status = page.getByRole('status');
  try {
    await page.locator('[role="status"][data-state="paid"]').waitFor();
  } catch (error) {
    const state = await status.getAttribute('data-state', { timeout: 1000 }).catch(() => null);
    const text = await status.textContent({ timeout: 1000 }).catch(() => null);
    throw new Error(`${(error as Error).message}\n  on ${page.url()}, status ${state}: ${text}\n  ${problems.join('\n  ')}`, {
      cause: error,
    });
  }
  const text = (await status.textContent()) ?? '';
  check(text.startsWith('Payment received.'), `the paid return page says "${text}"`);
  return text;
}

/**
 * A typed return URL that claims a payment (`?order_id=order_made_up&order_status=PAID`): the return page
 * says it cannot find the order, and the status endpoint answered it from the store without asking Flowwise.
 */
export async function expectForgedReturnNotFound(context: BrowserContext, shop: string, sandbox: Sandbox): Promise<string> {
  const before = sandbox.stats().getOrder.calls;
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${shop}/return?order_id=order_made_up_0123456789ab&order_status=PAID`);
  await page.locator('[role="status"][data-state="not_found"]').waitFor();
  const text = (await page.getByRole('status').textContent()) ?? '';
  check(text === 'We could not find this order.', `the return page for a made-up order says "${text}"`);
  check(sandbox.stats().getOrder.calls === before, 'a made-up order_id cost a call to Flowwise');
  await page.close();
  return text;
}

/** Each order is PAID at the sandbox, and the status endpoint (answering from the example's order store) says `paid`. */
export async function expectPaidInStore(app: AppServer, sandbox: Sandbox, orderIds: string[]): Promise<void> {
  for (const id of orderIds) {
    check(sandbox.orders.get(id)?.status === 'PAID', `order ${id} is ${sandbox.orders.get(id)?.status} at the sandbox`);
    const status = await fetch(`${app.url}${ENDPOINT}?order_id=${id}`);
    const summary = (await status.json()) as { outcome?: string };
    check(status.status === 200 && summary.outcome === 'paid', `status of ${id}: ${status.status} ${JSON.stringify(summary)}`);
  }
}

/** A POST whose `Host` and `Origin` both name `host`, as a forger's client sends them (fetch cannot set `Host`). */
function postWithHost(url: string, host: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: { host, origin: `https://${host}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', fail);
    request.end(body);
  });
}

/** A request with a forged Host and Origin still sends the payer back to the shop (`SHOP_URL`), not to the forger. */
export async function expectForgedHostIgnored(app: AppServer, sandbox: Sandbox): Promise<void> {
  const forged = await postWithHost(`${app.url}${ENDPOINT}`, 'evil.example', CART);
  const order =
    forged.status === 200 ? sandbox.orders.get(String((JSON.parse(forged.body) as { order_id?: unknown }).order_id)) : undefined;
  check(
    order?.request.return_base_url === `${app.url}/return`,
    `forged Host/Origin: ${forged.status} ${forged.body}; return_base_url ${order?.request.return_base_url}`,
  );
  console.log(`    ${forged.status}; return_base_url ${order.request.return_base_url}`);
}

/** The reconcile route: 401 without the secret or with another, its figures as JSON with `Bearer <secret>`. */
export async function expectReconcileRoute(app: AppServer, secret: string): Promise<void> {
  for (const authorization of [undefined, 'Bearer not-the-cron-secret-at-all']) {
    const refused = await fetch(`${app.url}/api/flowwise/reconcile`, { headers: authorization ? { authorization } : {} });
    check(refused.status === 401, `the reconcile route answered ${refused.status} to ${authorization ?? 'no Authorization'}`);
  }
  const reconciled = await fetch(`${app.url}/api/flowwise/reconcile`, { headers: { authorization: `Bearer ${secret}` } });
  const figures = (await reconciled.json()) as Record<string, unknown>;
  check(
    reconciled.status === 200 && typeof figures.checked === 'number',
    `the reconcile route: ${reconciled.status} ${JSON.stringify(figures)}`,
  );
  console.log(`    401 without the secret; with it ${reconciled.status} ${JSON.stringify(figures)}`);
}
