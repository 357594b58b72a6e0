import type { CreateOrderRequest, CreateOrderResponse } from '../schemas';
import { verifyCheckoutUrl } from './checkoutUrl';
import type { FlowwiseConfig, RedirectMode, ResolvedFlowwiseConfig } from './config';
import { sendOrder } from './createOrder';
import type { PayloadSchema } from './validate';
import { FlowwiseError, isFlowwiseError } from './FlowwiseError';
import { toShopperError, type FlowwiseMessages } from './messages';

export type { RedirectMode };

/**
 * What a checkout posts to the merchant endpoint, or a sync/async function that builds it when the
 * checkout starts: a full order, or the store's own shape (a cart) that its `prepareOrder` turns into one.
 */
export type OrderInput<TPayload = CreateOrderRequest> = TPayload | (() => TPayload | Promise<TPayload>);

/** The TanStack mutation key of every checkout: `flowwiseKeys.checkout`. */
export const checkoutKey = ['flowwise', 'checkout'] as const;

/** What a checkout does once the order exists, and when it fails. */
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
  /**
   * Runs on any failure: invalid order, HTTP or network error, timeout, invalid response or unsafe
   * `checkout_url`; not for a checkout abandoned by unmounting. What it throws goes to `reportError`.
   */
  onError?: (error: FlowwiseError) => void;
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
async function runStoreCallback<T>(run: () => T | Promise<T>, detail: string, messages?: FlowwiseMessages): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw isFlowwiseError(error) ? error : toShopperError(new FlowwiseError('integration', detail, { cause: error }), messages);
  }
}

/** Runs a store callback that cannot change the checkout's outcome: what it throws goes to `reportError`. */
async function runReported<T>(run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    globalThis.reportError?.(error);
  }
}

/**
 * A development build tells the developer why a `checkout_url` was refused for its origin, which is how a
 * missing `checkoutOrigins` entry looks: the shopper reads "could not be verified", and nothing else says why.
 */
function warnRefusedOrigin(url: string, checkoutOrigins: readonly string[]): void {
  const { origin } = new URL(url);
  const allowed = [...checkoutOrigins, origin].map((entry) => `'${entry}'`).join(', ');
  console.warn(
    `@flowwise/react: the shopper was not sent to checkout_url, because its origin ${origin} is not in checkoutOrigins (${checkoutOrigins.join(', ')}). If that is your Flowwise checkout, allow it: <FlowwiseProvider checkoutOrigins={[${allowed}]}>. (Development builds only.)`,
  );
}

/**
 * One checkout, start to finish: builds the order, creates it through the merchant endpoint, verifies
 * `checkout_url` against `checkoutOrigins`, runs `onSuccess`, and redirects (not once `signal` has
 * aborted: the shopper may have moved on), or runs `onError`. Every failure is a FlowwiseError.
 * `options` is one resolved snapshot, so every step of a checkout sees the same options.
 */
export async function checkout<TPayload>(
  input: OrderInput<TPayload>,
  options: CheckoutOptions<TPayload> & ResolvedFlowwiseConfig,
  signal?: AbortSignal,
): Promise<CheckoutResult> {
  const { messages } = options;
  try {
    const payload = await runStoreCallback(
      () => (typeof input === 'function' ? (input as () => TPayload)() : input),
      'The order function threw.',
      messages,
    );
    const response = await sendOrder(options, payload, signal);
    let href: string;
    try {
      href = verifyCheckoutUrl(response.checkout_url, options.checkoutOrigins);
    } catch (error) {
      // Production builds leave this out.
      if (process.env.NODE_ENV !== 'production' && (error as FlowwiseError).code === 'origin_not_allowed') {
        warnRefusedOrigin(response.checkout_url, options.checkoutOrigins);
      }
      throw toShopperError(error as FlowwiseError, messages);
    }
    // The order exists: a failing callback must not leave the shopper a button that makes a second one.
    // Only `false` cancels the redirect, so one that throws leaves it undefined: the checkout goes on.
    const proceed = await runReported(() => options.onSuccess?.(response));
    const mode = options.redirect ?? 'assign';
    const redirecting = proceed !== false && mode !== false && !signal?.aborted;
    if (redirecting) await runStoreCallback(() => redirectTo(href, mode), 'The redirect function threw.', messages);
    return { response, redirecting };
  } catch (error) {
    // Not once the shopper has moved on: the component that started the checkout is gone.
    if (!signal?.aborted) await runReported(() => options.onError?.(error as FlowwiseError));
    throw error;
  }
}
