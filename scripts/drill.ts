// npm run test:drill: reconciliation on many instances against one real PostgreSQL server. 4 reconciler
// processes (startReconciler) and 2 endpoint processes (createOrderHandler and createOrderStatusHandler)
// share one order store and the sandbox, which enforces per-minute limits and fails 5% of API calls
// with a 500. 10,000 orders: 30% paid by shoppers who never return (half by UPI, settling seconds
// later; 1 in 100 of them underpaid), 30% paid by shoppers whose return page polls, 20% failed, 20% left
// to expire. One reconciler is killed with SIGKILL mid-run and restarted. Time is scaled so that it
// takes minutes: orders live one minute, and the budgets are per minute as in production. Then it
// checks, from the database, the sandbox's counts and every process's log of its calls to Flowwise:
//   - every order paid in full is fulfilled exactly once (the drill's fulfilment table has a unique key,
//     and a second fulfilment is recorded as a duplicate);
//   - no paid order is missed; nothing unpaid or underpaid is fulfilled;
//   - no budget is exceeded (calls started per minute of the clock, all processes together);
//   - every 429 is honoured: no call of that kind starts after it arrived and before its wait ran out.
// The sandbox's Get Payments limit is set below the drill's budget for it (as if another client of the
// same account used the rest), so 429s do happen. Exits non-zero on any violation.
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as z from 'zod';

const ORDERS = Number(process.env.DRILL_ORDERS ?? 10_000);
const CREATE_OVER_MS = Number(process.env.DRILL_CREATE_SECONDS ?? 300) * 1000;
const TTL_MINUTES = 1;
const BUDGETS = { get_order: 3000, get_payments: 1500 };
const SANDBOX_LIMITS = { getOrder: 3300, getOrderPayments: 1000 };
const FAILURE_RATE = 0.05;
const TIME_LIMIT_MS = 20 * 60_000;
/** A call that starts within this long after a 429 arrived is not counted against it: the pause is on its way to the store. */
const PAUSE_PROPAGATION_MS = 250;
const CLIENT_SECRET = 'drill_secret_5c1e0a77';

/** One call to Flowwise, as each process logs it. */
interface Call {
  kind: 'create' | 'get_order' | 'get_payments';
  started: number;
  answered: number;
  status: number;
  retryMs?: number;
  pid: number;
}

/** The drill's own tables: a server given in FLOWWISE_TEST_DATABASE_URL keeps its other tables untouched. */
const ORDER_TABLE = 'drill_orders';
const FULFILMENT_SQL = [
  `DROP TABLE IF EXISTS ${ORDER_TABLE}, ${ORDER_TABLE}_budgets, drill_fulfilments, drill_duplicates`,
  'CREATE TABLE IF NOT EXISTS drill_fulfilments (order_id text PRIMARY KEY, amount numeric NOT NULL, by_pid integer NOT NULL, at timestamptz NOT NULL)',
  'CREATE TABLE IF NOT EXISTS drill_duplicates (order_id text NOT NULL, by_pid integer NOT NULL, at timestamptz NOT NULL)',
];

// ---- The worker processes -----------------------------------------------------------------------------

async function worker(role: 'endpoint' | 'reconciler') {
  const server = await import('../src/server/index.ts');
  const [databaseUrl, apiBaseUrl, clientId, logFile] = process.argv.slice(3) as [string, string, string, string];
  const client = server.createFlowwiseClient({
    clientId,
    clientSecret: CLIENT_SECRET,
    environment: 'sandbox',
    baseUrl: apiBaseUrl,
    fetch: async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input).pathname;
      const kind = init?.method === 'POST' ? 'create' : path.endsWith('/payments') ? 'get_payments' : 'get_order';
      const started = Date.now();
      const response = await fetch(input, init);
      const retry = response.headers.get('x-ratelimit-retry');
      const call: Call = { kind, started, answered: Date.now(), status: response.status, pid: process.pid };
      if (retry !== null) call.retryMs = Number(retry) * 1000;
      appendFileSync(logFile, `${JSON.stringify(call)}\n`);
      return response;
    },
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  const store = server.createPostgresOrderStore({ db, table: ORDER_TABLE });
  const budgets = server.createCallBudgets({ store, perMinute: BUDGETS });
  const onPaid = async ({ orderId, order }: { orderId: string; order: { order_amount: number } }) => {
    const { rows } = await db.query(
      'INSERT INTO drill_fulfilments (order_id, amount, by_pid, at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING RETURNING order_id',
      [orderId, order.order_amount, process.pid],
    );
    if (rows.length === 0)
      await db.query('INSERT INTO drill_duplicates (order_id, by_pid, at) VALUES ($1, $2, now())', [orderId, process.pid]);
  };
  const quiet = { onError: () => undefined, onReview: () => undefined };

  if (role === 'reconciler') {
    server.startReconciler({
      client,
      store,
      budgets,
      onPaid,
      onReview: () => undefined,
      onOrderError: () => undefined,
      intervalMs: 1000,
      leaseMs: 30_000,
      fulfilmentLeaseMs: 30_000,
    });
    process.send!({ ready: true });
    return;
  }
  const status = server.createOrderStatusHandler({ client, store, budgets, onPaid, ...quiet });
  const create = server.createOrderHandler({
    client,
    store,
    schema: z.object({ amount: z.number().int().min(1).max(1000) }),
    // Priced by the shop: the payload says how many rupees, nothing else.
    prepareOrder: ({ amount }) => ({
      order_amount: amount,
      order_currency: 'INR',
      customer_details: { customer_email: 'drill@example.com' },
      return_base_url: 'https://shop.example/return',
      expiry_time_in_minutes: TTL_MINUTES,
    }),
    onError: (_error, info) => process.env.DRILL_DEBUG && console.error(info.message),
  });
  const handler = server.toNodeHandler((request) => (request.method === 'GET' ? status(request) : create(request)));
  const http = createServer((req, res) => void handler(req, res));
  http.keepAliveTimeout = 30_000;
  http.listen(0, '127.0.0.1', () => process.send!({ port: (http.address() as AddressInfo).port }));
}

// ---- The drill ----------------------------------------------------------------------------------------

type Cohort = 'never_returns' | 'underpaid' | 'returns' | 'fails' | 'expires';

async function main() {
  const started = Date.now();
  const deadline = setTimeout(() => {
    console.error(`test:drill: still running after ${TIME_LIMIT_MS / 60_000} minutes; giving up.`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  deadline.unref();
  const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  const { startPostgres } = await import('./postgres.ts');
  const postgres = await startPostgres();
  const db = new pg.Pool({ connectionString: postgres.url, max: 4 });
  for (const statement of FULFILMENT_SQL) await db.query(statement);
  const logs = mkdtempSync(join(tmpdir(), 'flowwise-drill-'));

  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    rateLimits: SANDBOX_LIMITS,
    fault: { type: 'error', status: 500 },
    failureRate: FAILURE_RATE,
    recordRequests: false,
    clientSecret: CLIENT_SECRET,
  });
  const children = new Set<ChildProcess>();
  const script = fileURLToPath(import.meta.url);
  const spawnWorker = (role: 'endpoint' | 'reconciler', index: number) =>
    new Promise<{ child: ChildProcess; port?: number }>((ready, fail) => {
      const child = fork(
        script,
        [role, postgres.url, sandbox.apiBaseUrl, sandbox.clientId, join(logs, `${role}-${index}-${Date.now()}.jsonl`)],
        {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      children.add(child);
      child.once('exit', () => children.delete(child));
      child.once('error', fail);
      child.once('message', (message: { port?: number }) => ready({ child, port: message.port }));
    });
  const stopAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', stopAll);

  try {
    const endpoints = await Promise.all([0, 1].map((index) => spawnWorker('endpoint', index)));
    const urls = endpoints.map(({ port }) => `http://127.0.0.1:${port}/api/flowwise/orders`);
    const reconcilers = await Promise.all([0, 1, 2, 3].map((index) => spawnWorker('reconciler', index)));
    say(`PostgreSQL ${postgres.url}, sandbox ${sandbox.url}, 2 endpoints, 4 reconcilers; ${ORDERS} orders over ${CREATE_OVER_MS / 1000} s`);

    const cohorts = new Map<string, Cohort>();
    /** When Flowwise says PAID, for the orders paid in full. */
    const paidAt = new Map<string, number>();
    const timers = new Set<NodeJS.Timeout>();
    const after = (ms: number, run: () => void | Promise<void>) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        Promise.resolve()
          .then(run)
          .catch((error: unknown) => say(`a shopper's step failed: ${(error as Error).message}`));
      }, ms);
      timers.add(timer);
    };
    let returnPolls = 0;
    const poll = async (orderId: string, url: string, left: number) => {
      returnPolls += 1;
      const answer = await fetch(`${url}?order_id=${orderId}`).catch(() => undefined);
      const body = answer?.ok ? ((await answer.json()) as { outcome: string }) : undefined;
      if (body?.outcome !== 'paid' && left > 1) after(2000, () => poll(orderId, url, left - 1));
    };

    let killed = false;
    for (let index = 0; index < ORDERS; index += 1) {
      // Paced over CREATE_OVER_MS, so that orders of every age are in flight together.
      const due = started + (index / ORDERS) * CREATE_OVER_MS;
      if (due > Date.now()) await new Promise((done) => setTimeout(done, due - Date.now()));
      const url = urls[index % urls.length]!;
      let orderId: string | undefined;
      for (let attempt = 0; attempt < 10 && !orderId; attempt += 1) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 100 + (index % 50) }),
        }).catch(() => undefined);
        if (response?.ok) orderId = ((await response.json()) as { order_id: string }).order_id;
        else if (attempt === 9) console.error(response ? `${response.status} ${await response.text()}` : 'no answer');
        else await response?.body?.cancel();
      }
      if (!orderId) throw new Error(`order ${index} could not be created in 10 attempts`);
      const draw = (index * 7919) % 100;
      const cohort: Cohort =
        draw < 30 ? (draw === 0 ? 'underpaid' : 'never_returns') : draw < 60 ? 'returns' : draw < 80 ? 'fails' : 'expires';
      cohorts.set(orderId, cohort);
      const id = orderId;
      const actsIn = 2000 + Math.random() * 28_000;
      if (cohort === 'fails') after(actsIn, () => void sandbox.pay(id, { fail: true }));
      if (cohort === 'returns') {
        after(actsIn, () => {
          sandbox.pay(id, { method: 'card' });
          paidAt.set(id, Date.now());
          after(1500, () => poll(id, url, 30));
        });
      }
      if (cohort === 'never_returns') {
        const upi = index % 2 === 0;
        const settle = upi ? 5000 + Math.random() * 20_000 : 0;
        after(actsIn, () => {
          sandbox.pay(id, upi ? { method: 'upi', settleAfterMs: settle } : { method: 'card' });
          paidAt.set(id, Date.now() + settle);
        });
      }
      if (cohort === 'underpaid') {
        after(actsIn, () => {
          // Flowwise says PAID, but the one successful payment is a rupee short of what was priced.
          const order = sandbox.orders.get(id)!;
          sandbox.pay(id, { method: 'card' });
          for (const payment of order.payments) payment.payment_amount = order.request.order_amount - 1;
        });
      }
      if (!killed && index === Math.floor(ORDERS / 2)) {
        killed = true;
        const victim = reconcilers[0]!.child;
        say(`SIGKILL reconciler ${victim.pid} mid-run; restarting it in 5 s`);
        victim.kill('SIGKILL');
        after(5000, async () => {
          const restarted = await spawnWorker('reconciler', 4);
          say(`reconciler restarted as ${restarted.child.pid}`);
        });
      }
      if (index % 1000 === 999) say(`${index + 1} orders created`);
    }

    // Every shopper has acted once no timer is left; then every order must become final in the store.
    while (timers.size > 0) await new Promise((done) => setTimeout(done, 500));
    say(`all shoppers acted (${returnPolls} return-page requests); waiting for every order to be settled in the store`);
    const ids = [...cohorts.keys()];
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS open FROM ${ORDER_TABLE}
         WHERE order_id = ANY($1) AND (status = 'active' OR (status = 'paid' AND fulfilment <> 'done'))`,
        [ids],
      );
      const open = (rows[0] as { open: number }).open;
      if (open === 0) break;
      say(`${open} orders not settled yet`);
      await new Promise((done) => setTimeout(done, 5000));
    }
    say('every order settled; stopping the processes');
    for (const child of children) child.kill('SIGTERM');
    await Promise.all([...children].map((child) => new Promise((done) => child.once('exit', done))));

    // ---- What happened ----------------------------------------------------------------------------
    const violations: string[] = [];
    const fulfilled = new Map(
      ((await db.query('SELECT order_id, amount, by_pid, at FROM drill_fulfilments')).rows as Array<{ order_id: string; at: Date }>).map(
        (row) => [row.order_id, row.at.getTime()],
      ),
    );
    const duplicates = (await db.query('SELECT order_id FROM drill_duplicates')).rows as Array<{ order_id: string }>;
    const records = new Map(
      (
        (await db.query(`SELECT order_id, status, review_reason, fulfilment FROM ${ORDER_TABLE} WHERE order_id = ANY($1)`, [ids]))
          .rows as Array<{ order_id: string; status: string; review_reason: string | null }>
      ).map((row) => [row.order_id, row]),
    );
    const paidInFull = ids.filter((id) => {
      const order = sandbox.orders.get(id)!;
      const covered = order.payments
        .filter((payment) => payment.status === 'SUCCESS')
        .reduce((sum, payment) => sum + (payment.payment_amount ?? 0), 0);
      return order.status === 'PAID' && covered >= order.request.order_amount;
    });
    const paidSet = new Set(paidInFull);

    if (duplicates.length > 0) violations.push(`${duplicates.length} orders fulfilled twice, e.g. ${duplicates[0]!.order_id}`);
    const missed = paidInFull.filter((id) => !fulfilled.has(id));
    if (missed.length > 0) violations.push(`${missed.length} paid orders never fulfilled, e.g. ${missed[0]}`);
    const wrongly = [...fulfilled.keys()].filter((id) => !paidSet.has(id));
    if (wrongly.length > 0) violations.push(`${wrongly.length} orders fulfilled that were not paid in full, e.g. ${wrongly[0]}`);
    const underpaid = ids.filter((id) => cohorts.get(id) === 'underpaid');
    const notInReview = underpaid.filter((id) => records.get(id)?.status !== 'review');
    if (notInReview.length > 0) violations.push(`${notInReview.length} underpaid orders not in review`);
    const expectedPaid = ids.filter((id) => ['never_returns', 'returns'].includes(cohorts.get(id)!));
    const notPaidAtSandbox = expectedPaid.filter((id) => !paidSet.has(id));
    if (notPaidAtSandbox.length > 0)
      violations.push(`${notPaidAtSandbox.length} orders the shopper paid are not PAID at the sandbox (the drill is wrong)`);

    const calls: Call[] = readdirSync(logs).flatMap((file) =>
      readFileSync(join(logs, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Call),
    );
    const perMinute = new Map<string, number>();
    for (const call of calls) {
      if (call.kind === 'create') continue;
      const key = `${call.kind} ${Math.floor(call.started / 60_000)}`;
      perMinute.set(key, (perMinute.get(key) ?? 0) + 1);
    }
    for (const kind of ['get_order', 'get_payments'] as const) {
      const peak = Math.max(0, ...[...perMinute].filter(([key]) => key.startsWith(kind)).map(([, count]) => count));
      say(
        `${kind}: ${calls.filter((call) => call.kind === kind).length} calls, at most ${peak} started in one minute (budget ${BUDGETS[kind]})`,
      );
      if (peak > BUDGETS[kind]) violations.push(`${kind}: ${peak} calls in one minute, over the budget of ${BUDGETS[kind]}`);
    }
    const limited = calls.filter((call) => call.status === 429);
    let dishonoured = 0;
    for (const refusal of limited) {
      const from = refusal.answered + PAUSE_PROPAGATION_MS;
      const until = refusal.answered + (refusal.retryMs ?? 60_000);
      dishonoured += calls.filter((call) => call.kind === refusal.kind && call.started > from && call.started < until).length;
    }
    if (dishonoured > 0) violations.push(`${dishonoured} calls started while a 429's wait was still running`);

    const stats = sandbox.stats();
    const neverReturned = ids.filter((id) => cohorts.get(id) === 'never_returns' && fulfilled.has(id) && paidAt.has(id));
    const latencies = neverReturned.map((id) => fulfilled.get(id)! - paidAt.get(id)!).sort((a, b) => a - b);
    const p = (q: number) => ((latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? NaN) / 1000).toFixed(1);
    const byStatus = [...records.values()].reduce<Record<string, number>>(
      (counts, record) => ({ ...counts, [record.status]: (counts[record.status] ?? 0) + 1 }),
      {},
    );
    say(
      `orders: ${ids.length} (${byStatus.paid ?? 0} paid, ${byStatus.expired ?? 0} expired, ${byStatus.review ?? 0} in review); ` +
        `${paidInFull.length} paid in full at the sandbox, ${fulfilled.size} fulfilled, ${duplicates.length} fulfilled twice`,
    );
    say(`payment → fulfilment for shoppers who never returned (${latencies.length}): p50 ${p(0.5)} s, p95 ${p(0.95)} s, max ${p(1)} s`);
    say(
      `sandbox: Get Order ${stats.getOrder.calls} (${stats.getOrder.rateLimited} answered 429, at most ${stats.getOrder.peakPerMinute} a minute), ` +
        `Get Payments ${stats.getOrderPayments.calls} (${stats.getOrderPayments.rateLimited} answered 429, at most ${stats.getOrderPayments.peakPerMinute} a minute, its limit ${SANDBOX_LIMITS.getOrderPayments}); ` +
        `${calls.filter((call) => call.status === 500).length} calls failed with the injected 500; ${limited.length} 429s, each honoured unless listed below`,
    );
    if (violations.length > 0) {
      console.error(`\ntest:drill FAILED:\n  ${violations.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      say(
        'test:drill passed: every order paid in full fulfilled exactly once, none missed, nothing unpaid or underpaid fulfilled, no budget exceeded, every 429 honoured.',
      );
    }
  } finally {
    stopAll();
    await sandbox.close();
    await db.end();
    postgres.stop();
    rmSync(logs, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'endpoint' || process.argv[2] === 'reconciler') await worker(process.argv[2]);
else await main();
