// npm run bench: the checkout button's click-to-redirect latency and React commits in headless Chromium,
// and createOrderHandler's throughput against the local sandbox, each beside a hand-written baseline in
// the same run. Writes bench/results.md. It measures the built package: `npm run bench` builds it first.
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { chromiumLaunchOptions } from '../scripts/chromium.ts';

const CLICKS = 400;
const WARMUP_CLICKS = 30;
const SECONDS = 8;
const CONNECTIONS = 16;

// ---- Child processes: the sandbox, or the endpoint under test (the handler or a bare proxy) ----------
if (process.send) process.on('disconnect', () => process.exit());
if (process.argv[2] === 'sandbox') {
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({ port: 0 });
  process.send!({ url: sandbox.apiBaseUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
  // Forget the orders of the previous run, so memory stays flat across runs.
  process.on('message', () => sandbox.reset());
} else if (process.argv[2] === 'handler' || process.argv[2] === 'proxy') {
  const { createFlowwiseClient, createMemoryOrderStore, createOrderHandler, toNodeHandler } = (await import(
    new URL('../dist/server.mjs', import.meta.url).href
  )) as typeof import('@flowwise/react/server');
  const [kind, apiBaseUrl, clientId, clientSecret] = process.argv.slice(2) as [string, string, string, string];
  const ordersUrl = `${apiBaseUrl}/orders`;
  const listener =
    kind === 'handler'
      ? toNodeHandler(
          createOrderHandler({
            client: createFlowwiseClient({ clientId, clientSecret, environment: 'sandbox', baseUrl: apiBaseUrl }),
            // Every order is recorded before it is answered, as in a shop (there, in Postgres).
            store: createMemoryOrderStore(),
            prepareOrder: (order) => order,
          }),
        )
      : // The same request to the sandbox, with the same fetch, and no checks at all.
        async (req: IncomingMessage, res: ServerResponse) => {
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          const upstream = await fetch(ordersUrl, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Accept: 'application/json',
              'x-client-id': clientId,
              'x-client-secret': clientSecret,
            },
            body: Buffer.concat(chunks),
          });
          res.writeHead(upstream.status, { 'Content-Type': 'application/json' });
          res.end(await upstream.text());
        };
  const server = createServer((req, res) => void listener(req, res));
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
} else {
  await main();
}

// ---- The benchmark ---------------------------------------------------------------------------------
async function main() {
  const load = os.loadavg()[0]!;
  const browser = await chromiumResults();
  const server = await serverResults();
  const loadAfter = os.loadavg()[0]!;
  const cores = os.cpus();
  const markdown = `# Benchmark results

\`npm run bench\`, ${new Date().toISOString().slice(0, 10)}. Machine: ${cores.length} cores (${cores[0]?.model.trim()}),
Node ${process.version}, Chromium ${browser.version}. Load average (1 min) ${load.toFixed(2)} before the run and
${loadAfter.toFixed(2)} at its end (the benchmark itself keeps about ${cores.length} cores busy):
${load > cores.length * 0.5 ? 'other work was running on the machine when the run started, which adds noise to every number below.' : 'the machine was otherwise idle when the run started.'}

## Click to redirect, headless Chromium

From the click event to the \`redirect\` function being called, against a loopback endpoint that answers at
once with a fixed valid order. ${CLICKS} clicks each (after ${WARMUP_CLICKS} warm-up clicks), alternating,
in one page: \`FlowwiseCheckoutButton\` (validates the order, posts it, validates the response, checks
\`checkout_url\`) and a plain \`<button>\` whose handler does \`fetch\` + \`JSON.parse\` + the redirect call.
React's profiling build (Profiler callbacks need it), otherwise production.

| | median | p95 |
|---|---|---|
| \`FlowwiseCheckoutButton\` | ${ms(browser.flowwise.median)} | ${ms(browser.flowwise.p95)} |
| plain \`<button>\` baseline | ${ms(browser.baseline.median)} | ${ms(browser.baseline.p95)} |
| ratio | **${browser.ratio.toFixed(2)}** (target ≤ 1.25) | ${(browser.flowwise.p95 / browser.baseline.p95).toFixed(2)} |

React commits of the button per checkout (React Profiler, after the click until the redirect has settled):
median **${browser.commits.median}**, max ${browser.commits.max} (target ≤ 3: idle → pending → redirecting).

## createOrderHandler throughput, Node

\`createOrderHandler\` through \`toNodeHandler\` on \`node:http\`, against the local sandbox (in its own
process), beside a bare Node proxy that forwards the same body to the sandbox with the same \`fetch\` and
no validation. autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, each order with a new \`order_id\`;
the two endpoints alternate over two rounds and the better round of each is shown.

| | req/s | p99 latency | non-2xx |
|---|---|---|---|
| \`createOrderHandler\` + \`toNodeHandler\` | ${server.handler.rps.toFixed(0)} | ${server.handler.p99} ms | ${server.handler.non2xx} |
| bare proxy | ${server.proxy.rps.toFixed(0)} | ${server.proxy.p99} ms | ${server.proxy.non2xx} |
| ratio | **${(server.handler.rps / server.proxy.rps).toFixed(2)}** (target ≥ 0.8) | | |

What the handler does that the proxy does not: \`toNodeHandler\` turns each Node request into a Fetch \`Request\`
(its body a stream read as the handler consumes it) and writes the handler's \`Response\` back; the handler checks
the origin headers, reads the body with a size limit and a deadline, validates the order (before and after
\`prepareOrder\`) and Flowwise's answer, scrubs the secret from its answer, and gives the call to Flowwise a timeout
and the shopper's abort signal. The client's \`fetch\` refuses redirects (\`redirect: 'error'\`, so the
secret is never re-sent elsewhere), which also spares undici the copy of each request that the proxy's default
\`fetch\` makes.
`;
  // The reconciliation simulation (bench/reconcile.ts) keeps its own section at the end.
  const file = new URL('./results.md', import.meta.url);
  const kept = existsSync(file) ? readFileSync(file, 'utf8').split('<!-- bench:reconcile -->')[1] : undefined;
  writeFileSync(file, kept === undefined ? markdown : `${markdown}\n<!-- bench:reconcile -->${kept}`);
  console.log(markdown);
}

function ms(value: number) {
  return `${value.toFixed(2)} ms`;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function chromiumResults() {
  const [{ build }, { chromium }] = await Promise.all([import('esbuild'), import('playwright-core')]);
  const bundle = await build({
    entryPoints: [new URL('./page.tsx', import.meta.url).pathname],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The built package, and React DOM's profiling build so that <Profiler> reports commits.
    alias: { '@flowwise/react': './dist/index.mjs', 'react-dom/client': 'react-dom/profiling' },
    logLevel: 'error',
  });
  const script = bundle.outputFiles[0]!.text;
  const response = JSON.stringify({
    order_id: 'bench_order_1',
    order_status: 'ACTIVE',
    checkout_url: 'https://payments.flowwise.com/checkout/bench_order_1',
  });
  const endpoint = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume().on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(response));
    } else if (req.url === '/page.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><div id="root"></div><script type="module" src="/page.js"></script>');
    }
  });
  const url = await listen(endpoint);

  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(error));
    await page.goto(url);
    await page.waitForSelector('[data-testid="flowwise"]');
    const samples = await page.evaluate(
      async ({ clicks, warmup }) => {
        const run = (window as unknown as { checkout: (id: string) => Promise<{ ms: number; commits: number }> }).checkout;
        const flowwise: Array<{ ms: number; commits: number }> = [];
        const baseline: number[] = [];
        for (let i = 0; i < warmup + clicks; i++) {
          // Alternate which goes first, so neither always follows the other.
          const pair =
            i % 2 === 0 ? [await run('flowwise'), await run('baseline')] : [await run('baseline'), await run('flowwise')].reverse();
          if (i < warmup) continue;
          flowwise.push(pair[0]!);
          baseline.push(pair[1]!.ms);
        }
        return { flowwise, baseline };
      },
      { clicks: CLICKS, warmup: WARMUP_CLICKS },
    );
    const flowwise = samples.flowwise.map((s) => s.ms).sort((a, b) => a - b);
    const baseline = samples.baseline.sort((a, b) => a - b);
    const commits = samples.flowwise.map((s) => s.commits).sort((a, b) => a - b);
    const stats = (sorted: number[]) => ({ median: percentile(sorted, 50), p95: percentile(sorted, 95) });
    return {
      version: browser.version(),
      flowwise: stats(flowwise),
      baseline: stats(baseline),
      ratio: percentile(flowwise, 50) / percentile(baseline, 50),
      commits: { median: percentile(commits, 50), max: commits.at(-1)! },
    };
  } finally {
    await browser.close();
    endpoint.close();
  }
}

async function serverResults() {
  const { default: autocannon } = await import('autocannon');
  const self = new URL(import.meta.url).pathname;
  /** Forks this file as `args[0]`; `ready` is the child's first message. */
  const start = <Message>(...args: string[]) => {
    const child = fork(self, args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    return { child, ready: new Promise<Message>((resolve) => child.once('message', (message) => resolve(message as Message))) };
  };
  const sandbox = start<{ url: string; clientId: string; clientSecret: string }>('sandbox');
  const { url, clientId, clientSecret } = await sandbox.ready;
  const endpoints = {
    handler: start<number>('handler', url, clientId, clientSecret),
    proxy: start<number>('proxy', url, clientId, clientSecret),
  };
  const ports = { handler: await endpoints.handler.ready, proxy: await endpoints.proxy.ready };
  const order = {
    order_amount: 499.5,
    order_currency: 'INR',
    customer_details: { customer_id: 'shopper_1', customer_email: 'shopper@example.com' },
  };
  let sequence = 0;
  const run = async (name: 'handler' | 'proxy', duration = SECONDS) => {
    sandbox.child.send('reset');
    const result = await autocannon({
      url: `http://127.0.0.1:${ports[name]}/api/flowwise/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A new order_id for every request: the sandbox, like Flowwise, refuses a reused one.
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ order_id: `bench_${++sequence}`, ...order }) }) }],
      connections: CONNECTIONS,
      duration,
    });
    return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
  };
  try {
    await run('handler', 2); // warm-up for both endpoints and the sandbox
    await run('proxy', 2);
    const rounds: Array<Record<'handler' | 'proxy', Awaited<ReturnType<typeof run>>>> = [];
    for (let round = 0; round < 2; round++) rounds.push({ handler: await run('handler'), proxy: await run('proxy') });
    const best = (name: 'handler' | 'proxy') => rounds.map((r) => r[name]).sort((a, b) => b.rps - a.rps)[0]!;
    return { handler: best('handler'), proxy: best('proxy') };
  } finally {
    for (const { child } of [sandbox, endpoints.handler, endpoints.proxy]) child.disconnect();
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );
}
