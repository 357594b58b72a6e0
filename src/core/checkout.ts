import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { verifyCheckoutUrl } from './checkoutUrl';
import type { FlowwiseConfig, ResolvedFlowwiseConfig } from './config';
import { createOrder } from './createOrder';
import { FlowwiseError, isFlowwiseError } from './FlowwiseError';

/**
 * How to send the shopper to the verified checkout URL: `'assign'` (a normal navigation),
 * `'replace'` (no history entry), `false` (stay on the page), or a function that receives the URL.
 */
export type RedirectMode = 'assign' | 'replace' | false | ((url: string) => void);

/** An order, or a sync/async function that builds one when the checkout starts (e.g. from the cart). */
export type OrderInput = CreateOrderRequest | (() => CreateOrderRequest | Promise<CreateOrderRequest>);

/** What a checkout does once the order exists. */
export interface CheckoutOptions extends FlowwiseConfig {
  /** How to send the shopper to `checkout_url`. Defaults to `'assign'`. */
  redirect?: RedirectMode;
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
  if (typeof mode == 'function') mode(href);
  // Anything but 'replace' is a normal navigation, so a stray value from plain JavaScript can only send the
  // shopper to the verified URL, never fail after the order exists.
  else if (mode) window.location[mode == 'replace' ? mode : 'assign'](href);
}

/** Runs the store's own code; anything it throws that is not a FlowwiseError becomes one of kind `integration`. */
async function storeCode<T>(run: () => T | Promise<T>, message: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw isFlowwiseError(error) ? error : new FlowwiseError('integration', message, { cause: error });
  }
}

/**
 * One checkout, start to finish: builds the order, creates it through the merchant endpoint, verifies
 * `checkout_url` against `checkoutOrigins`, runs `onSuccess`, and redirects (not once `signal` has
 * aborted: the shopper may have moved on). `options` is read when each step needs it, so the latest
 * callbacks run. Every failure is a FlowwiseError.
 */
export async function checkout(
  input: OrderInput,
  options: () => CheckoutOptions & ResolvedFlowwiseConfig,
  signal?: AbortSignal,
): Promise<CheckoutResult> {
  const order = await storeCode(() => (typeof input == 'function' ? input() : input), 'Your order could not be prepared. Please try again.');
  const response = await createOrder(options(), order, { signal });
  const href = verifyCheckoutUrl(response.checkout_url, options().checkoutOrigins);
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
  if (redirecting) await storeCode(() => redirectTo(href, mode), 'The payment page could not be opened.');
  return { response, redirecting };
}
