import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleErrorResponses } from '../src/testing/fixtures';
import { CallCounter, checkRateLimits } from './calls';
import { MovableClock } from './clock';
import type { SandboxContext } from './context';
import { checkAllowedHosts } from './hosts';
import { sendError } from './http';
import { payOptionsProblem } from './payOptions';
import { route } from './routes';
import { SandboxState } from './state';
import type { Sandbox, SandboxBehaviour, SandboxOptions } from './types';
import { Waits } from './waits';

/** The `x-client-id` a sandbox accepts unless started with another. */
export const SANDBOX_CLIENT_ID = 'sandbox_client_id';
/** The `x-client-secret` a sandbox accepts unless started with another: a fixed test value, not a secret. */
export const SANDBOX_CLIENT_SECRET = 'sandbox_client_secret';
const DEFAULT_MAX_RECORDED_REQUESTS = 100;
const DEFAULT_UPI_DELAY_MS = 5000;

function checkBehaviour({ upiDelayMs, rateLimits }: SandboxBehaviour): void {
  if (upiDelayMs !== undefined && !(Number.isFinite(upiDelayMs) && upiDelayMs >= 0)) {
    throw new RangeError(`upiDelayMs must be a number of milliseconds (0 or more); got ${String(upiDelayMs)}.`);
  }
  checkRateLimits(rateLimits);
}

/**
 * Starts a local stand-in for Flowwise on loopback: Create Order (`POST /router/orders`), Get Order
 * (`GET /router/orders/:order_id`) and Get All Payments for Order (`GET /router/orders/:order_id/payments`)
 * as the OpenAPI texts describe them; a hosted checkout page at `/checkout/:order_id` with "Pay", "Fail",
 * "Pay by UPI" and "Back to the shop", each recording a payment; and a home page at `/`. Orders live in
 * memory. `latencyMs` and `fault` make it slow or broken; `upiDelayMs` sets how long UPI stays pending;
 * `rateLimits` answers 429 past Flowwise's per-minute limits. `sandbox.pay()` pays an order with no
 * shopper, `sandbox.clock.advance()` moves time, and `sandbox.stats()` counts the calls. Node only.
 *
 * @example
 * const sandbox = await startSandbox({ port: 0, upiDelayMs: 2000 });
 * const client = createFlowwiseClient({
 *   clientId: sandbox.clientId, clientSecret: sandbox.clientSecret,
 *   environment: 'sandbox', baseUrl: sandbox.apiBaseUrl,
 * });
 * // … (await client.getOrder(id)).order_status === 'PAID'
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const {
    port = 0,
    host = '127.0.0.1',
    clientId = SANDBOX_CLIENT_ID,
    clientSecret = SANDBOX_CLIENT_SECRET,
    log,
    now = () => new Date(),
    recordRequests = true,
    maxRecordedRequests = DEFAULT_MAX_RECORDED_REQUESTS,
    onRequest,
  } = options;
  if (!(maxRecordedRequests === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxRecordedRequests) && maxRecordedRequests >= 0))) {
    throw new RangeError(
      `maxRecordedRequests must be a whole number of requests (0 or more) or Infinity; got ${String(maxRecordedRequests)}.`,
    );
  }
  const allowedHosts = checkAllowedHosts(options.allowedHosts ?? []);
  const initial: SandboxBehaviour = {
    latencyMs: options.latencyMs,
    fault: options.fault,
    failureRate: options.failureRate,
    random: options.random,
    upiDelayMs: options.upiDelayMs,
    rateLimits: options.rateLimits,
  };
  checkBehaviour(initial);
  let behaviour: SandboxBehaviour = initial;
  let origin = '';
  const clock = new MovableClock(now);
  const state = new SandboxState({
    now: clock.now,
    upiDelayMs: () => behaviour.upiDelayMs ?? DEFAULT_UPI_DELAY_MS,
    recordRequests,
    maxRecordedRequests,
  });
  const waits = new Waits();
  const calls = new CallCounter(clock.now);
  const context: SandboxContext = {
    state,
    waits,
    calls,
    behaviour: () => behaviour,
    origin: () => origin,
    allowedHosts,
    clientId,
    clientSecret,
    recordRequests,
    onRequest,
  };

  const server = createServer((req, res) => {
    res.on('finish', () => log?.(`${req.method} ${req.url} ${res.statusCode}`));
    route(context, req, res).catch((error: unknown) => {
      const { message, code, type } = exampleErrorResponses[500];
      if (!res.headersSent) sendError(res, 500, message, code, type);
      else res.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url: origin,
    apiBaseUrl: `${origin}/router`,
    clientId,
    clientSecret,
    orders: state.orders,
    requests: state.requests,
    clock: {
      now: clock.now,
      advance(ms) {
        clock.advance(ms);
        for (const order of state.orders.values()) state.currentStatus(order);
      },
    },
    pay(orderId, payOptions = {}) {
      const problem = payOptionsProblem(payOptions);
      if (problem) throw new TypeError(`sandbox.pay(): ${problem}`);
      const paid = state.pay(orderId, payOptions);
      if ('refused' in paid) throw new Error(`sandbox.pay(): ${paid.message}`);
      return paid;
    },
    stats: () => calls.stats(),
    configure(next) {
      checkBehaviour(next);
      behaviour = { ...next };
    },
    reset() {
      state.reset();
      calls.reset();
      clock.reset();
      behaviour = initial;
    },
    close() {
      waits.releaseAll();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
