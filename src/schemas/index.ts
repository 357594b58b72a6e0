import * as z from 'zod/mini';

/** Rejects amounts with more than two decimal places, allowing for binary floating point noise. */
function hasAtMostTwoDecimals(value: number): boolean {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** The message for an object that is missing, not an object, or has keys the API does not define. */
function objectError(what: string) {
  return (issue: z.core.$ZodRawIssue) =>
    issue.code === 'unrecognized_keys'
      ? `${what} has unknown field(s): ${(issue.keys as string[]).join(', ')}`
      : issue.input === undefined
        ? `${what} is required`
        : `${what} must be an object`;
}

/** "is required" when missing, "must be a …" when present but of the wrong type or not finite. */
function typeError(field: string, type: string) {
  return (issue: z.core.$ZodRawIssue) =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${type}`;
}

const nonEmptyString = (field: string) =>
  z.string({ error: `${field} must be a string` }).check(z.minLength(1, `${field} must not be empty`));

/**
 * Customer information for an order (`CustomerDetails` in the Flowwise OpenAPI text).
 * Every field is optional; `customer_email` must be a valid e-mail address when present.
 */
export const customerDetailsSchema = z.strictObject(
  {
    customer_email: z.optional(z.email({ error: 'customer_email must be a valid e-mail address' })),
    customer_phone: z.optional(
      z.string().check(z.regex(/^\+?[0-9 ()-]{6,20}$/, 'customer_phone must be a phone number such as "+919876543210"')),
    ),
    customer_address: z.optional(z.string({ error: 'customer_address must be a string' })),
    customer_id: z.optional(nonEmptyString('customer_id')),
  },
  { error: objectError('customer_details') },
);

/**
 * The body of Flowwise `POST /orders` (`CreateOrderRequest` in the OpenAPI text), with the checks a
 * payment system needs that the spec leaves implicit: a positive amount with at most two decimals, a
 * 3-letter upper-case currency code, a positive whole number of minutes to expiry, string tag values
 * and an `http(s)` return URL. Unknown keys are rejected so that a misspelt field is never silently dropped.
 *
 * @example
 * const result = createOrderRequestSchema.safeParse(cart);
 * if (!result.success) console.log(result.error.issues);
 */
export const createOrderRequestSchema = z.strictObject(
  {
    order_id: z
      .string({ error: typeError('order_id', 'a string') })
      .check(
        z.minLength(1, 'order_id must not be empty'),
        z.maxLength(128, 'order_id must be at most 128 characters'),
      ),
    order_amount: z
      .number({ error: typeError('order_amount', 'a finite number') })
      .check(
        z.positive('order_amount must be greater than 0'),
        z.refine(hasAtMostTwoDecimals, 'order_amount must have at most 2 decimal places'),
      ),
    order_currency: z
      .string({ error: typeError('order_currency', 'a string') })
      .check(z.regex(/^[A-Z]{3}$/, 'order_currency must be a 3-letter upper-case currency code such as "INR"')),
    customer_details: customerDetailsSchema,
    payment_methods: z.optional(nonEmptyString('payment_methods')),
    expiry_time_in_minutes: z.optional(
      z
        .number({ error: typeError('expiry_time_in_minutes', 'a whole number') })
        .check(
          z.refine(Number.isSafeInteger, 'expiry_time_in_minutes must be a whole number'),
          z.positive('expiry_time_in_minutes must be greater than 0'),
        ),
    ),
    order_note: z.optional(z.string({ error: 'order_note must be a string' })),
    order_tags: z.optional(
      z.record(z.string(), z.string({ error: 'order_tags values must be strings' }), {
        error: 'order_tags must be an object of string values',
      }),
    ),
    return_base_url: z.optional(
      z.url({
        protocol: /^https?$/,
        error: 'return_base_url must be an absolute http(s) URL',
      }),
    ),
  },
  { error: objectError('The order') },
);

const dateTime = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date-time` });

/**
 * A successful Flowwise `POST /orders` response (`CreateOrderResponse` in the OpenAPI text).
 * `order_id` and `checkout_url` are required, since a checkout cannot continue without them; every
 * other field is optional, and fields this package does not know yet are kept.
 */
export const createOrderResponseSchema = z.looseObject(
  {
    order_id: nonEmptyString('order_id'),
    project_id: z.optional(z.string()),
    customer_email: z.optional(z.string()),
    customer_id: z.optional(z.string()),
    order_status: z.optional(z.string()),
    order_currency: z.optional(z.string()),
    payment_methods: z.optional(z.string()),
    order_note: z.optional(z.string()),
    checkout_url: nonEmptyString('checkout_url'),
    order_hash: z.optional(z.string()),
    order_expiry_time: z.optional(dateTime('order_expiry_time')),
    added_on: z.optional(dateTime('added_on')),
  },
  { error: 'The response must be a JSON object' },
);

/** The error body Flowwise (and the merchant endpoint) returns on failure: `{ message, code, type }`. */
export const errorResponseSchema = z.looseObject({
  message: z.string(),
  code: z.string(),
  type: z.string(),
});

/** An order to create: the body of Flowwise `POST /orders`. */
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;
/** Customer information attached to an order. */
export type CustomerDetails = z.infer<typeof customerDetailsSchema>;
/** What Flowwise returns for a created order, including its `checkout_url`. */
export type CreateOrderResponse = z.infer<typeof createOrderResponseSchema>;
/** The `{ message, code, type }` body of a failed request. */
export type FlowwiseErrorResponse = z.infer<typeof errorResponseSchema>;
