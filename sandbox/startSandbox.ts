import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkoutPage,
  forbiddenPage,
  indexPage,
  malformedLinkPage,
  notFoundPage,
  PAGE_SCRIPT_SOURCE,
  PAGE_STYLE_SOURCE,
  statusPage,
} from './pages';
import { validateOrder, type SandboxOrderRequest } from './validateOrder';

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

/** An order's `order_status`, as Get Order answers it: a failed payment leaves the order ACTIVE, to try again. */
export type SandboxOrderStatus = 'ACTIVE' | 'PAID' | 'EXPIRED';

/** The payment statuses the sandbox's checkout page produces. */
export type SandboxPaymentStatus = 'SUCCESS' | 'FAILED' | 'PENDING' | 'USER_DROPPED';

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
  request: SandboxOrderRequest;
  /** The Create Order response, as it was sent. */
  response: Record<string, unknown>;
  status: SandboxOrderStatus;
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

/** The `x-client-id` a sandbox accepts unless started with another. */
export const SANDBOX_CLIENT_ID = 'sandbox_client_id';
/** The `x-client-secret` a sandbox accepts unless started with another: a fixed test value, not a secret. */
export const SANDBOX_CLIENT_SECRET = 'sandbox_client_secret';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_FORM_BYTES = 4096;
const DEFAULT_EXPIRY_MINUTES = 30;
const DEFAULT_MAX_RECORDED_REQUESTS = 100;
const DEFAULT_UPI_DELAY_MS = 5000;
/** The last instant an ISO 8601 date-time with a 4-digit year can name. */
const LATEST_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59);

// The spec's example error bodies, for a fault that does not spell out its own.
const FAULT_DEFAULTS: Record<number, { message: string; code: string; type: string }> = {
  400: { message: 'Invalid order amount. Amount must be greater than 0', code: 'invalid_amount', type: 'validation_error' },
  401: { message: 'Invalid API credentials provided', code: 'unauthorized', type: 'authentication_error' },
  500: { message: 'Internal server error occurred while creating order', code: 'internal_error', type: 'server_error' },
};

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The checkout page's choices, as its form posts them, and the payment each one records. */
const OUTCOMES = {
  paid: { status: 'SUCCESS', method: 'card' },
  failed: { status: 'FAILED', method: 'card' },
  upi: { status: 'PENDING', method: 'upi' },
  // "Back to the shop", and the beacon the page sends as the shopper leaves it any other way.
  cancelled: { status: 'USER_DROPPED', method: undefined },
  left: { status: 'USER_DROPPED', method: undefined },
} as const satisfies Record<string, { status: SandboxPaymentStatus; method: SandboxPayment['payment_method'] }>;

function checkBehaviour({ upiDelayMs }: SandboxBehaviour): void {
  if (upiDelayMs !== undefined && !(Number.isFinite(upiDelayMs) && upiDelayMs >= 0)) {
    throw new RangeError(`upiDelayMs must be a number of milliseconds (0 or more); got ${String(upiDelayMs)}.`);
  }
}

/** `given === expected`, in a time that does not depend on where they differ. */
function sameSecret(given: string | string[] | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** A JSON answer of the API, with the `x-request-id` Flowwise gives each one (a proxy's HTML error page has none). */
function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', { 'x-request-id': `req_${randomBytes(8).toString('hex')}` });
}

function sendError(res: ServerResponse, status: number, message: string, code: string, type: string) {
  sendJson(res, status, { message, code, type });
}

const PAGE_HEADERS = {
  // The one script (the checkout page's leave beacon) by hash, and its beacon to this origin only.
  'Content-Security-Policy': `default-src 'none'; style-src ${PAGE_STYLE_SOURCE}; script-src ${PAGE_SCRIPT_SOURCE}; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
  // Not `no-referrer`: under it a browser sends `Origin: null` even with the page's own form, and the
  // sandbox could not tell that post from a cross-site one. `same-origin` still tells other sites nothing.
  'Referrer-Policy': 'same-origin',
};

function sendPage(res: ServerResponse, status: number, html: string) {
  send(res, status, html, 'text/html; charset=utf-8', PAGE_HEADERS);
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * The request body as text, or `undefined` once it is over `limit` bytes (the rest is left unread).
 * With `keep: false` the bytes are counted and dropped, never held: for a body nobody will look at.
 */
function readBody(req: IncomingMessage, limit: number, keep = true): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.pause();
        return;
      }
      if (keep) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const isOutcome = (value: string | null): value is keyof typeof OUTCOMES => value !== null && Object.hasOwn(OUTCOMES, value);

/** Whether the order's `payment_methods` (a list such as `cc,dc,upi`) lets the shopper pay by UPI. */
const acceptsUpi = (order: SandboxOrder) => (order.request.payment_methods ?? 'upi').split(',').some((method) => method.trim() === 'upi');

/** Whether a UPI payment is waiting for approval: until it settles, no other payment may start. */
const awaitingUpi = (order: SandboxOrder) => order.payments.some((payment) => payment.status === 'PENDING');

/** The order id in a `/checkout/…` or `/router/orders/…` path, or `undefined` when its `%` escapes do not decode. */
function decodeOrderId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Starts a local stand-in for Flowwise on loopback: Create Order (`POST /router/orders`), Get Order
 * (`GET /router/orders/:order_id`) and Get All Payments for Order (`GET /router/orders/:order_id/payments`)
 * as the OpenAPI texts describe them; a hosted checkout page at `/checkout/:order_id` with "Pay", "Fail",
 * "Pay by UPI" and "Back to the shop", each recording a payment; and a home page at `/`. Orders live in
 * memory. `latencyMs` and `fault` make it slow or broken; `upiDelayMs` sets how long UPI stays pending.
 * Node only.
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
  const initial: SandboxBehaviour = {
    latencyMs: options.latencyMs,
    fault: options.fault,
    failureRate: options.failureRate,
    random: options.random,
    upiDelayMs: options.upiDelayMs,
  };
  checkBehaviour(initial);
  let behaviour: SandboxBehaviour = initial;
  const orders = new Map<string, SandboxOrder>();
  /** Each order's secret for its checkout form: only its own page can say Pay or Fail. */
  const checkoutTokens = new WeakMap<SandboxOrder, string>();
  /** The order's checkout token, made on first use (an order a test put in `orders` itself has none yet). */
  const tokenOf = (order: SandboxOrder): string => {
    let token = checkoutTokens.get(order);
    if (token === undefined) checkoutTokens.set(order, (token = randomBytes(32).toString('base64url')));
    return token;
  };
  const requests: SandboxRequest[] = [];
  const record = (request: SandboxRequest) => {
    if (!recordRequests || maxRecordedRequests === 0) return;
    requests.push(request);
    if (requests.length > maxRecordedRequests) requests.splice(0, requests.length - maxRecordedRequests);
  };
  const pending = new Set<() => void>();
  let origin = '';

  /** When each pending UPI payment settles, on the `now` clock. */
  const settlesAt = new WeakMap<SandboxPayment, number>();

  /** Brings `order` up to date at `now()`: pending UPI payments settle, then the order expires if its time has come. */
  const currentStatus = (order: SandboxOrder): SandboxOrderStatus => {
    const time = now().getTime();
    const expiry = order.expiresAt.getTime();
    for (const payment of order.payments) {
      const settles = settlesAt.get(payment);
      if (payment.status !== 'PENDING' || settles === undefined) continue;
      if (settles <= time && settles < expiry && order.status === 'ACTIVE') {
        settle(payment, 'SUCCESS');
        order.status = 'PAID';
      } else if (settles <= time || expiry <= time) {
        // Approved too late, or not before the order expired: the money is not taken.
        settle(payment, 'FAILED');
      }
    }
    if (order.status === 'ACTIVE' && expiry <= time) order.status = 'EXPIRED';
    return order.status;
  };

  function settle(payment: SandboxPayment, status: 'SUCCESS' | 'FAILED') {
    payment.status = status;
    payment.capture_status = status;
    payment.capture_amount = status === 'SUCCESS' ? payment.payment_amount : 0;
    if (status === 'SUCCESS') {
      payment.gateway_details.auth_id = `AUTH_${randomBytes(6).toString('hex').toUpperCase()}`;
      payment.gateway_details.utr = String(randomInt(1e11, 1e12));
    }
    settlesAt.delete(payment);
  }

  /** Records a payment attempt on `order` with the status the checkout page's `outcome` stands for. */
  function recordPayment(order: SandboxOrder, outcome: keyof typeof OUTCOMES): SandboxPayment {
    const { status, method } = OUTCOMES[outcome];
    const succeeded = status === 'SUCCESS';
    const reference = randomBytes(9).toString('hex').toUpperCase();
    const payment: SandboxPayment = {
      status,
      order_id: order.request.order_id,
      payment_id: `pay_${randomBytes(8).toString('hex')}`,
      capture_status: status === 'USER_DROPPED' ? 'FAILED' : status,
      capture_amount: succeeded ? order.request.order_amount : 0,
      payment_amount: order.request.order_amount,
      payment_currency: order.request.order_currency,
      ...(method !== undefined && { payment_method: method }),
      gateway_details: {
        auth_id: succeeded ? `AUTH_${reference.slice(0, 12)}` : null,
        processor_ref: method === undefined ? null : `${method === 'upi' ? 'UPI' : 'CC'}${reference}`,
        utr: null,
      },
    };
    order.payments.push(payment);
    if (status === 'PENDING') settlesAt.set(payment, now().getTime() + (behaviour.upiDelayMs ?? DEFAULT_UPI_DELAY_MS));
    if (succeeded) order.status = 'PAID';
    return payment;
  }

  /** Waits `ms`, or less if the sandbox closes meanwhile. */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pending.add(done);
    });

  async function injectFault(fault: SandboxFault, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (fault.type) {
      case 'error': {
        const defaults = FAULT_DEFAULTS[fault.status] ?? FAULT_DEFAULTS[fault.status < 500 ? 400 : 500]!;
        return sendError(
          res,
          fault.status,
          fault.body?.message ?? defaults.message,
          fault.body?.code ?? defaults.code,
          fault.body?.type ?? defaults.type,
        );
      }
      case 'html':
        return send(
          res,
          fault.status ?? 502,
          '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
          'text/html; charset=utf-8',
        );
      case 'invalid-response':
        return sendJson(res, 200, { order_status: 'ACTIVE', checkout_url: 42 });
      case 'huge-body': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let left = fault.bytes ?? Infinity;
        res.write('{"order_id":"huge","checkout_url":"');
        while (left > 0 && !res.destroyed) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) await drainedOrClosed(res);
        }
        if (!res.destroyed) res.end('"}');
        return;
      }
      case 'reset': {
        if (fault.afterBytes === undefined) {
          req.socket.destroy();
          return;
        }
        // A response cut off in the middle: what a crashed upstream or a dropped proxy connection sends.
        const body = JSON.stringify({ order_id: 'cut', checkout_url: `${origin}/checkout/cut`, order_status: 'ACTIVE' });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
        res.write(body.slice(0, fault.afterBytes), () => req.socket.destroy());
        return;
      }
      case 'hang':
        return new Promise<void>((resolve) => pending.add(resolve));
    }
  }

  async function createOrder(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const authenticated = sameSecret(req.headers['x-client-id'], clientId) && sameSecret(req.headers['x-client-secret'], clientSecret);
    // A stranger's body is read through (so the connection stays usable) but never held or recorded.
    const body = await readBody(req, MAX_BODY_BYTES, authenticated);
    if (authenticated) {
      const received: SandboxRequest = { headers: { ...req.headers }, body: body ?? '' };
      record(received);
      onRequest?.(received);
    }
    if (!(await admitted(req, res, authenticated))) return;
    if (body === undefined) return sendError(res, 413, 'The request body is too large.', 'payload_too_large', 'invalid_request_error');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendError(res, 415, 'The request body must be JSON.', 'unsupported_media_type', 'invalid_request_error');
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return sendError(res, 400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
    }
    const problem = validateOrder(json);
    if (problem) return sendError(res, 400, problem.message, problem.code, 'validation_error');
    const order = json as SandboxOrderRequest;
    if (orders.has(order.order_id)) {
      // The code and message of Flowwise's gateway; the order itself stays readable with Get Order.
      return sendError(res, 409, 'Order already exists for the provided order_id', 'already_exists', 'invalid_request_error');
    }

    const created = now();
    const expiresAt = new Date(created.getTime() + (order.expiry_time_in_minutes ?? DEFAULT_EXPIRY_MINUTES) * 60_000);
    if (!(expiresAt.getTime() <= LATEST_EXPIRY)) {
      return sendError(
        res,
        400,
        'expiry_time_in_minutes is too large: the order would expire after 9999-12-31T23:59:59Z.',
        'invalid_expiry_time',
        'validation_error',
      );
    }
    const response: Record<string, unknown> = {
      order_id: order.order_id,
      project_id: 'proj_sandbox',
      ...(order.customer_details.customer_email !== undefined && { customer_email: order.customer_details.customer_email }),
      ...(order.customer_details.customer_id !== undefined && { customer_id: order.customer_details.customer_id }),
      order_status: 'ACTIVE',
      order_currency: order.order_currency,
      payment_methods: order.payment_methods ?? 'cc,dc,upi,nb,wallet',
      ...(order.order_note !== undefined && { order_note: order.order_note }),
      checkout_url: `${origin}/checkout/${encodeURIComponent(order.order_id)}`,
      order_hash: randomBytes(16).toString('hex'),
      order_expiry_time: isoSeconds(expiresAt),
      added_on: isoSeconds(created),
    };
    orders.set(order.order_id, { request: order, response, status: 'ACTIVE', expiresAt, payments: [] });
    const { fault, failureRate = 1, random = Math.random } = behaviour;
    if (fault?.type === 'unsafe-url' && random() < failureRate)
      return sendJson(res, 200, { ...response, checkout_url: 'javascript:alert(1)' });
    sendJson(res, 200, response);
  }

  /**
   * What every API request goes through once its body is read: the configured latency, then the fault
   * (if this request draws it), then the credential check. `false` when it has answered the request.
   */
  async function admitted(req: IncomingMessage, res: ServerResponse, authenticated: boolean): Promise<boolean> {
    const { latencyMs = 0, fault, failureRate = fault ? 1 : 0, random = Math.random } = behaviour;
    if (latencyMs > 0) await wait(latencyMs);
    // Not a failure of the request: Create Order goes on, and changes its answer (see createOrder).
    if (fault && fault.type !== 'unsafe-url' && random() < failureRate) {
      await injectFault(fault, req, res);
      return false;
    }
    if (!authenticated) {
      sendError(res, 401, 'Invalid API credentials provided', 'unauthorized', 'authentication_error');
      return false;
    }
    return true;
  }

  /** Get Order (`GET /router/orders/:id`) and Get All Payments for Order (`…/payments`), authenticated as Create Order. */
  async function readOrder(req: IncomingMessage, res: ServerResponse, orderId: string | undefined, payments: boolean): Promise<void> {
    req.resume();
    const authenticated = sameSecret(req.headers['x-client-id'], clientId) && sameSecret(req.headers['x-client-secret'], clientSecret);
    if (!(await admitted(req, res, authenticated))) return;
    if (orderId === undefined) {
      return sendError(res, 400, 'The order id in the path has a malformed % escape.', 'invalid_request_target', 'invalid_request_error');
    }
    const order = orders.get(orderId);
    // The gateway's own not-found constants (see the x-note in spec/flowwise-order-status.openapi.yaml).
    if (!order) return sendError(res, 404, `No order entity exists with id: ${orderId}`, 'not_found', 'resource_error');
    const order_status = currentStatus(order);
    sendJson(res, 200, payments ? order.payments : { ...order.response, order_status });
  }

  /**
   * Whether a browser sent this request from one of the sandbox's own pages. `Sec-Fetch-Site` and
   * `Origin`, whichever are there, must both say so, and one of them must be there: every browser
   * sends at least one with a form post, and another site's page cannot forge either. The origin may
   * be the sandbox's own or the one in `Host` (the same server reached as `localhost`).
   */
  function fromOwnPage(req: IncomingMessage): boolean {
    const site = req.headers['sec-fetch-site'];
    const from = req.headers.origin;
    if (site === undefined && from === undefined) return false;
    if (site !== undefined && site !== 'same-origin') return false;
    if (from !== undefined && from !== origin && (req.headers.host === undefined || from !== `http://${req.headers.host}`)) return false;
    return true;
  }

  async function completeCheckout(order: SandboxOrder, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)) ?? '');
    // Checked first: a refused post changes nothing and tells nothing about the order.
    if (!fromOwnPage(req) || !sameSecret(form.get('checkout_token'), tokenOf(order))) {
      return sendPage(res, 403, forbiddenPage());
    }
    const outcome = form.get('outcome');
    if (currentStatus(order) !== 'ACTIVE' || awaitingUpi(order)) return sendPage(res, 409, statusPage(order));
    if (!isOutcome(outcome) || (outcome === 'upi' && !acceptsUpi(order))) {
      return sendPage(res, 400, checkoutPage(order, tokenOf(order), acceptsUpi(order)));
    }
    const payment = recordPayment(order, outcome);
    // The page's beacon as the shopper leaves: nobody reads the answer, so nothing to redirect to.
    if (outcome === 'left') return void res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
    const returnUrl = order.request.return_base_url;
    if (!returnUrl) return sendPage(res, 200, statusPage(order, payment));
    // Flowwise appends the order id and nothing else: the store must ask Flowwise how the payment went.
    const target = new URL(returnUrl);
    target.searchParams.set('order_id', order.request.order_id);
    res.writeHead(303, { Location: target.href, 'Cache-Control': 'no-store' });
    res.end();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Request-Id', `req_${randomBytes(8).toString('hex')}`);
    let pathname: string;
    try {
      ({ pathname } = new URL(req.url ?? '/', origin));
    } catch {
      // e.g. `GET //[ HTTP/1.1`: Node accepts the request line, but it names no path on this server.
      req.resume();
      return sendError(res, 400, 'The request target is not a valid URL path.', 'invalid_request_target', 'invalid_request_error');
    }
    const read = /^\/router\/orders\/([^/]+)(\/payments)?$/.exec(pathname);
    if (read) {
      if (req.method !== 'GET') {
        req.resume();
        res.setHeader('Allow', 'GET');
        return sendError(res, 405, 'Use GET to read an order or its payments.', 'method_not_allowed', 'invalid_request_error');
      }
      return readOrder(req, res, decodeOrderId(read[1]!), read[2] !== undefined);
    }
    if (pathname === '/router/orders') {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendError(res, 405, 'Use POST to create an order.', 'method_not_allowed', 'invalid_request_error');
      }
      return createOrder(req, res);
    }
    const checkout = /^\/checkout\/([^/]+)$/.exec(pathname);
    if (checkout) {
      const orderId = decodeOrderId(checkout[1]!);
      if (orderId === undefined) {
        req.resume();
        return sendPage(res, 400, malformedLinkPage());
      }
      const order = orders.get(orderId);
      if (!order) return sendPage(res, 404, notFoundPage());
      if (req.method === 'POST') return completeCheckout(order, req, res);
      const payable = currentStatus(order) === 'ACTIVE' && !awaitingUpi(order);
      return sendPage(res, 200, payable ? checkoutPage(order, tokenOf(order), acceptsUpi(order)) : statusPage(order));
    }
    if (pathname === '/' && req.method === 'GET') {
      for (const order of orders.values()) currentStatus(order);
      return sendPage(res, 200, indexPage(`${origin}/router`, clientId, orders.values(), recordRequests ? requests : undefined));
    }
    sendError(res, 404, `No route for ${req.method} ${pathname}.`, 'not_found', 'invalid_request_error');
  }

  const server = createServer((req, res) => {
    res.on('finish', () => log?.(`${req.method} ${req.url} ${res.statusCode}`));
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'Internal server error occurred while creating order', 'internal_error', 'server_error');
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
    orders,
    requests,
    configure(next) {
      checkBehaviour(next);
      behaviour = { ...next };
    },
    reset() {
      orders.clear();
      requests.length = 0;
      behaviour = initial;
    },
    close() {
      for (const release of [...pending]) release();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
