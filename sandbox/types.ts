import type { CreateOrderRequest, OrderStatusValue, PaymentStatusValue } from '../src/schemas';

/**
 * Something going wrong on the sandbox's API (`POST /router/orders`, and Get Order and Get All Payments
 * for Order), for testing how a client copes:
 * - `error`: a JSON `ErrorResponse` with `status` (a 500, a 401, a 429…), `body` overriding its fields;
 * - `html`: an HTML error page, as a proxy in front of an API sends (status defaults to 502);
 * - `invalid-response`: a 200 whose JSON is not a `CreateOrderResponse`;
 * - `huge-body`: a 200 that streams `bytes` of JSON-looking padding (default: forever);
 * - `reset`: the connection is dropped without a response or, with `afterBytes`, after a 200's headers
 *   and the first `afterBytes` bytes of its body;
 * - `hang`: the request is never answered;
 * - `unsafe-url`: Create Order creates the order but answers a `checkout_url` of `javascript:alert(1)`, as a
 *   compromised or broken upstream might (reads are not affected).
 */
export type SandboxFault =
  | { type: 'error'; status: number; body?: { message?: string; code?: string; type?: string } }
  | { type: 'html'; status?: number }
  | { type: 'invalid-response' }
  | { type: 'huge-body'; bytes?: number }
  | { type: 'reset'; afterBytes?: number }
  | { type: 'hang' }
  | { type: 'unsafe-url' };

/** How the sandbox's API and checkout page behave; change it at any time with `sandbox.configure()`. */
export interface SandboxBehaviour {
  /** Milliseconds to wait before answering each API request (create, get order, get payments). Defaults to `0`. */
  latencyMs?: number;
  /** The fault a failing API request gets. Defaults to none. */
  fault?: SandboxFault;
  /** The share of API requests (0–1) that get `fault`. Defaults to `1` when `fault` is set. */
  failureRate?: number;
  /** The random source for `failureRate`, to make it deterministic in tests. Defaults to `Math.random`. */
  random?: () => number;
  /**
   * Milliseconds a UPI payment (the checkout page's "Pay by UPI", or `sandbox.pay(id, { method: 'upi' })`)
   * stays `PENDING`, as one waits for the shopper to approve it in their UPI app, before it turns `SUCCESS`
   * and the order `PAID`. Measured on the sandbox's clock, so a payment that settles minutes later takes no
   * time in a test that moves it (`sandbox.clock.advance()`). A payment still pending when the order
   * expires turns `FAILED`. Defaults to `5000`.
   */
  upiDelayMs?: number;
  /**
   * Flowwise's per-minute rate limits, per kind of call. Past a limit within one minute of the sandbox's
   * clock (from :00 to :59), a call gets a 429 with `x-ratelimit-limit`, `x-ratelimit-remaining` and
   * `x-ratelimit-retry` (the seconds until the next minute), as Cashfree answers; calls under it carry
   * the first two. Only calls with valid credentials count. Defaults to none: no limit on any kind.
   *
   * @example
   * startSandbox({ rateLimits: { getOrder: 400, getOrderPayments: 100 } });
   */
  rateLimits?: SandboxRateLimits;
}

/** The kinds of API call the sandbox counts and limits: Create Order, Get Order, Get All Payments for Order. */
export type SandboxCallKind = 'createOrder' | 'getOrder' | 'getOrderPayments';

/** Calls allowed a minute, per kind of call; a kind left out has no limit. */
export type SandboxRateLimits = Partial<Record<SandboxCallKind, number>>;

/** What one kind of call has had since the sandbox started (or was last reset). */
export interface SandboxCallStats {
  /** Calls with valid credentials, the ones answered 429 included. */
  calls: number;
  /** Of those, the ones answered 429 for going over `rateLimits`. */
  rateLimited: number;
  /** The most calls let through within one minute of the sandbox's clock: over a budget, that budget was exceeded. */
  peakPerMinute: number;
}

/** The sandbox's counts, per kind of call, from `sandbox.stats()` or `GET /__sandbox/stats`. */
export type SandboxStats = Record<SandboxCallKind, SandboxCallStats>;

/** Options for {@link startSandbox}: where it listens, the credentials it accepts, and its {@link SandboxBehaviour}. */
export interface SandboxOptions extends SandboxBehaviour {
  /** The port to listen on; `0` picks a free one. Defaults to `0`. */
  port?: number;
  /** The loopback address to listen on. Defaults to `127.0.0.1`. */
  host?: string;
  /**
   * Host names, besides its own address and `localhost`, `127.0.0.1` and `[::1]` on its port, that the
   * sandbox answers requests for (on any port), e.g. `['sandbox.test']` behind a proxy. A request whose
   * `Host` is anything else gets a 403 `host_not_allowed` and changes nothing, so that a web page that
   * rebinds its own name to 127.0.0.1 cannot drive the sandbox. Defaults to `[]`.
   */
  allowedHosts?: readonly string[];
  /** The `x-client-id` the sandbox accepts. Defaults to `sandbox_client_id`. */
  clientId?: string;
  /** The `x-client-secret` the sandbox accepts. Defaults to `sandbox_client_secret`. */
  clientSecret?: string;
  /** Called once per request with a one-line summary (never headers), e.g. to print a log. */
  log?: (line: string) => void;
  /**
   * The clock that expiry, UPI settlement and rate limits follow, before `sandbox.clock.advance()` moves
   * it on. Defaults to `() => new Date()`.
   */
  now?: () => Date;
  /**
   * Whether to keep the requests to `POST /router/orders` that pass the credential check in
   * `requests`. Defaults to `true` (`npm run sandbox` keeps none unless started with `--record-requests`).
   * A request with wrong or missing credentials is never kept.
   */
  recordRequests?: boolean;
  /**
   * How many requests `requests` keeps: past that, the oldest is dropped, so memory stays bounded however
   * long the sandbox runs. A whole number; `Infinity` keeps them all. Defaults to `100`.
   */
  maxRecordedRequests?: number;
  /**
   * Called with each request to `POST /router/orders` that passes the credential check, as soon as its
   * body is read and before any latency, fault or other check: every one, whether or not it is kept in
   * `requests` (recording off, or past `maxRecordedRequests`), e.g. to count them in a long run. Requests
   * with wrong or missing credentials are not passed on. The sandbox keeps nothing of what you keep here.
   */
  onRequest?: (request: SandboxRequest) => void;
}

/** The payment statuses the sandbox produces (a subset of Flowwise's `PaymentStatusValue`). */
export type SandboxPaymentStatus = Extract<PaymentStatusValue, 'SUCCESS' | 'FAILED' | 'PENDING' | 'USER_DROPPED'>;

/** One payment attempt, exactly as Get All Payments for Order lists it (`Payment` in the order-status OpenAPI text). */
export interface SandboxPayment {
  status: SandboxPaymentStatus;
  order_id: string;
  payment_id: string;
  capture_status: 'SUCCESS' | 'FAILED' | 'PENDING';
  capture_amount: number;
  payment_amount: number;
  payment_currency: string;
  /** `card` for Pay and Fail, `upi` for Pay by UPI; absent when the shopper left without choosing. */
  payment_method?: 'card' | 'upi';
  gateway_details: { auth_id: string | null; processor_ref: string | null; utr: string | null };
}

/**
 * An order the sandbox holds: what was asked for, what was answered, and where it stands now. `status`
 * and `payments` are brought up to date (expiry, a UPI payment settling) whenever the sandbox reads the
 * order (on each API request, checkout page or post about it) and when `sandbox.clock.advance()` moves time.
 */
export interface SandboxOrder {
  request: CreateOrderRequest;
  /** The Create Order response, as it was sent. */
  response: Record<string, unknown>;
  /** As Get Order answers it: a failed payment leaves the order ACTIVE, to try again. */
  status: OrderStatusValue;
  expiresAt: Date;
  /** Every payment attempt, oldest first. */
  payments: SandboxPayment[];
}

/**
 * A request to `POST /router/orders` that passed the credential check, as received, before any other
 * check (so an invalid body is there too): what a contract test inspects. `body` is `''` when it was over 1 MB.
 */
export interface SandboxRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** How {@link Sandbox.pay} pays an order, as a shopper who never comes back to the store would. */
export interface SandboxPayOptions {
  /** `card` settles at once; `upi` stays `PENDING` for `settleAfterMs` first. Defaults to `'card'`. */
  method?: 'card' | 'upi';
  /** Whether the payment fails (`FAILED`; the order stays ACTIVE, to be paid again) rather than succeeds. Defaults to `false`. */
  fail?: boolean;
  /** With `method: 'upi'`, the milliseconds on the sandbox's clock before it settles. Defaults to `upiDelayMs`. */
  settleAfterMs?: number;
}

/** The sandbox's clock: what expiry, UPI settlement and rate limits follow. */
export interface SandboxClock {
  /** The time now: the `now` option's, plus every `advance()` since the start or the last `reset()`. */
  now(): Date;
  /** Moves time on by `ms` milliseconds (0 or more), then brings every order up to date (expiry, UPI settling). */
  advance(ms: number): void;
}

/** A running sandbox, from {@link startSandbox}: where it is, what it holds, and how to change or stop it. */
export interface Sandbox {
  /** The sandbox's origin, e.g. `http://127.0.0.1:4010`; checkout pages are served here. */
  url: string;
  /** The API base URL to give `createFlowwiseClient({ baseUrl })`: `${url}/router`. */
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every order created, by `order_id`. */
  orders: Map<string, SandboxOrder>;
  /**
   * The last `maxRecordedRequests` (100 by default) requests to `POST /router/orders` that passed the
   * credential check, oldest first; empty when `recordRequests` is off. The same array all along.
   */
  requests: SandboxRequest[];
  /** The clock the sandbox keeps time by; `clock.advance(ms)` moves it on. */
  clock: SandboxClock;
  /**
   * Pays `orderId` with no shopper on the checkout page and no return to the store (what `POST
   * /__sandbox/orders/:order_id/pay` does for another process), and returns the payment recorded. Throws
   * when there is no such order or it cannot be paid now: PAID, EXPIRED, a UPI payment pending, or UPI
   * asked of an order whose `payment_methods` leave it out.
   *
   * @example
   * sandbox.pay('order_1', { method: 'upi', settleAfterMs: 3 * 60_000 });
   * sandbox.clock.advance(3 * 60_000); // the order is PAID
   */
  pay(orderId: string, options?: SandboxPayOptions): SandboxPayment;
  /** The calls of each kind so far, and how many were answered 429 (also `GET /__sandbox/stats`). */
  stats(): SandboxStats;
  /** Replaces the behaviour (latency, faults, UPI delay, rate limits) for the requests that follow; unset fields get their defaults. */
  configure(behaviour: SandboxBehaviour): void;
  /** Forgets every order, request and count, takes the clock back to `now`, and restores the behaviour given at start. */
  reset(): void;
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}
