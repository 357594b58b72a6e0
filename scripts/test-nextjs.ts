// `npm run test:nextjs` (builds first): examples/nextjs as a user runs it, with the packed tarball, in a
// fresh folder of its own. `next build` with no Flowwise credentials; a route without them answers 500
// and logs one line naming the variable; then two shoppers in two browser contexts click the same
// prerendered button, get two different orders at the local sandbox, pay, and land on /return; a forged
// Host and Origin cannot change where Flowwise sends the payer back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startSandbox, type Sandbox } from '../sandbox';
import { chromiumLaunchOptions } from './chromium';

const repo = resolve(import.meta.dirname, '..');
const example = join(repo, 'examples/nextjs');
const screenshot = join(repo, 'test-results/nextjs-product-page.png');
const started = Date.now();
/** What the scheduler sends as `Authorization: Bearer …`; the route reads CRON_SECRET. */
const CRON_SECRET = 'nextjs-example-cron-secret-0123';

function step(text: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The environment without any FLOWWISE_* variable, plus `extra`. */
function envWithout(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('FLOWWISE_')));
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A port free right now on loopback, for `next start -p`. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface NextServer {
  url: string;
  /** Everything the server printed so far, stdout and stderr. */
  log: () => string;
  stop: () => Promise<void>;
}

const servers = new Set<ChildProcess>();

/** `next start` on a free port, resolved once it answers; `SHOP_URL` is set to its address. */
async function nextStart(app: string, env: NodeJS.ProcessEnv): Promise<NextServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so that stopping it also stops anything it started.
  const child = spawn(join(app, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: app,
    env: { ...env, SHOP_URL: url },
    detached: true,
  });
  servers.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
    servers.delete(child);
  };
  for (const deadline = Date.now() + 30_000; ;) {
    check(child.exitCode === null, `next start exited (${child.exitCode}):\n${output}`);
    check(Date.now() < deadline, `next start did not answer within 30 s:\n${output}`);
    try {
      await fetch(`${url}/return`);
      return { url, log: () => output, stop };
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
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

/** One shopper: opens the product page, clicks the button and returns the `order_id` the sandbox shows. */
async function clickBuy(context: BrowserContext, shop: string, sandbox: Sandbox, screenshotTo?: string): Promise<string> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(shop);
  await page.getByRole('heading', { name: 'Organic cotton tee' }).waitFor();
  if (screenshotTo) await page.screenshot({ path: screenshotTo });
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
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
  return orderId;
}

/** Pays on the sandbox's checkout page and checks the example's /return page shows `orderId`. */
async function payAndReturn(context: BrowserContext, shop: string, orderId: string): Promise<void> {
  const [page] = context.pages();
  await page!.getByRole('button', { name: 'Pay', exact: true }).click();
  await page!.waitForURL(`${shop}/return?**`);
  await page!.getByRole('heading', { name: 'Back from checkout' }).waitFor();
  const shown = await page!.locator('code').textContent();
  check(shown === orderId, `/return shows order ${shown}, expected ${orderId}`);
}

// Interrupted (Ctrl+C, a CI time limit): the servers run in process groups of their own, so stop them here.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of servers) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    if (folder) rmSync(folder, { recursive: true, force: true });
    process.exit(1);
  });
}

let folder: string | undefined;
let sandbox: Sandbox | undefined;
let browser: Browser | undefined;
let failed = false;

try {
  step('pack the built package');
  folder = mkdtempSync(join(tmpdir(), 'flowwise-nextjs-'));
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', folder], repo).trim().split('\n').pop()!;

  step(`copy examples/nextjs to ${folder}, alone, and install the tarball and its dependencies`);
  // Only the example's own sources: not a local node_modules, .next or tarball.
  cpSync(example, folder, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|\.next|\.data|next-env\.d\.ts|[^\\/]*\.tgz)$/.test(source),
  });
  run('npm', ['pkg', 'set', `dependencies.@flowwise/react=file:./${basename(tarball)}`], folder);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], folder);

  // The checkout origin is baked into the prerendered page, so the sandbox is up before the build.
  sandbox = await startSandbox({ port: 0 });

  step('next build with no FLOWWISE_* variable set');
  const build = run(join(folder, 'node_modules/.bin/next'), ['build'], folder, envWithout({ NEXT_PUBLIC_CHECKOUT_ORIGIN: sandbox.url }));
  console.log(build.trim().replace(/^/gm, '    '));
  const prerendered = JSON.parse(readFileSync(join(folder, '.next/prerender-manifest.json'), 'utf8')) as {
    routes: Record<string, unknown>;
  };
  check(
    '/' in prerendered.routes,
    'the product page / is not prerendered: the test would not show that shoppers of one static page get their own order_id',
  );

  step('next start without credentials: the route answers 500 and logs one line naming FLOWWISE_CLIENT_ID');
  const bare = await nextStart(folder, envWithout());
  try {
    const response = await fetch(`${bare.url}/api/flowwise/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'tee', quantity: 1 }] }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    check(response.status === 500, `expected 500, got ${response.status}: ${JSON.stringify(body)}\n${bare.log()}`);
    check(
      typeof body.message === 'string' && body.code === 'internal_error' && body.type === 'server_error',
      `expected an ErrorResponse { message, code: 'internal_error', type: 'server_error' }, got ${JSON.stringify(body)}`,
    );
    // The handler logs as it answers, but the server's output may arrive after its response.
    const namingTheVariable = () =>
      bare
        .log()
        .split('\n')
        .filter((line) => line.includes('FLOWWISE_CLIENT_ID'));
    for (const deadline = Date.now() + 5000; namingTheVariable().length === 0 && Date.now() < deadline;) {
      await new Promise((done) => setTimeout(done, 50));
    }
    const lines = namingTheVariable();
    check(lines.length === 1, `expected one log line naming FLOWWISE_CLIENT_ID, got ${lines.length}:\n${bare.log()}`);
    console.log(`    ${response.status} ${JSON.stringify(body)}\n    log: ${lines[0]!.trim()}`);
    check(!bare.log().includes(sandbox.clientSecret), 'the server log holds the client secret');
  } finally {
    await bare.stop();
  }

  step('next start with the sandbox credentials and FLOWWISE_BASE_URL');
  const shop = await nextStart(
    folder,
    envWithout({
      FLOWWISE_CLIENT_ID: sandbox.clientId,
      FLOWWISE_CLIENT_SECRET: sandbox.clientSecret,
      FLOWWISE_BASE_URL: sandbox.apiBaseUrl,
      CRON_SECRET: CRON_SECRET,
    }),
  );
  try {
    step("a product the catalogue does not sell: prepareOrder's FlowwiseError, imported from @flowwise/react, is a 400");
    const unknown = await fetch(`${shop.url}/api/flowwise/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: 'hat', quantity: 1 }] }),
    });
    const refusal = (await unknown.json()) as Record<string, unknown>;
    check(
      unknown.status === 400 && refusal.code === 'unknown_product',
      `expected 400 unknown_product, got ${unknown.status}: ${JSON.stringify(refusal)}`,
    );
    check(sandbox.requests.length === 0, 'an order for a product not sold reached the sandbox');
    console.log(`    ${unknown.status} ${JSON.stringify(refusal)}`);

    step('two shoppers in two browser contexts click "Buy now" on the same prerendered page');
    browser = await chromium.launch(chromiumLaunchOptions);
    const shoppers = [await browser.newContext(), await browser.newContext()];
    mkdirSync(join(repo, 'test-results'), { recursive: true });
    const first = await clickBuy(shoppers[0]!, shop.url, sandbox, screenshot);
    const second = await clickBuy(shoppers[1]!, shop.url, sandbox);
    check(first !== second, `both shoppers got order_id ${first}`);
    check(sandbox.orders.size === 2, `the sandbox holds ${sandbox.orders.size} orders, expected 2`);
    for (const id of [first, second]) {
      const order = sandbox.orders.get(id);
      check(
        order?.request.order_amount === 799 && order.request.return_base_url === `${shop.url}/return`,
        `order ${id} at the sandbox: ${JSON.stringify(order?.request)}`,
      );
    }
    console.log(`    order_ids: ${first}, ${second}; product page screenshot: ${screenshot}`);

    step('both pay on the sandbox checkout page and land on /return with their order_id');
    await payAndReturn(shoppers[0]!, shop.url, first);
    await payAndReturn(shoppers[1]!, shop.url, second);
    await shoppers[1]!.pages()[0]!.screenshot({ path: screenshot.replace('product-page', 'return-page') });
    check(
      sandbox.orders.get(first)?.status === 'PAID' && sandbox.orders.get(second)?.status === 'PAID',
      'an order is not PAID at the sandbox',
    );

    step('the status endpoint answers from the order store (PGlite in the app folder): paid');
    for (const id of [first, second]) {
      const status = await fetch(`${shop.url}/api/flowwise/orders?order_id=${id}`);
      const summary = (await status.json()) as { outcome?: string };
      check(status.status === 200 && summary.outcome === 'paid', `status of ${id}: ${status.status} ${JSON.stringify(summary)}`);
    }
    check(existsSync(join(folder, '.data/orders')), 'no PGlite data folder in the app folder');

    step('a request with a forged Host and Origin still sends the payer back to the shop, not to the forger');
    const forged = await postWithHost(
      `${shop.url}/api/flowwise/orders`,
      'evil.example',
      JSON.stringify({ items: [{ sku: 'tee', quantity: 1 }] }),
    );
    const forgedOrder = sandbox.orders.get(String(JSON.parse(forged.body).order_id));
    check(
      forged.status === 200 && forgedOrder?.request.return_base_url === `${shop.url}/return`,
      `forged Host/Origin: ${forged.status} ${forged.body}; return_base_url ${forgedOrder?.request.return_base_url}`,
    );
    console.log(`    ${forged.status}; return_base_url ${forgedOrder.request.return_base_url}`);

    step('the reconcile cron route (vercel.json): 401 without the secret, its figures as JSON with it');
    const crons = (JSON.parse(readFileSync(join(folder, 'vercel.json'), 'utf8')) as { crons: Array<{ path: string }> }).crons;
    check(
      crons.some((cron) => cron.path === '/api/flowwise/reconcile'),
      `vercel.json has no cron for the route: ${JSON.stringify(crons)}`,
    );
    for (const authorization of [undefined, 'Bearer not-the-cron-secret-at-all']) {
      const refused = await fetch(`${shop.url}/api/flowwise/reconcile`, { headers: authorization ? { authorization } : {} });
      check(refused.status === 401, `the reconcile route answered ${refused.status} to ${authorization ?? 'no Authorization'}`);
    }
    const reconciled = await fetch(`${shop.url}/api/flowwise/reconcile`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    const figures = (await reconciled.json()) as Record<string, unknown>;
    check(
      reconciled.status === 200 && typeof figures.checked === 'number',
      `the reconcile route: ${reconciled.status} ${JSON.stringify(figures)}`,
    );
    console.log(`    401 without the secret; with it ${reconciled.status} ${JSON.stringify(figures)}`);
  } catch (error) {
    console.error(`next start output:\n${shop.log()}`);
    throw error;
  } finally {
    await shop.stop();
  }
  step('passed');
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
  step('FAILED');
} finally {
  await browser?.close();
  await sandbox?.close();
  for (const child of servers) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  if (folder && existsSync(folder)) rmSync(folder, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
