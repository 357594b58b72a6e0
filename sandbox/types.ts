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
   * Milliseconds a "Pay by UPI" payment stays `PENDING` (as one waits for the shopper to approve it in
   * their UPI app) before it turns `SUCCESS` and the order `PAID`, measured on the `now` clock. A payment
   * still pending when the order expires turns `FAILED`. Defaults to `5000`.
   */
  upiDelayMs?: number;
}

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
  /** The clock, for expiry. Defaults to `() => new Date()`. */
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
 * order: on each API request, checkout page or post about it.
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
  /** Replaces the behaviour (latency, faults, UPI delay) for the requests that follow; unset fields get their defaults. */
  configure(behaviour: SandboxBehaviour): void;
  /** Forgets every order and request and restores the behaviour given at start. */
  reset(): void;
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}
