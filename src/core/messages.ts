import { FlowwiseError, type FlowwiseErrorKind } from './FlowwiseError';
import type { FlowwiseStatusMessage } from './statusMessages';

/**
 * Words shown to shoppers, by error `code`, by the field a validation error is about, or by `kind`,
 * looked up in that order: `{ order_expired: '…', customer_email: '…', network: '…' }`. Give some or
 * all of them to `<FlowwiseProvider messages>` to reword or translate; the rest keep their defaults.
 */
export type FlowwiseMessages = Partial<Record<FlowwiseErrorKind | FlowwiseShopperCode | FlowwiseField | FlowwiseStatusMessage, string>> &
  Record<string, string | undefined>;

/** Error codes that have a shopper message of their own. */
export type FlowwiseShopperCode = 'already_exists' | 'order_already_paid' | 'order_expired';

/** Order fields whose validation errors have a shopper message of their own. */
export type FlowwiseField = 'customer_email' | 'customer_phone';

// What the shopper can do is the same whatever broke on the store's side: try again.
const TRY_AGAIN = 'The payment could not be started. Please try again.';

/** The default shopper messages, in English. */
export const defaultMessages: Readonly<Record<FlowwiseErrorKind | FlowwiseShopperCode | FlowwiseField, string>> = {
  integration: TRY_AGAIN,
  validation: 'Some details of your order are not valid. Please check them and try again.',
  http: TRY_AGAIN,
  network: 'Could not reach the store. Check your connection and try again.',
  timeout: 'The payment took too long to start. Please try again.',
  invalid_response: TRY_AGAIN,
  unsafe_redirect: 'The payment page could not be verified, so you were not redirected.',
  already_exists: 'This order has already been started. Please refresh the page and try again.',
  order_already_paid: 'This order has already been paid. Check your e-mail for the receipt.',
  order_expired: 'This order has expired. Please refresh the page to start a new one.',
  customer_email: 'Please enter a valid e-mail address.',
  customer_phone: 'Please enter a valid phone number.',
};

/**
 * `error` with its message made for a shopper: the first of `messages` (then the defaults) that
 * matches its `code`, the last key of its first issue's field path, or its `kind`. The message it had
 * (the endpoint's or Flowwise's words, for a developer) moves to `detail` unless it is already there.
 */
export function toShopperError(error: FlowwiseError, messages: FlowwiseMessages = {}): FlowwiseError {
  const all: FlowwiseMessages = { ...defaultMessages, ...messages };
  // Only an order's own problems name a field for the shopper; a bad response's do not.
  const issue = error.kind !== 'invalid_response' && error.issues?.[0];
  const message = all[error.code!] ?? (issue ? all[issue.path.at(-1) as string] : undefined) ?? all[error.kind]!;
  return new FlowwiseError(error.kind, message, { ...error, detail: error.detail ?? error.message, cause: error.cause });
}
