import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
import { parseOrderId } from '../core/parseOrderId';
import { checkOrder, DEFAULT_READ_INTERVAL_MS, type CheckedOrder, type OrderReview } from './checkOrder';
import type { FlowwiseClient } from './createFlowwiseClient';
import { DEFAULT_FULFILMENT_LEASE_MS, fulfilOrder, type OnPaid } from './fulfilOrder';
import { createCallBudgets, type CallBudgets } from './callBudgets';
import { guardStore } from './guardStore';
import type { OrderRecord, OrderStore } from './orderStore';
import { orderSummary, type OrderAccess } from './orderSummary';
import { ownerOf, type OwnerRule } from './ownerOf';
import { createResponder, defaultOnError, describeError } from './responses';
import { DEFAULT_RETRY_AFTER_MS } from '../core/retryAfter';
import { isStoreFailure } from './storeFailure';
import type { FetchHandler, HandlerErrorReporter } from './types';

/** Options for {@link createOrderStatusHandler}. */
export interface CreateOrderStatusHandlerOptions {
  /** The Flowwise client, from `createFlowwiseClient()` (its `getOrder`, `getOrderPayments` and `redact`). Required. */
  client: Pick<FlowwiseClient, 'getOrder' | 'getOrderPayments' | 'redact'>;
  /**
   * The order store `createOrderHandler` records every order in: the handler answers only about the
   * orders it holds, from what it holds, and reads Flowwise only for an order still `active`. Required.
   */
  store: OrderStore;
  /**
   * Who is asking (the session in the request's cookie), the same rule `createOrderHandler` recorded
   * the order's owner with. The owner gets the full summary; anyone else holding an id the handler
   * made (unguessable: a shopper back in another browser, a UPI app opening the return link) learns
   * only its outcome; an id your `prepareOrder` supplied (it may be guessable) tells anyone else
   * nothing (404, as for an unknown id). `null` never matches, not even another `null`. Defaults to
   * nobody known: every request gets the outcome of a handler-made id, and 404 for any other.
   */
  owner?: OwnerRule;
  /**
   * Fulfils a paid order: once per order, across requests and server instances (see {@link OnPaid}
   * for the one repeat), and only once Flowwise says PAID and the successful payments cover the
   * recorded amount and currency. Awaited before the answer; if it throws, the answer is 500 and the
   * next status request for the order runs it again. Defaults to none.
   */
  onPaid?: OnPaid;
  /**
   * Called when an order goes to review: Flowwise says PAID but the successful payments do not cover
   * the recorded amount and currency, or Flowwise no longer knows a recorded order. Nothing is
   * fulfilled; the shopper is told `pending`. Defaults to reporting it to `onError` (code `order_review`).
   */
  onReview?: (review: OrderReview) => void | Promise<void>;
  /** Called when the handler answers 5xx, and for an order sent to review. Defaults to one `console.error` line. */
  onError?: HandlerErrorReporter;
  /**
   * The least time between two reads of one order from Flowwise, across every instance sharing the
   * store; requests meanwhile are answered from the store. Defaults to `5000`.
   */
  readIntervalMs?: number;
  /** How long `onPaid` may run before another request may run it again (its process is taken for dead). Defaults to `120000`. */
  fulfilmentLeaseMs?: number;
  /**
   * The budgets of calls to Flowwise, kept in the store and shared with the reconciler: a shopper's
   * request comes first on them, and one over budget is answered from the store. Defaults to
   * `createCallBudgets({ store })` (the analogue's limits with headroom).
   */
  budgets?: CallBudgets;
}

/**
 * Creates the status endpoint a return page asks: a Fetch handler for `GET <endpoint>?order_id=<id>`,
 * mounted beside `createOrderHandler` (a Next.js route file exports `POST` and `GET`; `toNodeHandler()`
 * serves it on Node). It answers from the order store: an id the store does not hold, or one the
 * `owner` rule keeps from this request, is 404 (`not_found`, one answer for both) with no call to
 * Flowwise; a paid or expired order is answered as recorded; an active one is read from Flowwise at
 * most once per `readIntervalMs` (concurrent requests share the read) and within `budgets` (over budget,
 * answered from the store). The answer is an
 * {@link @flowwise/react!OrderSummary}: `order_id`, `order_status`, `outcome` (`paid | pending | failed | expired`)
 * and, for the owner, `order_expiry_time`, `checkout_url` while the order is ACTIVE, and each payment's
 * id, status, method, amount and currency; never customer details or `order_hash`. A paid order is
 * fulfilled through `onPaid`, once. A missing or malformed id is 400 (`invalid_order_id`); Flowwise's
 * rate limit 503 (`rate_limited`, with `Retry-After`); its other failures 502 or 504 as for creating;
 * the store failing 503 (`store_unavailable`). Every answer is `Cache-Control: no-store` with an `x-request-id`.
 *
 * @example
 * // app/api/flowwise/orders/route.ts
 * export const GET = createOrderStatusHandler({ client: flowwise, store, owner: sessionOf, onPaid: ({ payload }) => ship(payload) });
 */
export function createOrderStatusHandler(options: CreateOrderStatusHandlerOptions): FetchHandler {
  const {
    client,
    owner,
    onPaid,
    onReview,
    onError = defaultOnError,
    readIntervalMs = DEFAULT_READ_INTERVAL_MS,
    fulfilmentLeaseMs = DEFAULT_FULFILMENT_LEASE_MS,
  } = options ?? ({} as CreateOrderStatusHandlerOptions);
  if (typeof client?.getOrder !== 'function' || typeof client.getOrderPayments !== 'function') {
    throw new TypeError('createOrderStatusHandler(): client is missing. Pass the client from createFlowwiseClient().');
  }
  const store = guardStore(options.store, 'createOrderStatusHandler()');
  const budgets = options.budgets ?? createCallBudgets({ store });
  for (const [name, value] of Object.entries({ readIntervalMs, fulfilmentLeaseMs })) {
    if (!(Number.isSafeInteger(value) && value >= 0)) {
      throw new TypeError(`createOrderStatusHandler(): ${name} must be a whole number of milliseconds, 0 or more (got ${String(value)}).`);
    }
  }
  const redact = (text: string) => client.redact?.(text) ?? text;
  // The reads in progress in this instance, so that concurrent requests for one order share one. Per
  // handler: two handlers (or tests) never share a read.
  const reading = new Map<string, Promise<CheckedOrder>>();

  return async function handleOrderStatus(request) {
    const { json, reject, fail, report, upstreamFailure, setRequestId } = createResponder(onError, redact);
    if (request.method !== 'GET') {
      return reject(405, `Method ${request.method} is not allowed; use GET.`, 'method_not_allowed', 'invalid_request_error', undefined, {
        allow: 'GET',
      });
    }
    const query = new URL(request.url).searchParams.get('order_id');
    if (query === null) return reject(400, 'The order_id query parameter is missing.', 'invalid_order_id', 'invalid_request_error');
    let orderId: string;
    try {
      orderId = parseOrderId(query);
    } catch (error) {
      return reject(400, (error as FlowwiseError).message, 'invalid_order_id', 'invalid_request_error');
    }
    const storeFailed = (error: unknown) =>
      fail(
        503,
        'store_unavailable',
        error,
        `The order store failed for ${orderId}: ${describeError(error)}`,
        'The order store could not be reached; see the server log for this request id.',
      );

    let asker: string | null;
    try {
      asker = await ownerOf(owner, request);
    } catch (error) {
      return fail(500, 'internal_error', error, `owner() threw: ${describeError(error)}`, 'The order could not be looked up.');
    }
    let record: OrderRecord | undefined;
    try {
      record = await store.get(orderId);
    } catch (error) {
      return storeFailed(error);
    }
    // One path and one answer for an unknown id and a refused one, so that nobody learns which ids exist.
    const access = accessOf(record, asker);
    if (!record || !access) return reject(404, 'No order with this order_id for this request.', 'not_found', 'invalid_request_error');

    let fresh: boolean;
    try {
      ({ record, fresh } = await read(record, setRequestId, async (review) => {
        try {
          if (onReview) await onReview(review);
          else report(200, 'order_review', new FlowwiseError('invalid_response', review.message, { code: 'order_review' }), review.message);
        } catch (error) {
          report(200, 'internal_error', error, `onReview() threw for ${orderId}: ${describeError(error)}`);
        }
      }));
    } catch (error) {
      if (isStoreFailure(error)) return storeFailed(error);
      if (isFlowwiseError(error) && error.status === 429) {
        const wait = Math.max(1, Math.ceil((error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS) / 1000));
        return fail(
          503,
          'rate_limited',
          error,
          `Flowwise's rate limit stopped reading ${orderId}; it asks to wait ${wait} s: ${describeError(error)}`,
          `Flowwise is answering too many requests; ask again in ${wait} seconds.`,
          { 'retry-after': String(wait) },
        );
      }
      return upstreamFailure(error, 'Reading the order');
    }

    if (record.status === 'paid' && record.fulfilment !== 'done' && onPaid) {
      let fulfilment;
      try {
        fulfilment = await fulfilOrder(record, store, onPaid, fulfilmentLeaseMs);
      } catch (error) {
        return storeFailed(error);
      }
      if (fulfilment.status === 'failed') {
        return fail(
          500,
          'internal_error',
          fulfilment.error,
          `onPaid() threw for ${orderId}: ${describeError(fulfilment.error)}`,
          'The payment was received but the order could not be completed yet.',
        );
      }
      if (fulfilment.status === 'lease_lost') {
        const message = `onPaid() for ${orderId} returned after its ${fulfilmentLeaseMs} ms lease ran out, and ran again meanwhile: raise fulfilmentLeaseMs.`;
        report(200, 'fulfilment_lease_lost', new FlowwiseError('integration', message, { code: 'fulfilment_lease_lost' }), message);
      }
    }
    return json(200, orderSummary(record, access, fresh));
  };

  /** The record after a read of Flowwise, if one is due: shared with every concurrent request for the order. */
  function read(record: OrderRecord, onRequestId: (id: string) => void, report: (review: OrderReview) => Promise<void>) {
    if (record.status !== 'active') return Promise.resolve({ record, fresh: false });
    let shared = reading.get(record.orderId);
    if (!shared) {
      // No signal: one shopper leaving must not cancel the read the others wait on (the client's time limit still holds).
      shared = checkOrder(record, {
        client,
        store,
        budgets,
        minIntervalMs: readIntervalMs,
        onReview: report,
        call: { onRequestId },
      }).finally(() => reading.delete(record.orderId));
      reading.set(record.orderId, shared);
    }
    return shared;
  }
}

/** What `asker` may learn of `record`: everything as its owner, the outcome of a handler-made id, else nothing. */
function accessOf(record: OrderRecord | undefined, asker: string | null): OrderAccess | undefined {
  if (!record) return undefined;
  if (asker !== null && record.owner === asker) return 'owner';
  return record.orderIdSource === 'handler' ? 'outcome' : undefined;
}
