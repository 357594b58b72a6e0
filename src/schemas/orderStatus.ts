import * as z from 'zod/mini';
import { createOrderResponseSchema } from './createOrder';
import { anObject, must, nonEmpty, optionalString, string } from './rules';

/**
 * The `order_status` values Flowwise documents (`OrderStatus` in the order-status OpenAPI text): ACTIVE
 * until a payment succeeds (PAID) or `order_expiry_time` passes (EXPIRED). A value read from Flowwise is
 * typed `OrderStatusValue | (string & {})`: a status added later parses, and code that reads it
 * should treat anything it does not know as not paid yet.
 */
export type OrderStatusValue = 'ACTIVE' | 'PAID' | 'EXPIRED';

/**
 * The payment `status` values Flowwise documents (`PaymentStatus`). Final: SUCCESS, FAILED,
 * USER_DROPPED, INIT_FAILED, REVERSED. Still moving: INITIATED, REDIRECTED, PENDING (UPI can stay
 * PENDING for minutes). Read values are typed `PaymentStatusValue | (string & {})`, as for orders.
 */
export type PaymentStatusValue =
  'SUCCESS' | 'FAILED' | 'USER_DROPPED' | 'INIT_FAILED' | 'REVERSED' | 'INITIATED' | 'REDIRECTED' | 'PENDING';

// Any string, typed with the known values first so that editors offer them. Not an enum: a status
// Flowwise adds one day must not turn every status read into an `invalid_response`.
const orderStatus = string as z.ZodMiniType<OrderStatusValue | (string & {})>;
const paymentStatus = string as z.ZodMiniType<PaymentStatusValue | (string & {})>;

// The schemas for reading an order after the payment are each built inside a function call marked pure:
// a bundle that imports only the checkout drops them whole, where a bundler would keep the calls
// (`must(…)`, `.shape`) in a plain module-level initialiser in case they had side effects.

/**
 * A Flowwise `GET /orders/{order_id}` response (Get Order): the Create Order response's body, read as
 * tolerantly. `order_id` and `order_status` are required, since a status read means nothing without
 * them; `order_status` may be any string (see {@link OrderStatusValue}). `checkout_url` is optional
 * here: a paid or expired order has nothing left to check out. Every other field is an optional string
 * checked no further, and fields this package does not know yet are kept.
 *
 * @example
 * const order = getOrderResponseSchema.parse(await response.json());
 * if (order.order_status === 'PAID') fulfil(order.order_id);
 */
export const getOrderResponseSchema = /* @__PURE__ */ (() =>
  z.looseObject(
    {
      ...createOrderResponseSchema.shape,
      order_status: orderStatus,
      checkout_url: optionalString,
    },
    anObject,
  ))();

/**
 * One payment attempt on an order (`Payment` in the order-status OpenAPI text). `payment_id` and
 * `status` are required, since an attempt cannot be told apart or judged without them; `status` may be
 * any string (see {@link PaymentStatusValue}). The other fields are optional and checked only for
 * their type (amounts are numbers, the rest strings, `gateway_details` values may be `null`), so that a
 * variation in a field a status page never reads cannot hide a payment. Unknown fields are kept.
 *
 * @example
 * const payment = orderPaymentSchema.parse(item);
 * console.log(payment.payment_id, payment.status, payment.payment_method);
 */
export const orderPaymentSchema = /* @__PURE__ */ (() => {
  const optionalNumber = z.optional(z.number(must('be a number')));
  const nullableString = z.optional(z.nullable(string));
  return z.looseObject(
    {
      payment_id: nonEmpty,
      status: paymentStatus,
      order_id: optionalString,
      capture_status: optionalString,
      capture_amount: optionalNumber,
      payment_amount: optionalNumber,
      payment_currency: optionalString,
      payment_method: optionalString,
      gateway_details: z.optional(
        z.nullable(z.looseObject({ auth_id: nullableString, processor_ref: nullableString, utr: nullableString }, anObject)),
      ),
    },
    anObject,
  );
})();

/**
 * A Flowwise `GET /orders/{orderId}/payments` response (Get All Payments for Order): every payment
 * attempt on the order, each checked with {@link orderPaymentSchema}; empty before the shopper tries to
 * pay. The spec does not say in which order the attempts are listed.
 *
 * @example
 * const payments = orderPaymentsSchema.parse(await response.json());
 * const inFlight = payments.some((payment) => payment.status === 'PENDING');
 */
export const orderPaymentsSchema = /* @__PURE__ */ (() => z.array(orderPaymentSchema, must('be an array of payments')))();

/** How a return page should read an order: `paid`, `failed` (may try again), `expired`, or `pending` (ask again). */
export type OrderOutcome = 'paid' | 'pending' | 'failed' | 'expired';

/**
 * What the merchant endpoint's status handler (`createOrderStatusHandler`) answers, and all a return page
 * needs: the order's id, its Flowwise `order_status`, an `outcome` worked out on the server (`paid` only
 * for an order Flowwise says is PAID), when it expires, its `checkout_url` while it can still be paid (for
 * "Try again"), and each payment attempt's id, status, method, amount and currency. No customer details
 * and no `order_hash`. Read tolerantly, like every answer: unknown fields are kept.
 *
 * @example
 * const summary = orderSummarySchema.parse(await (await fetch(`/api/flowwise/orders?order_id=${id}`)).json());
 * if (summary.outcome === 'paid') showReceipt(summary.order_id);
 */
export const orderSummarySchema = /* @__PURE__ */ (() =>
  z.looseObject(
    {
      order_id: nonEmpty,
      order_status: orderStatus,
      outcome: z.enum(['paid', 'pending', 'failed', 'expired'], must('be paid, pending, failed or expired')),
      order_expiry_time: optionalString,
      checkout_url: optionalString,
      payments: z.array(
        z.looseObject(
          {
            payment_id: nonEmpty,
            status: paymentStatus,
            payment_method: optionalString,
            payment_amount: z.optional(z.number(must('be a number'))),
            payment_currency: optionalString,
          },
          anObject,
        ),
        must('be an array of payments'),
      ),
    },
    anObject,
  ))();

/** What Flowwise returns for Get Order: the order as it stands now, with its `order_status`. */
export type GetOrderResponse = z.infer<typeof getOrderResponseSchema>;
/** One payment attempt on an order, as Get All Payments for Order lists it. */
export type OrderPayment = z.infer<typeof orderPaymentSchema>;
/** What Flowwise returns for Get All Payments for Order. */
export type OrderPayments = z.infer<typeof orderPaymentsSchema>;
/** What the status handler answers about an order, for a return page. */
export type OrderSummary = z.infer<typeof orderSummarySchema>;
