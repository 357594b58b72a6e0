// npm run bench:reconcile: a simulation, on the sandbox's clock, of a shop with about 1,000 pending orders
// and a budget of 400 Get Order a minute. Orders arrive at 20 a minute and live 2 hours (30% paid by
// shoppers who never return, 30% paid by shoppers whose return page asks, 20% failed, 20% left to
// expire); the reconciler runs every 5 simulated seconds, as startReconciler does when nothing more is
// due. Every call to Flowwise is a real HTTP request to the sandbox (its per-minute limits on, so going
// over would show as 429s), and the store is the memory store. Time is simulated: the sandbox's clock
// is moved one second at a time, so three hours take a few minutes. Measured after a two-hour warm-up,
// over one hour: payment to fulfilment for shoppers who never return, and calls per order over its
// life. Writes its section of bench/results.md.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startSandbox } from '../sandbox/index.ts';
import {
  createCallBudgets,
  createFlowwiseClient,
  createMemoryOrderStore,
  reconcileOrders,
  type OrderRecord,
  type PaidOrder,
} from '../src/server/index.ts';
import { checkOrder } from '../src/server/checkOrder.ts';
import { nextCheckAt } from '../src/server/checkSchedule.ts';
import { fulfilOrder } from '../src/server/fulfilOrder.ts';

const MINUTE = 60_000;
const ORDERS_PER_MINUTE = 20;
const TTL_MINUTES = 120;
const WARMUP_MS = 120 * MINUTE;
const MEASURE_MS = 60 * MINUTE;
/** After the measured hour, no order is measured but the run goes on, so that every measured payment can settle and be fulfilled. */
const COOLDOWN_MS = 20 * MINUTE;
const RECONCILE_EVERY_MS = 5000;
const GET_ORDER_BUDGET = 400;
const GET_PAYMENTS_BUDGET = 100;

// A seeded random source, so that two runs simulate the same shop.
let seed = 20261203;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const exponential = (meanMs: number) => -Math.log(1 - random()) * meanMs;
/** When a shopper acts on the checkout page: 20 s, plus a minute on average, within 14 minutes. */
const actAfter = () => Math.min(20_000 + exponential(MINUTE), 14 * MINUTE);

type Cohort = 'never_returns' | 'returns' | 'fails' | 'expires';
interface Simulated {
  id: string;
  cohort: Cohort;
  createdAt: number;
  measured: boolean;
  upi: boolean;
  /** When Flowwise says PAID (a UPI payment settles after it was made). */
  paidAt?: number;
  fulfilledAt?: number;
  getOrder: number;
  getPayments: number;
  /** When each Get Order for it was sent, on the simulated clock. */
  getOrderAt: number[];
}

const sandbox = await startSandbox({ rateLimits: { getOrder: GET_ORDER_BUDGET, getOrderPayments: GET_PAYMENTS_BUDGET } });
const now = () => sandbox.clock.now();
const orders = new Map<string, Simulated>();
const client = createFlowwiseClient({
  clientId: sandbox.clientId,
  clientSecret: sandbox.clientSecret,
  environment: 'sandbox',
  baseUrl: sandbox.apiBaseUrl,
  fetch: (input, init) => {
    const path = new URL(input instanceof Request ? input.url : input).pathname;
    const match = /\/orders\/([^/]+)(\/payments)?$/.exec(path);
    const order = match ? orders.get(decodeURIComponent(match[1]!)) : undefined;
    if (order && match![2]) order.getPayments += 1;
    else if (order) {
      order.getOrder += 1;
      order.getOrderAt.push(now().getTime());
    }
    return fetch(input, init);
  },
});
const store = createMemoryOrderStore({ now });
const budgets = createCallBudgets({ store, now, perMinute: { get_order: GET_ORDER_BUDGET, get_payments: GET_PAYMENTS_BUDGET } });
const onPaid = ({ orderId }: PaidOrder) => {
  const order = orders.get(orderId)!;
  order.fulfilledAt ??= now().getTime();
};

/** Events on the simulated clock, in order. */
const events: Array<{ at: number; run: () => Promise<void> }> = [];
const schedule = (at: number, run: () => Promise<void>) => {
  const index = events.findIndex((event) => event.at > at);
  events.splice(index === -1 ? events.length : index, 0, { at, run });
};

/** A return page asking the status endpoint, as the status handler does: read (shopper first), then fulfil. */
async function shopperAsks(order: Simulated, polls: number): Promise<void> {
  const record = (await store.get(order.id))!;
  const { record: checked } = await checkOrder(record, { client, store, budgets, priority: 'shopper' });
  if (checked.status === 'paid') await fulfilOrder(checked, store, onPaid);
  else if (checked.status === 'active' && polls > 1) schedule(now().getTime() + 5000, () => shopperAsks(order, polls - 1));
}

let created = 0;
async function createOrder(measured: boolean): Promise<void> {
  created += 1;
  const draw = random();
  const cohort: Cohort = draw < 0.3 ? 'never_returns' : draw < 0.6 ? 'returns' : draw < 0.8 ? 'fails' : 'expires';
  const id = `order_bench_${created}`;
  const request = {
    order_id: id,
    order_amount: 499,
    order_currency: 'INR',
    customer_details: { customer_email: 'shopper@example.com' },
    expiry_time_in_minutes: TTL_MINUTES,
  };
  const answer = await client.createOrder(request);
  const createdAt = now();
  const expiresAt = new Date(answer.order_expiry_time!);
  await store.insert({
    orderId: id,
    owner: null,
    orderIdSource: 'handler',
    payload: {},
    order: request,
    checkoutUrl: answer.checkout_url,
    expiresAt,
    nextCheckAt: nextCheckAt({ createdAt, expiresAt }, createdAt, { random }),
  });
  // Shoppers who pay by UPI in its app are the ones who often never come back: half of them here.
  const order: Simulated = {
    id,
    cohort,
    createdAt: createdAt.getTime(),
    measured,
    upi: cohort === 'never_returns' && random() < 0.5,
    getOrder: 0,
    getPayments: 0,
    getOrderAt: [],
  };
  orders.set(id, order);
  const actsAt = createdAt.getTime() + actAfter();
  if (cohort === 'fails') schedule(actsAt, async () => void sandbox.pay(id, { fail: true }));
  if (cohort === 'never_returns' || cohort === 'returns') {
    const settleAfterMs = order.upi ? 60_000 + random() * 4 * MINUTE : 0;
    schedule(actsAt, async () => {
      sandbox.pay(id, order.upi ? { method: 'upi', settleAfterMs } : { method: 'card' });
      order.paidAt = actsAt + settleAfterMs;
      // The shopper lands on the return page a few seconds after paying, and it polls while pending.
      if (cohort === 'returns') schedule(actsAt + 3000, () => shopperAsks(order, 24));
    });
  }
}

const started = Date.now();
const start = now().getTime();
const pendingSamples: number[] = [];
let runs = 0;
let deferred = 0;
let nextArrival = start;
for (let elapsed = 0; elapsed < WARMUP_MS + MEASURE_MS + COOLDOWN_MS; elapsed += 1000) {
  sandbox.clock.advance(elapsed === 0 ? 0 : 1000);
  const time = now().getTime();
  while (nextArrival <= time) {
    await createOrder(elapsed >= WARMUP_MS && elapsed < WARMUP_MS + MEASURE_MS);
    nextArrival += exponential(MINUTE / ORDERS_PER_MINUTE);
  }
  while (events.length > 0 && events[0]!.at <= time) await events.shift()!.run();
  if (elapsed % RECONCILE_EVERY_MS === 0) {
    // As startReconciler: again at once while a full batch came back and nothing was held back.
    for (;;) {
      const result = await reconcileOrders({
        client,
        store,
        onPaid,
        budgets,
        now,
        random,
        onReview: () => undefined,
        timeBudgetMs: 60_000,
      });
      runs += 1;
      deferred += result.deferred;
      if (result.claimed < 25 || result.deferred > 0) break;
    }
  }
  if (elapsed >= WARMUP_MS && elapsed < WARMUP_MS + MEASURE_MS && elapsed % MINUTE === 0) {
    let pending = 0;
    for (const order of orders.values()) if ((await store.get(order.id))!.status === 'active') pending += 1;
    pendingSamples.push(pending);
  }
  if (elapsed % (10 * MINUTE) === 0)
    console.log(`simulated ${elapsed / MINUTE} min, ${created} orders, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const stats = sandbox.stats();
await sandbox.close();

// ---- Figures ----------------------------------------------------------------------------------------
const measured = [...orders.values()].filter((order) => order.measured);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const neverReturn = measured.filter((order) => order.cohort === 'never_returns' && order.paidAt !== undefined);
const within15 = neverReturn.filter((order) => order.paidAt! - order.createdAt <= 15 * MINUTE);
const unfulfilled = within15.filter((order) => order.fulfilledAt === undefined);
const latencies = within15.filter((order) => order.fulfilledAt !== undefined).map((order) => order.fulfilledAt! - order.paidAt!);
const returned = measured.filter((order) => order.cohort === 'returns' && order.fulfilledAt !== undefined);
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const callsOf = (cohort: Cohort, kind: 'getOrder' | 'getPayments') =>
  mean(measured.filter((order) => order.cohort === cohort).map((order) => order[kind])).toFixed(2);
const records = (await Promise.all(measured.map((order) => store.get(order.id)))) as OrderRecord[];
const finalStates = records.reduce<Record<string, number>>(
  (counts, record) => ({ ...counts, [record.status]: (counts[record.status] ?? 0) + 1 }),
  {},
);
const p50 = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
const returnedGetOrder = mean(returned.map((order) => order.getOrder));
const returnedBefore = mean(returned.map((order) => order.getOrderAt.filter((at) => at < order.paidAt!).length));
const returnedAfter = mean(returned.map((order) => order.getOrderAt.filter((at) => at >= order.paidAt!).length));

const section = `## Reconciliation at 1,000 pending orders (a simulation)

\`npm run bench:reconcile\`, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores, Node ${process.version}.
A simulation on the sandbox's clock, stated as such: orders arrive at ${ORDERS_PER_MINUTE} a minute (Poisson) and live
${TTL_MINUTES} minutes; 30% are paid by shoppers who never return (half of them by UPI, settling 1–5 minutes
after they approve it), 30% paid by card by shoppers whose return page asks 3 s after paying (then every 5 s
while pending), 20% have a failed payment, 20% are left to expire. Shoppers act 20 s plus an exponential
minute after the order is created (at most 14 minutes). The reconciler (\`reconcileOrders\`, batches of 25)
runs every 5 simulated seconds and again at once after a full batch; the Get Order budget is
${GET_ORDER_BUDGET} a minute and Get Payments ${GET_PAYMENTS_BUDGET} (shoppers first, the reconciler 75%), and the
sandbox enforces the same limits. Every call is a real HTTP request to the sandbox; the store is the memory
store. Measured: the ${measured.length} orders created in the ${MEASURE_MS / MINUTE} minutes after a ${WARMUP_MS / MINUTE}-minute warm-up, followed for ${COOLDOWN_MS / MINUTE} minutes more.

Pending orders, sampled each minute: median ${percentile(pendingSamples, 50)}, min ${Math.min(...pendingSamples)}, max ${Math.max(...pendingSamples)}.

| | figure | target |
|---|---|---|
| payment → fulfilment, shoppers who never return, paid within 15 min of creation (${latencies.length} orders): p50 | ${seconds(p50)} | |
| the same, p95 | **${seconds(p95)}** | ≤ 90 s |
| of those, not fulfilled by the end of the run | ${unfulfilled.length} | 0 |
| Get Order calls per paid order whose shopper returns, over its life (${returned.length} orders) | **${returnedGetOrder.toFixed(2)}** | ≤ 1.5 |
| of which before the payment (the reconciler's checks while the shopper is still paying) | ${returnedBefore.toFixed(2)} | |
| of which from the payment on (the return page's read, and any check beside it) | ${returnedAfter.toFixed(2)} | |

Calls to Flowwise per order over its life (mean, Get Order / Get Payments): never returns ${callsOf('never_returns', 'getOrder')} / ${callsOf('never_returns', 'getPayments')};
returns ${callsOf('returns', 'getOrder')} / ${callsOf('returns', 'getPayments')}; failed ${callsOf('fails', 'getOrder')} / ${callsOf('fails', 'getPayments')}; expired ${callsOf('expires', 'getOrder')} / ${callsOf('expires', 'getPayments')}
(the failed and expired ones still had time to live when the run ended, so theirs are not whole lives).

At the sandbox, for the whole run: Get Order ${stats.getOrder.calls} calls, at most ${stats.getOrder.peakPerMinute} in a minute, ${stats.getOrder.rateLimited} answered 429;
Get Payments ${stats.getOrderPayments.calls} calls, at most ${stats.getOrderPayments.peakPerMinute} in a minute, ${stats.getOrderPayments.rateLimited} answered 429.
${runs} reconciler runs; ${deferred} order checks put back by the budget. The measured orders' states at the end: ${Object.entries(
  finalStates,
)
  .map(([status, count]) => `${status} ${count}`)
  .join(', ')}.
`;

const MARK = '<!-- bench:reconcile -->';
const file = new URL('./results.md', import.meta.url);
const existing = readFileSync(file, 'utf8');
const before = existing.includes(MARK) ? existing.slice(0, existing.indexOf(MARK)) : `${existing.trimEnd()}\n\n`;
writeFileSync(file, `${before}${MARK}\n${section}`);
console.log(section);
