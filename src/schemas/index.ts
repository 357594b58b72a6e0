import * as z from 'zod/mini';

type Issue = z.core.$ZodRawIssue;

/**
 * The message of every schema and check here: "<field> must <rule>", "<field> is required" or
 * "<field> has unknown field(s): …". zod builds messages at the end of a parse, when the issue's path
 * is complete, so each names its field as a dotted path ("customer_details.customer_email").
 */
const must = (rule: string) => ({
  error: (issue: Issue) =>
    `${issue.path?.join('.') || 'input'} ${
      issue.code === 'unrecognized_keys'
        ? `has unknown field(s): ${issue.keys.join(', ')}`
        : issue.input === undefined
          ? 'is required'
          : `must ${rule}`
    }`,
});

const anObject = must('be an object');
// Schemas are immutable (`check` returns a copy), so one instance serves every field.
const string = z.string(must('be a string'));
const nonEmpty = string.check(z.minLength(1, must('not be empty')));
const optionalString = z.optional(string);

// An unpaired UTF-16 half has no UTF-8 form: it cannot go into a URL path.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const orderId = /* @__PURE__ */ (() => nonEmpty.check(z.maxLength(128, must('be at most 128 characters'))))();

/**
 * An `order_id` as it goes into the path of Get Order (`/orders/{order_id}`): the `order_id` of a Create
 * Order body (a non-empty string of at most 128 characters), which is also well-formed text and not `.`
 * or `..`, since no URL path can name those. The spec says only `string`; these are checked before
 * anything is sent.
 *
 * @example
 * orderIdSchema.safeParse('order_1001').success; // true
 */
export const orderIdSchema = /* @__PURE__ */ (() =>
  orderId.check(
    z.refine((id) => !LONE_SURROGATE.test(id), must('be well-formed text (it has a lone surrogate)')),
    // A URL parser reads these as "this folder" and "the parent folder", even percent-encoded.
    z.refine((id) => id !== '.' && id !== '..', must('not be "." or ".."')),
  ))();

/**
 * Customer information for an order (`CustomerDetails` in the Flowwise OpenAPI text).
 * Every field is optional; `customer_email` must be a valid e-mail address when present.
 */
// Built inside a pure function call, so that a bundle which never uses a request schema (the browser
// side, since it posts the store's payload) leaves it out: zod's calls are not known to be side-effect free.
export const customerDetailsSchema = /* @__PURE__ */ (() =>
  z.strictObject(
    {
      customer_email: z.optional(string.check(z.regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, must('be a valid e-mail address')))),
      customer_phone: z.optional(string.check(z.regex(/^\+?[0-9 ()-]{6,20}$/, must('be a phone number such as +919876543210')))),
      customer_address: optionalString,
      customer_id: z.optional(nonEmpty),
    },
    anObject,
  ))();

/**
 * The body of Flowwise `POST /orders` (`CreateOrderRequest` in the OpenAPI text), with the checks a
 * payment system needs that the spec leaves implicit: an amount of at least 0.01 with at most two decimals, a
 * 3-letter upper-case currency code, a positive whole number of minutes to expiry, string tag values
 * and an `http(s)` return URL. Unknown keys are rejected so that a misspelt field is never silently dropped.
 * Every message names its field: `order_amount must be greater than 0`.
 *
 * @example
 * const result = createOrderRequestSchema.safeParse(cart);
 * if (!result.success) console.log(result.error.issues);
 */
export const createOrderRequestSchema = /* @__PURE__ */ (() =>
  z.strictObject(
    {
      order_id: orderId,
      order_amount: z.number(must('be a finite number')).check(
        z.gte(0.01, must('be at least 0.01')),
        // Written with at most two decimals, exactly: `19.99` is, `1e-9`, `10.005` and `0.30000000000000004`
        // are not (JSON sends the number as JavaScript writes it, so that is what Flowwise reads).
        z.refine((amount) => /^-?\d+(\.\d{1,2})?$/.test(String(amount)), must('have at most 2 decimal places')),
      ),
      order_currency: string.check(z.regex(/^[A-Z]{3}$/, must('be a currency code such as INR'))),
      customer_details: customerDetailsSchema,
      payment_methods: z.optional(nonEmpty),
      expiry_time_in_minutes: z.optional(
        z
          .number(must('be a finite number'))
          .check(z.refine(Number.isSafeInteger, must('be a whole number')), z.positive(must('be greater than 0'))),
      ),
      order_note: optionalString,
      order_tags: z.optional(z.record(z.string(), string, anObject)),
      return_base_url: z.optional(
        string.check(
          z.refine((url) => {
            try {
              return /^https?:$/.test(new URL(url).protocol);
            } catch {
              return false;
            }
          }, must('be an absolute http(s) URL')),
        ),
      ),
    },
    anObject,
  ))();

/**
 * A successful Flowwise `POST /orders` response (`CreateOrderResponse` in the OpenAPI text).
 * `order_id` and `checkout_url` are required, since a checkout cannot continue without them; every
 * other field is an optional string, checked no further (the date-times are not parsed), so that a
 * variation in a field the checkout never reads cannot fail a payment. Fields this package does not
 * know yet are kept.
 */
export const createOrderResponseSchema = z.looseObject(
  {
    order_id: nonEmpty,
    project_id: optionalString,
    customer_email: optionalString,
    customer_id: optionalString,
    order_status: optionalString,
    order_currency: optionalString,
    payment_methods: optionalString,
    order_note: optionalString,
    checkout_url: nonEmpty,
    order_hash: optionalString,
    order_expiry_time: optionalString,
    added_on: optionalString,
  },
  anObject,
);

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

/**
 * The error body Flowwise and the merchant endpoint return on failure: `{ message, code, type }`, and
 * from the merchant endpoint's 400 for an invalid order or payload, `issues` naming each field.
 */
export const errorResponseSchema = z.looseObject(
  {
    message: string,
    code: string,
    type: string,
    issues: z.optional(z.array(z.looseObject({ code: string, path: z.array(z.union([string, z.number()])), message: string }))),
  },
  anObject,
);

/** An order to create: the body of Flowwise `POST /orders`. */
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;
/** Customer information attached to an order. */
export type CustomerDetails = z.infer<typeof customerDetailsSchema>;
/** What Flowwise returns for a created order, including its `checkout_url`. */
export type CreateOrderResponse = z.infer<typeof createOrderResponseSchema>;
/** The `{ message, code, type, issues? }` body of a failed request. */
export type FlowwiseErrorResponse = z.infer<typeof errorResponseSchema>;
/** What Flowwise returns for Get Order: the order as it stands now, with its `order_status`. */
export type GetOrderResponse = z.infer<typeof getOrderResponseSchema>;
/** One payment attempt on an order, as Get All Payments for Order lists it. */
export type OrderPayment = z.infer<typeof orderPaymentSchema>;
/** What Flowwise returns for Get All Payments for Order. */
export type OrderPayments = z.infer<typeof orderPaymentsSchema>;
/** What the status handler answers about an order, for a return page. */
export type OrderSummary = z.infer<typeof orderSummarySchema>;
