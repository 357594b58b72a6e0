// npm run test:load: 20,000 create-order requests with unique order_ids, 50 at a time, through
// createOrderHandler (mounted with toNodeHandler on a loopback http server, in a child process so
// that its memory is measured alone) to the local sandbox. Run twice: with a healthy sandbox, then
// with 10% of upstream calls failing. Checks that no order is lost or created twice, that every
// failure reaches the browser as a 502 ErrorResponse, and that the handler's memory stays bounded.
// Then the return leg: RETURN_ORDERS of the healthy run's orders are paid or failed on the sandbox's
// checkout page, and each return page's question goes through createOrderStatusHandler: every order
// must be answered with its true outcome (none reported paid that was not, none lost).
// Loopback only; exits non-zero on any violation, or if it runs past its time limit.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const REQUESTS = 20_000;
const CONNECTIONS = 50;
const FAILURE_RATE = 0.1;
// A guard against a hang, not a speed target: every order is also recorded in PGlite and every status request
// takes from the call budgets there, which on a busy two-core machine takes five minutes or more.
const TIME_LIMIT_MS = 15 * 60_000;
/**
 * The handler process's resident memory must stay under this. It holds the order store too (PGlite:
 * Postgres in WebAssembly, whose memory grows with the ~38,000 orders kept and is never handed back),
 * which a deployment runs as a database server of its own; leaks are caught by the retained-heap bound.
 */
const MAX_RSS = 1024 * 1024 * 1024;
/**
 * What the handler keeps after a full garbage collection may grow by at most this over both runs:
 * a leak of 1 kB per request (40 MB over 40,000 requests) fails. RSS alone moves with V8's heap sizing.
 */
const MAX_RETAINED_GROWTH = 32 * 1024 * 1024;
const CLIENT_SECRET = 'load_test_secret_0f3b9c2e';
/** How many of the healthy run's orders go through the return leg (each: a checkout page, a form post, a status request). */
const RETURN_ORDERS = 10_000;

/** The shop's catalogue: the handler re-prices each order from it, whatever amount the browser sent. */
const CATALOGUE: Record<string, number> = { sku_linen_shirt: 1299, sku_canvas_tote: 449.5, sku_wool_scarf: 899 };

// ---- The load driver ------------------------------------------------------------------------------

/** What the load driver keeps per request: autocannon gives each request a context object of its own. */
interface LoadContext {
  orderId?: string;
}

interface Memory {
  /** Resident set size, as the operating system sees it. */
  rss: number;
  /** The JS heap in use after a full garbage collection: what the process holds on to. */
  retained: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const deadline = setTimeout(() => {
    console.error(`test:load: still running after ${TIME_LIMIT_MS / 1000} s; giving up.`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  deadline.unref();

  // Every order_id the sandbox was asked to create, and how often. Requests are counted, not kept.
  const seenBySandbox = new Map<string, number>();
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    clientSecret: CLIENT_SECRET,
    recordRequests: false,
    onRequest: ({ body }) => {
      const orderId = (JSON.parse(body) as { order_id: string }).order_id;
      seenBySandbox.set(orderId, (seenBySandbox.get(orderId) ?? 0) + 1);
    },
  });
  const child = fork(fileURLToPath(import.meta.url), ['handler', sandbox.apiBaseUrl, sandbox.clientId], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--expose-gc'],
  });
  const reply = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  const { port } = await reply<{ port: number }>(child);
  const memory = async () => {
    const answer = reply<Memory>(child);
    child.send('memory');
    return answer;
  };

  const violations: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) violations.push(message);
  };

  const start = await memory();
  let peakRss = start.rss;
  console.log(`test:load: ${REQUESTS} requests, ${CONNECTIONS} connections, handler on 127.0.0.1:${port}, sandbox on ${sandbox.url}`);
  console.log(`handler at start: RSS ${mb(start.rss)}, retained heap ${mb(start.retained)}`);
  const started = Date.now();

  /** The return leg, on the orders `created` by the healthy run: pay or fail each on the checkout page, then ask the status handler. */
  const returnLeg = async (created: Map<string, number>) => {
    sandbox.configure({});
    const returning = [...created.keys()].filter((id) => sandbox.orders.has(id)).slice(0, RETURN_ORDERS);
    // Every third order fails; the rest are paid. What the status handler answers must match, order by order.
    const expected = new Map(returning.map((id, index) => [id, index % 3 === 2 ? 'failed' : 'paid'] as const));
    const legStarted = Date.now();
    let next = 0;
    const payErrors: string[] = [];
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < returning.length) {
          const id = returning[next++]!;
          const page = `${sandbox.url}/checkout/${encodeURIComponent(id)}`;
          try {
            const token = /name="checkout_token" value="([^"]+)"/.exec(await (await fetch(page)).text())?.[1] ?? '';
            const posted = await fetch(page, {
              method: 'POST',
              headers: { origin: sandbox.url, 'sec-fetch-site': 'same-origin' },
              body: new URLSearchParams({ outcome: expected.get(id) === 'paid' ? 'paid' : 'failed', checkout_token: token }),
              redirect: 'manual',
            });
            if (posted.status !== 303) payErrors.push(`${id}: checkout answered ${posted.status}`);
          } catch (error) {
            payErrors.push(`${id}: ${String(error)}`);
          }
        }
      }),
    );
    let asked = 0;
    const outcomes = new Map<string, string>();
    const wrong: string[] = [];
    const leg = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      amount: returning.length,
      timeout: 10,
      requests: [
        {
          method: 'GET',
          setupRequest(request, context: LoadContext) {
            context.orderId = returning[asked++]!;
            return { ...request, path: `/api/flowwise/orders?order_id=${encodeURIComponent(context.orderId)}` };
          },
          onResponse(status, body, context: LoadContext) {
            const id = context.orderId!;
            let outcome: unknown;
            try {
              outcome = status === 200 ? (JSON.parse(body) as { order_id?: unknown; outcome?: unknown }) : undefined;
            } catch {
              outcome = undefined;
            }
            const answer = outcome as { order_id?: unknown; outcome?: unknown } | undefined;
            if (answer?.order_id === id && typeof answer.outcome === 'string') outcomes.set(id, answer.outcome);
            else if (wrong.length < 5) wrong.push(`${id}: ${status} ${body.slice(0, 200)}`);
            else wrong.push('');
          },
        },
      ],
    });
    const afterLeg = await memory();
    peakRss = Math.max(peakRss, afterLeg.rss);
    const falselyPaid = [...outcomes].filter(([id, outcome]) => outcome === 'paid' && expected.get(id) !== 'paid');
    const mismatched = [...outcomes].filter(([id, outcome]) => outcome !== expected.get(id));
    const paidAtSandbox = returning.filter((id) => sandbox.orders.get(id)?.status === 'PAID').length;
    console.log(`\n[return leg] ${returning.length} orders paid or failed on the checkout page, then asked about once each`);
    console.log(
      `  ${leg.requests.total} status requests in ${leg.duration.toFixed(1)} s: ${Math.round(leg.requests.total / leg.duration)} req/s` +
        ` (latency p50 ${leg.latency.p50} ms, p99 ${leg.latency.p99} ms); whole leg ${((Date.now() - legStarted) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  answered ${outcomes.size}: paid ${[...outcomes.values()].filter((o) => o === 'paid').length}, failed ${[...outcomes.values()].filter((o) => o === 'failed').length}; ` +
        `paid at the sandbox ${paidAtSandbox}; reported paid but not paid ${falselyPaid.length}; other mismatches ${mismatched.length}`,
    );
    console.log(`  handler after the leg: RSS ${mb(afterLeg.rss)}, retained heap ${mb(afterLeg.retained)}`);
    for (const line of [...payErrors.slice(0, 5), ...wrong.filter(Boolean)]) console.log(`  unexpected: ${line}`);
    check(returning.length === RETURN_ORDERS, `[return leg] only ${returning.length} orders to return to, expected ${RETURN_ORDERS}`);
    check(payErrors.length === 0, `[return leg] ${payErrors.length} checkout page posts failed`);
    check(leg.errors === 0 && leg.timeouts === 0, `[return leg] ${leg.errors} socket errors, ${leg.timeouts} timeouts`);
    check(wrong.length === 0, `[return leg] ${wrong.length} status answers were not a summary of the order asked about`);
    check(
      outcomes.size === returning.length,
      `[return leg] ${outcomes.size} orders answered, expected ${returning.length}: some were lost`,
    );
    check(falselyPaid.length === 0, `[return leg] ${falselyPaid.length} orders reported paid that were not`);
    check(mismatched.length === 0, `[return leg] ${mismatched.length} orders reported with another outcome than the checkout page's`);
    check(
      paidAtSandbox === [...expected.values()].filter((o) => o === 'paid').length,
      `[return leg] the sandbox holds ${paidAtSandbox} paid orders`,
    );
  };

  for (const phase of ['healthy', 'failing'] as const) {
    sandbox.reset();
    seenBySandbox.clear();
    let faults = 0;
    if (phase === 'failing') {
      // A fixed sequence, so a failing run can be repeated; each draw under the rate is one injected fault.
      let seed = 0x2f6e2b1;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const value = seed / 2 ** 31;
        if (value < FAILURE_RATE) faults += 1;
        return value;
      };
      sandbox.configure({ fault: { type: 'html', status: 502 }, failureRate: FAILURE_RATE, random });
    }

    let sent = 0;
    const created = new Map<string, number>();
    const failed: string[] = [];
    const bad: string[] = [];
    const skus = Object.keys(CATALOGUE);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      amount: REQUESTS,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: '/api/flowwise/orders',
          headers: { 'content-type': 'application/json' },
          setupRequest(request, context: LoadContext) {
            sent += 1;
            context.orderId = `load_${phase}_${sent}`;
            const order = {
              order_id: context.orderId,
              // The browser's amount is ignored: the handler re-prices from the catalogue.
              order_amount: 1,
              order_currency: 'INR',
              customer_details: { customer_email: 'shopper@example.com', customer_id: `cust_${sent % 97}` },
              order_note: skus[sent % skus.length],
            };
            return { ...request, body: JSON.stringify(order) };
          },
          onResponse(status, body, context: LoadContext) {
            const orderId = context.orderId!;
            let json: { order_id?: unknown; code?: unknown; message?: unknown; type?: unknown } | undefined;
            try {
              json = JSON.parse(body) as typeof json;
            } catch {
              json = undefined;
            }
            if (status === 200 && json?.order_id === orderId && typeof (json as { checkout_url?: unknown }).checkout_url === 'string') {
              created.set(orderId, (created.get(orderId) ?? 0) + 1);
            } else if (status === 502 && json?.code === 'bad_gateway' && typeof json.message === 'string' && json.type === 'server_error') {
              failed.push(orderId);
            } else if (bad.length < 5) {
              bad.push(`${orderId}: ${status} ${body.slice(0, 200)}`);
            } else {
              bad.push('');
            }
          },
        },
      ],
    });

    const after = await memory();
    peakRss = Math.max(peakRss, after.rss);
    const stored = [...sandbox.orders.keys()];
    const storedSet = new Set(stored);
    const answered = created.size + failed.length + bad.length;
    const seenTwice = [...seenBySandbox].filter(([, count]) => count > 1);
    const createdTwice = [...created].filter(([, count]) => count > 1);
    const wrongPrice = [...sandbox.orders.values()].filter(
      (order) => order.request.order_amount !== CATALOGUE[order.request.order_note ?? ''],
    );

    console.log(`\n[${phase}] ${phase === 'failing' ? `upstream failure rate ${FAILURE_RATE} (HTML 502 pages)` : 'healthy upstream'}`);
    console.log(
      `  ${result.requests.total} requests in ${result.duration.toFixed(1)} s: ${Math.round(result.requests.total / result.duration)} req/s` +
        ` (latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms)`,
    );
    console.log(
      `  status codes ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])))}` +
        `, non-2xx ${result.non2xx}, socket errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(
      `  orders created ${created.size}, 502 answers ${failed.length}, other answers ${bad.length}; ` +
        `sandbox holds ${storedSet.size} orders, saw ${seenBySandbox.size} order_ids` +
        (phase === 'failing' ? `, injected ${faults} faults` : ''),
    );
    console.log(`  handler after this run: RSS ${mb(after.rss)}, retained heap ${mb(after.retained)}`);
    for (const line of bad.filter(Boolean)) console.log(`  unexpected answer ${line}`);

    check(result.requests.total === REQUESTS, `[${phase}] ${result.requests.total} requests completed, expected ${REQUESTS}`);
    check(answered === REQUESTS, `[${phase}] ${answered} answers checked, expected ${REQUESTS}`);
    check(result.errors === 0 && result.timeouts === 0, `[${phase}] ${result.errors} socket errors, ${result.timeouts} timeouts`);
    check(bad.length === 0, `[${phase}] ${bad.length} answers were neither a created order nor a 502 ErrorResponse`);
    check(createdTwice.length === 0, `[${phase}] ${createdTwice.length} order_ids were answered as created more than once`);
    check(seenTwice.length === 0, `[${phase}] the sandbox was asked ${seenTwice.length} times for an order_id it had already seen`);
    check(seenBySandbox.size === REQUESTS, `[${phase}] the sandbox saw ${seenBySandbox.size} order_ids, expected ${REQUESTS}`);
    check(
      storedSet.size === created.size && [...created.keys()].every((id) => storedSet.has(id)),
      `[${phase}] the sandbox holds ${storedSet.size} orders but ${created.size} were answered as created`,
    );
    check(
      failed.every((id) => !storedSet.has(id)),
      `[${phase}] an order answered 502 was created anyway`,
    );
    check(wrongPrice.length === 0, `[${phase}] ${wrongPrice.length} orders were not re-priced from the catalogue`);
    if (phase === 'healthy') {
      check(result.non2xx === 0, `[healthy] ${result.non2xx} non-2xx answers`);
      check(created.size === REQUESTS, `[healthy] ${created.size} orders created, expected ${REQUESTS}`);
    } else {
      check(failed.length === faults, `[failing] ${failed.length} answers were 502, but ${faults} faults were injected`);
      check(result.non2xx === failed.length, `[failing] ${result.non2xx} non-2xx answers, ${failed.length} of them 502 ErrorResponses`);
      const share = failed.length / REQUESTS;
      check(
        share > FAILURE_RATE / 2 && share < FAILURE_RATE * 2,
        `[failing] ${(share * 100).toFixed(1)}% failed, expected about ${FAILURE_RATE * 100}%`,
      );
    }
    // Before the next run resets the sandbox: these orders are what shoppers come back from.
    if (phase === 'healthy') await returnLeg(created);
  }

  const end = await memory();
  console.log(
    `\nhandler RSS at start ${mb(start.rss)}, at end ${mb(end.rss)}, peak seen ${mb(peakRss)} (bound ${mb(MAX_RSS)}); ` +
      `retained heap ${mb(start.retained)} -> ${mb(end.retained)} (growth bound ${mb(MAX_RETAINED_GROWTH)})`,
  );
  console.log(
    `driver and sandbox RSS at end ${mb(process.memoryUsage().rss)}; ${2 * REQUESTS + RETURN_ORDERS} requests to the handler in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  check(peakRss < MAX_RSS, `handler RSS reached ${mb(peakRss)}, over ${mb(MAX_RSS)}`);
  check(
    end.retained - start.retained < MAX_RETAINED_GROWTH,
    `the handler's retained heap grew by ${mb(end.retained - start.retained)}, over ${mb(MAX_RETAINED_GROWTH)}`,
  );

  child.disconnect();
  await sandbox.close();
  if (violations.length > 0) {
    console.error(`\ntest:load FAILED:\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    '\ntest:load passed: no order lost or created twice, every failure a 502 ErrorResponse, every return answered with its true outcome, memory bounded.',
  );
}

// ---- The handler process --------------------------------------------------------------------------
async function serveHandler() {
  const { createCallBudgets, createFlowwiseClient, createOrderHandler, createOrderStatusHandler, createPostgresOrderStore, toNodeHandler } =
    await import('../src/server/index.ts');
  const { FlowwiseError } = await import('../src/core/FlowwiseError.ts');
  const { PGlite } = await import('@electric-sql/pglite');
  const [apiBaseUrl, clientId] = process.argv.slice(3) as [string, string];
  const client = createFlowwiseClient({ clientId, clientSecret: CLIENT_SECRET, environment: 'sandbox', baseUrl: apiBaseUrl });
  // Every order is kept, so in Postgres (PGlite in memory: its pages live outside the JavaScript heap
  // measured above) rather than in a Map. One shopper asks about every order: each request is its owner.
  const store = createPostgresOrderStore({ db: new PGlite() });
  const owner = () => 'load_shopper';
  // The load measures the handler, not Flowwise's rate limits: budgets far above the 10,000 returns it sends.
  const budgets = createCallBudgets({ store, perMinute: { get_order: 1_000_000, get_payments: 1_000_000 } });
  const status = createOrderStatusHandler({ client, store, owner, budgets, onError: () => undefined });
  const create = createOrderHandler({
    client,
    store,
    owner,
    prepareOrder: (order) => {
      const price = order.order_note === undefined ? undefined : CATALOGUE[order.order_note];
      if (price === undefined) throw new FlowwiseError('validation', 'Unknown product.', { code: 'unknown_product' });
      return { ...order, order_amount: price, return_base_url: 'https://shop.example/return' };
    },
    // Failures are counted from the answers; one log line per injected fault would only slow the run.
    onError: () => undefined,
  });
  // One endpoint, as a Next.js route file exports POST and GET side by side.
  const nodeHandler = toNodeHandler((request) => (request.method === 'GET' ? status(request) : create(request)));
  const server = createServer((req, res) => void nodeHandler(req, res));
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', () => {
    const { rss } = process.memoryUsage();
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ rss, retained: process.memoryUsage().heapUsed } satisfies Memory);
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === 'handler') await serveHandler();
else await main();
