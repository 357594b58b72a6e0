import * as z from 'zod/mini';

/**
 * One message function per field, for the type check and every other check on it, so that each
 * message names the field ("order_amount must be greater than 0") without a string per check.
 * `hint` describes the expected format ("be a valid e-mail address").
 */
function field(name: string, hint?: string) {
  return (issue: z.core.$ZodRawIssue): string => {
    if (issue.code === 'unrecognized_keys') return `${name} has unknown field(s): ${(issue.keys as string[]).join(', ')}`;
    if (issue.input === undefined) return `${name} is required`;
    if (issue.code === 'too_small') return `${name} must ${issue.origin === 'string' ? 'not be empty' : 'be greater than 0'}`;
    if (issue.code === 'too_big') return `${name} must be at most ${String(issue.maximum)} characters`;
    const expected = issue.code === 'invalid_type' && (issue.expected as string);
    return `${name} must be ${hint ?? (expected === 'object' || expected === 'record' ? 'an object' : `a ${expected}`)}`;
  };
}

const string = (name: string, min = 0, max = Infinity) => {
  const error = field(name);
  return z.string({ error }).check(z.minLength(min, { error }), z.maxLength(max, { error }));
};
const optionalString = () => z.optional(z.string());

/**
 * Customer information for an order (`CustomerDetails` in the Flowwise OpenAPI text).
 * Every field is optional; `customer_email` must be a valid e-mail address when present.
 */
export const customerDetailsSchema = z.strictObject(
  {
    customer_email: z.optional(
      z.string({ error: field('customer_email') }).check(
        z.regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, { error: field('customer_email', 'a valid e-mail address') }),
      ),
    ),
    customer_phone: z.optional(
      z.string({ error: field('customer_phone') }).check(
        z.regex(/^\+?[0-9 ()-]{6,20}$/, { error: field('customer_phone', 'a phone number such as "+919876543210"') }),
      ),
    ),
    customer_address: z.optional(string('customer_address')),
    customer_id: z.optional(string('customer_id', 1)),
  },
  { error: field('customer_details') },
);

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Rejects amounts with more than two decimal places, allowing for binary floating point noise. */
const cents = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

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
    order_id: string('order_id', 1, 128),
    order_amount: z
      .number({ error: field('order_amount', 'a finite number') })
      .check(
        z.positive({ error: field('order_amount') }),
        z.refine(cents, 'order_amount must have at most 2 decimal places'),
      ),
    order_currency: z.string({ error: field('order_currency') }).check(
      z.regex(/^[A-Z]{3}$/, {
        error: field('order_currency', 'a 3-letter upper-case currency code such as "INR"'),
      }),
    ),
    customer_details: customerDetailsSchema,
    payment_methods: z.optional(string('payment_methods', 1)),
    expiry_time_in_minutes: z.optional(
      z.number({ error: field('expiry_time_in_minutes', 'a whole number') }).check(
        z.refine(Number.isSafeInteger, 'expiry_time_in_minutes must be a whole number'),
        z.positive({ error: field('expiry_time_in_minutes') }),
      ),
    ),
    order_note: z.optional(string('order_note')),
    order_tags: z.optional(
      z.record(z.string(), z.string({ error: 'order_tags values must be strings' }), { error: field('order_tags') }),
    ),
    return_base_url: z.optional(
      z.string({ error: field('return_base_url') }).check(
        z.refine(isHttpUrl, { error: field('return_base_url', 'an absolute http(s) URL') }),
      ),
    ),
  },
  { error: field('The order') },
);

// Plain regexes and URL parsing rather than zod's format schemas keep the browser bundle small.
const dateTime = (name: string) =>
  z.optional(
    z.string({ error: field(name) }).check(
      z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/, {
        error: field(name, 'an ISO 8601 date-time'),
      }),
    ),
  );

/**
 * A successful Flowwise `POST /orders` response (`CreateOrderResponse` in the OpenAPI text).
 * `order_id` and `checkout_url` are required, since a checkout cannot continue without them; every
 * other field is optional, and fields this package does not know yet are kept.
 */
export const createOrderResponseSchema = z.looseObject(
  {
    order_id: string('order_id', 1),
    project_id: optionalString(),
    customer_email: optionalString(),
    customer_id: optionalString(),
    order_status: optionalString(),
    order_currency: optionalString(),
    payment_methods: optionalString(),
    order_note: optionalString(),
    checkout_url: string('checkout_url', 1),
    order_hash: optionalString(),
    order_expiry_time: dateTime('order_expiry_time'),
    added_on: dateTime('added_on'),
  },
  { error: field('The response') },
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
