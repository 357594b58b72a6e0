import * as z from 'zod/mini';
import { anObject, must, nonEmpty, optionalString, orderId, string } from './rules';

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
