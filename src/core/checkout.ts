import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { verifyCheckoutUrl } from './checkoutUrl';
import type { FlowwiseConfig, RedirectMode, ResolvedFlowwiseConfig } from './config';
import { createOrder } from './createOrder';
import type { PayloadSchema } from './validate';
import { FlowwiseError, isFlowwiseError } from './FlowwiseError';
import { forShopper, type FlowwiseMessages } from './messages';

export type { RedirectMode };

/**
 * What a checkout posts to the merchant endpoint, or a sync/async function that builds it when the
 * checkout starts: a full order, or the store's own shape (a cart) that its `prepareOrder` turns into one.
 */
export type OrderInput<TPayload = CreateOrderRequest> = TPayload | (() => TPayload | Promise<TPayload>);

/** What a checkout does once the order exists. */
export interface CheckoutOptions<TPayload = CreateOrderRequest> extends FlowwiseConfig {
  /**
   * Checks the payload in the browser before anything is sent (a zod schema); a failure is a
   * `validation` error, shown to the shopper by field. Defaults to none: the merchant endpoint checks it.
   */
  schema?: PayloadSchema<TPayload>;
  /**
   * Runs after the order is created and before the redirect; return `false` (or resolve to it) to
   * cancel the redirect. If it throws, the order exists all the same, so the checkout goes on to the
   * redirect and the error is passed to `reportError` (where error monitoring sees it).
   */
  onSuccess?: (response: CreateOrderResponse) => boolean | void | Promise<boolean | void>;
}

/** What a finished checkout holds: the created order, and whether the shopper is being sent to it. */
export interface CheckoutResult {
  response: CreateOrderResponse;
  redirecting: boolean;
}

/** Navigates to an already verified `href` as `mode` says. */
export function redirectTo(href: string, mode: RedirectMode): void {
  if (typeof mode === 'function') mode(href);
  // Anything but 'replace' is a normal navigation, so a stray value from plain JavaScript can only send the
  // shopper to the verified URL, never fail after the order exists.
  else if (mode) window.location[mode === 'replace' ? mode : 'assign'](href);
}

/**
 * Runs the store's own code; anything it throws that is not a FlowwiseError becomes one of kind
 * `integration`, whose `detail` says where it came from. A FlowwiseError it throws is kept as it is:
 * its message is the store's own.
 */
async function storeCode<T>(run: () => T | Promise<T>, detail: string, messages?: FlowwiseMessages): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw isFlowwiseError(error) ? error : forShopper(new FlowwiseError('integration', detail, { cause: error }), messages);
  }
}

/**
 * One checkout, start to finish: builds the order, creates it through the merchant endpoint, verifies
 * `checkout_url` against `checkoutOrigins`, runs `onSuccess`, and redirects (not once `signal` has
 * aborted: the shopper may have moved on). `options` is read when each step needs it, so the latest
 * callbacks run. Every failure is a FlowwiseError.
 */
export async function checkout<TPayload>(
  input: OrderInput<TPayload>,
  options: () => CheckoutOptions<TPayload> & ResolvedFlowwiseConfig,
  signal?: AbortSignal,
): Promise<CheckoutResult> {
  const { messages, schema } = options();
  const payload = await storeCode(
    () => (typeof input === 'function' ? (input as () => TPayload)() : input),
    'The order function threw.',
    messages,
  );
  const response = await createOrder(options(), payload, { signal, schema });
  let href: string;
  try {
    href = verifyCheckoutUrl(response.checkout_url, options().checkoutOrigins);
  } catch (error) {
    throw forShopper(error as FlowwiseError, messages);
  }
  // Only `false` cancels the redirect, so a callback that throws leaves it undefined: the checkout goes on.
  let proceed: boolean | void | undefined;
  try {
    proceed = await options().onSuccess?.(response);
  } catch (error) {
    // The order exists: a failing callback must not leave the shopper a button that makes a second one.
    globalThis.reportError?.(error);
  }
  const mode = options().redirect ?? 'assign';
  const redirecting = proceed !== false && mode !== false && !signal?.aborted;
  if (redirecting) await storeCode(() => redirectTo(href, mode), 'The redirect function threw.', messages);
  return { response, redirecting };
}
