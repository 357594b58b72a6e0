// The sandbox's own check of a Create Order body, written from the OpenAPI text rather than shared
// with the package's schemas, so that it is a second opinion on what the client sends (and so internal:
// the one public validator is `createOrderRequestSchema`). Each problem has its own `code`, as an API a
// client can branch on would.

/** What is wrong with a Create Order body: the `message` and `code` of the sandbox's 400 answer. */
export interface ValidationProblem {
  message: string;
  code: string;
}

const KNOWN_FIELDS = new Set([
  'order_id',
  'order_amount',
  'order_currency',
  'customer_details',
  'payment_methods',
  'expiry_time_in_minutes',
  'order_note',
  'order_tags',
  'return_base_url',
]);
const CUSTOMER_FIELDS = new Set(['customer_email', 'customer_phone', 'customer_address', 'customer_id']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const problem = (code: string, message: string): ValidationProblem => ({ code, message });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * How many decimal places `value` has, read from its shortest decimal form (`String(value)`: what
 * the JSON text said, up to float precision), so that no tolerance is involved: `19.99` has 2 (though
 * `19.99 * 100` is `1998.9999999999998`), while `1e-9` has 9 and `10.005` has 3.
 */
function decimalPlaces(value: number): number {
  const parts = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!parts) return Number.POSITIVE_INFINITY; // not a finite number: never "two decimals"
  const [, fraction = '', exponent = '0'] = parts;
  return Math.max(0, fraction.length - Number(exponent));
}

/** The first problem with `body`, or `undefined` when it is a valid `CreateOrderRequest`. */
export function validateOrder(body: unknown): ValidationProblem | undefined {
  if (!isObject(body)) return problem('invalid_request', 'The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) return problem('unknown_field', `Unknown field(s): ${unknown.join(', ')}.`);

  const { order_id, order_amount, order_currency, customer_details } = body;
  if (order_id === undefined) return problem('missing_order_id', 'order_id is required.');
  if (typeof order_id !== 'string' || order_id.trim() === '' || order_id.length > 128) {
    return problem('invalid_order_id', 'order_id must be a non-empty string of at most 128 characters.');
  }
  // A lone surrogate (`"\ud800"` in the JSON) cannot go into a URL: it has no UTF-8 encoding.
  if (LONE_SURROGATE.test(order_id)) {
    return problem('invalid_order_id', 'order_id must be well-formed Unicode text (it has a lone surrogate).');
  }
  // A URL parser resolves these as path steps, so neither could name its order in a checkout or Get Order URL.
  if (order_id === '.' || order_id === '..') return problem('invalid_order_id', 'order_id must not be "." or "..".');
  if (order_amount === undefined) return problem('missing_amount', 'order_amount is required.');
  if (typeof order_amount !== 'number' || !Number.isFinite(order_amount) || order_amount <= 0) {
    return problem('invalid_amount', 'Invalid order amount. Amount must be greater than 0');
  }
  if (order_amount < 0.01) return problem('invalid_amount', 'Invalid order amount. Amount must be at least 0.01');
  if (decimalPlaces(order_amount) > 2) {
    return problem('invalid_amount', 'Invalid order amount. Amount must have at most 2 decimal places');
  }
  if (order_currency === undefined) return problem('missing_currency', 'order_currency is required.');
  if (typeof order_currency !== 'string' || !/^[A-Z]{3}$/.test(order_currency)) {
    return problem('invalid_currency', 'order_currency must be a 3-letter ISO 4217 code such as INR.');
  }
  if (customer_details === undefined) return problem('missing_customer_details', 'customer_details is required.');
  if (!isObject(customer_details)) return problem('invalid_customer_details', 'customer_details must be an object.');
  for (const [key, value] of Object.entries(customer_details)) {
    if (!CUSTOMER_FIELDS.has(key)) return problem('unknown_field', `Unknown field: customer_details.${key}.`);
    if (typeof value !== 'string') return problem('invalid_customer_details', `customer_details.${key} must be a string.`);
  }
  const email = customer_details.customer_email;
  if (typeof email === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return problem('invalid_customer_email', 'customer_details.customer_email must be an e-mail address.');
  }

  const { payment_methods, expiry_time_in_minutes, order_note, order_tags, return_base_url } = body;
  if (payment_methods !== undefined && typeof payment_methods !== 'string') {
    return problem('invalid_payment_methods', 'payment_methods must be a string such as "cc,dc,upi".');
  }
  if (expiry_time_in_minutes !== undefined && !(Number.isSafeInteger(expiry_time_in_minutes) && (expiry_time_in_minutes as number) > 0)) {
    return problem('invalid_expiry_time', 'expiry_time_in_minutes must be a positive integer.');
  }
  if (order_note !== undefined && typeof order_note !== 'string') {
    return problem('invalid_order_note', 'order_note must be a string.');
  }
  if (order_tags !== undefined && !(isObject(order_tags) && Object.values(order_tags).every((v) => typeof v === 'string'))) {
    return problem('invalid_order_tags', 'order_tags must be an object of string values.');
  }
  if (return_base_url !== undefined && !isHttpUrl(return_base_url)) {
    return problem('invalid_return_url', 'return_base_url must be an absolute http(s) URL.');
  }
  return undefined;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
