import { randomBytes, randomInt } from 'node:crypto';
import type { CreateOrderRequest, OrderStatusValue } from '../src/schemas';
import { DEFAULT_PAYMENT_METHODS } from '../src/testing/fixtures';
import { isoSeconds } from '../src/testing/isoSeconds';
import type { SandboxOrder, SandboxPayment, SandboxPaymentStatus, SandboxPayOptions, SandboxRequest } from './types';

const DEFAULT_EXPIRY_MINUTES = 30;
/** The last instant an ISO 8601 date-time with a 4-digit year can name. */
const LATEST_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59);

/** The checkout page's choices, as its form posts them, and the payment each one records. */
const OUTCOMES = {
  paid: { status: 'SUCCESS', method: 'card' },
  failed: { status: 'FAILED', method: 'card' },
  upi: { status: 'PENDING', method: 'upi' },
  // "Back to the shop", and the beacon the page sends as the shopper leaves it any other way.
  cancelled: { status: 'USER_DROPPED', method: undefined },
  left: { status: 'USER_DROPPED', method: undefined },
} as const satisfies Record<string, { status: SandboxPaymentStatus; method: SandboxPayment['payment_method'] }>;

/** A choice on the checkout page. */
export type CheckoutOutcome = keyof typeof OUTCOMES;

export const isOutcome = (value: string | null): value is CheckoutOutcome => value !== null && Object.hasOwn(OUTCOMES, value);

/** Whether the order's `payment_methods` (a list such as `cc,dc,upi`) lets the shopper pay by UPI. */
export const acceptsUpi = (order: SandboxOrder) =>
  (order.request.payment_methods ?? 'upi').split(',').some((method) => method.trim() === 'upi');

/** Whether a UPI payment is waiting for approval: until it settles, no other payment may start. */
export const awaitingUpi = (order: SandboxOrder) => order.payments.some((payment) => payment.status === 'PENDING');

/** What {@link SandboxState} needs from the sandbox around it. */
export interface SandboxStateOptions {
  /** The clock that expiry and UPI settlement follow. */
  now: () => Date;
  /** How long a UPI payment made now stays pending, in milliseconds. */
  upiDelayMs: () => number;
  /** Whether {@link SandboxState.record} keeps requests, and how many at most. */
  recordRequests: boolean;
  maxRecordedRequests: number;
}

/**
 * What a sandbox holds, with no HTTP: its orders and their payments, the checkout page's tokens, the
 * recorded requests, and how time changes them (expiry, a UPI payment settling).
 */
export class SandboxState {
  /** Every order created, by `order_id`. */
  readonly orders = new Map<string, SandboxOrder>();
  /** The recorded Create Order requests, oldest first: the same array all along. */
  readonly requests: SandboxRequest[] = [];
  /** Each order's secret for its checkout form: only its own page can say Pay or Fail. */
  readonly #tokens = new WeakMap<SandboxOrder, string>();
  /** When each pending UPI payment settles, on the `now` clock, and how. */
  readonly #settles = new WeakMap<SandboxPayment, { at: number; status: 'SUCCESS' | 'FAILED' }>();
  readonly #options: SandboxStateOptions;

  constructor(options: SandboxStateOptions) {
    this.#options = options;
  }

  /** Keeps `request` in `requests` (when recording), dropping the oldest past the most it keeps. */
  record(request: SandboxRequest): void {
    const { recordRequests, maxRecordedRequests } = this.#options;
    if (!recordRequests || maxRecordedRequests === 0) return;
    this.requests.push(request);
    if (this.requests.length > maxRecordedRequests) this.requests.splice(0, this.requests.length - maxRecordedRequests);
  }

  /** The order's checkout token, made on first use (an order a test put in `orders` itself has none yet). */
  tokenOf(order: SandboxOrder): string {
    let token = this.#tokens.get(order);
    if (token === undefined) this.#tokens.set(order, (token = randomBytes(32).toString('base64url')));
    return token;
  }

  /**
   * Creates an ACTIVE order for a valid `request`, with its checkout page on `origin`, and returns it; or
   * says why not: its `order_id` is taken, or it would expire after what a date-time can name.
   */
  createOrder(request: CreateOrderRequest, origin: string): SandboxOrder | 'already_exists' | 'expires_too_late' {
    if (this.orders.has(request.order_id)) return 'already_exists';
    const created = this.#options.now();
    const expiresAt = new Date(created.getTime() + (request.expiry_time_in_minutes ?? DEFAULT_EXPIRY_MINUTES) * 60_000);
    if (!(expiresAt.getTime() <= LATEST_EXPIRY)) return 'expires_too_late';
    const { customer_details: customer } = request;
    const response: Record<string, unknown> = {
      order_id: request.order_id,
      project_id: 'proj_sandbox',
      ...(customer.customer_email !== undefined && { customer_email: customer.customer_email }),
      ...(customer.customer_id !== undefined && { customer_id: customer.customer_id }),
      order_status: 'ACTIVE',
      order_currency: request.order_currency,
      payment_methods: request.payment_methods ?? DEFAULT_PAYMENT_METHODS,
      ...(request.order_note !== undefined && { order_note: request.order_note }),
      checkout_url: `${origin}/checkout/${encodeURIComponent(request.order_id)}`,
      order_hash: randomBytes(16).toString('hex'),
      order_expiry_time: isoSeconds(expiresAt),
      added_on: isoSeconds(created),
    };
    const order: SandboxOrder = { request, response, status: 'ACTIVE', expiresAt, payments: [] };
    this.orders.set(request.order_id, order);
    return order;
  }

  /** Brings `order` up to date at `now()`: pending UPI payments settle, then the order expires if its time has come. */
  currentStatus(order: SandboxOrder): OrderStatusValue {
    const time = this.#options.now().getTime();
    const expiry = order.expiresAt.getTime();
    for (const payment of order.payments) {
      const settling = this.#settles.get(payment);
      if (payment.status !== 'PENDING' || settling === undefined) continue;
      const settles = settling.at;
      if (settles <= time && settles < expiry && order.status === 'ACTIVE') {
        this.#settle(payment, settling.status);
        if (settling.status === 'SUCCESS') order.status = 'PAID';
      } else if (settles <= time || expiry <= time) {
        // Approved too late, or not before the order expired: the money is not taken.
        this.#settle(payment, 'FAILED');
      }
    }
    if (order.status === 'ACTIVE' && expiry <= time) order.status = 'EXPIRED';
    return order.status;
  }

  /** Whether the checkout page may take a payment for `order` now: ACTIVE, and no UPI payment waiting. */
  payable(order: SandboxOrder): boolean {
    return this.currentStatus(order) === 'ACTIVE' && !awaitingUpi(order);
  }

  /**
   * Records a payment attempt on `order` with the status the checkout page's `outcome` stands for. A UPI
   * payment settles `settle.afterMs` later (by default `upiDelayMs`), as `settle.status` (by default SUCCESS).
   */
  recordPayment(
    order: SandboxOrder,
    outcome: CheckoutOutcome,
    settle: { afterMs?: number; status?: 'SUCCESS' | 'FAILED' } = {},
  ): SandboxPayment {
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
    if (status === 'PENDING') {
      const { afterMs = this.#options.upiDelayMs(), status: settled = 'SUCCESS' } = settle;
      this.#settles.set(payment, { at: this.#options.now().getTime() + afterMs, status: settled });
    }
    if (succeeded) order.status = 'PAID';
    return payment;
  }

  /**
   * Pays `orderId` as a shopper would on its checkout page, with no page: the payment recorded, or why
   * not, in a sentence that names the order.
   */
  pay(orderId: string, options: SandboxPayOptions = {}): SandboxPayment | { refused: 'not_found' | 'not_payable'; message: string } {
    const { method = 'card', fail = false, settleAfterMs } = options;
    const order = this.orders.get(orderId);
    if (!order) return { refused: 'not_found', message: `No order ${JSON.stringify(orderId)} in the sandbox.` };
    if (!this.payable(order)) {
      const why = awaitingUpi(order) ? 'a UPI payment for it is still pending' : `it is ${order.status}`;
      return { refused: 'not_payable', message: `Order ${JSON.stringify(orderId)} cannot be paid now: ${why}.` };
    }
    if (method === 'upi' && !acceptsUpi(order)) {
      return {
        refused: 'not_payable',
        message: `Order ${JSON.stringify(orderId)} cannot be paid by UPI: its payment_methods leave it out.`,
      };
    }
    if (method === 'upi') return this.recordPayment(order, 'upi', { afterMs: settleAfterMs, status: fail ? 'FAILED' : 'SUCCESS' });
    return this.recordPayment(order, fail ? 'failed' : 'paid');
  }

  /** Forgets every order and recorded request. */
  reset(): void {
    this.orders.clear();
    this.requests.length = 0;
  }

  #settle(payment: SandboxPayment, status: 'SUCCESS' | 'FAILED'): void {
    payment.status = status;
    payment.capture_status = status;
    payment.capture_amount = status === 'SUCCESS' ? payment.payment_amount : 0;
    if (status === 'SUCCESS') {
      payment.gateway_details.auth_id = `AUTH_${randomBytes(6).toString('hex').toUpperCase()}`;
      payment.gateway_details.utr = String(randomInt(1e11, 1e12));
    }
    this.#settles.delete(payment);
  }
}
