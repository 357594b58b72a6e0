import * as React from 'react';
import { verifyCheckoutUrl } from '../core/checkoutUrl';
import type { FlowwiseRedirectOptions } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import { defaultStatusMessages } from '../core/messages';
import { useOrderQuery, type UseFlowwiseOrderOptions } from '../hooks/useFlowwiseOrder';
import { useReturnOrderId } from '../hooks/useReturnOrderId';
import type { OrderSummary } from '../schemas';
import type { Never } from './Never';

/**
 * What a return page shows, derived from the order's query: the server's `outcome` (`pending`, `paid`,
 * `failed`, `expired`), `timed_out` (still pending after `maxWaitMs`), `not_found` (no `order_id`, or
 * one the store does not know or will not show this shopper), or `error` (the store could not answer).
 */
export type FlowwiseOrderStatusState = 'pending' | 'paid' | 'failed' | 'expired' | 'timed_out' | 'not_found' | 'error';

/**
 * Props of {@link FlowwiseOrderStatus}: every native `<div>` prop but `role` and `children`, the options
 * of `useFlowwiseOrder` (each defaults to the provider's value), `checkoutOrigins`, and a render prop per
 * state. What a render prop returns is shown inside the `role="status"` region, so it is announced too.
 */
export interface FlowwiseOrderStatusProps
  extends
    Omit<React.ComponentPropsWithoutRef<'div'>, 'children' | 'role'>,
    UseFlowwiseOrderOptions,
    Pick<FlowwiseRedirectOptions, 'checkoutOrigins'> {
  /** The order to show. Defaults to the `order_id` of the current URL (see `useFlowwiseReturn`). */
  orderId?: string;
  /** While the outcome is not known yet. Defaults to `messages.status_pending` ("Confirming your payment…"). */
  renderPending?: (summary: OrderSummary | undefined) => React.ReactNode;
  /** The server says the order is paid. Defaults to `messages.status_paid` ("Payment received."). */
  renderPaid?: (summary: OrderSummary) => React.ReactNode;
  /**
   * The last payment attempt failed and the order can still be paid. `retryUrl` is the summary's
   * `checkout_url` once verified against `checkoutOrigins`, else `undefined`. Defaults to
   * `messages.status_failed` and, with a `retryUrl`, a link labelled `messages.status_retry` ("Try again").
   */
  renderFailed?: (summary: OrderSummary, retryUrl: string | undefined) => React.ReactNode;
  /** The order expired unpaid. Defaults to `messages.status_expired` ("This order has expired."). */
  renderExpired?: (summary: OrderSummary) => React.ReactNode;
  /** Still pending after `maxWaitMs`: polling has stopped. Defaults to `messages.status_timed_out`. */
  renderTimedOut?: (summary: OrderSummary) => React.ReactNode;
  /** No `order_id`, or one the store does not know. Defaults to `messages.status_not_found`. */
  renderNotFound?: () => React.ReactNode;
  /** The store could not answer (it is asked again while there is time). Defaults to the error's shopper `message`. */
  renderError?: (error: FlowwiseError) => React.ReactNode;
}

function OrderStatus(props: FlowwiseOrderStatusProps, ref: React.ForwardedRef<HTMLDivElement>) {
  // Named only to keep them off the <div>; the type below fails to compile if an option is missed.
  const {
    orderId: given,
    endpoint,
    headers,
    credentials,
    fetch,
    timeoutMs,
    messages,
    maxWaitMs,
    enabled,
    queryClient,
    checkoutOrigins,
    renderPending,
    renderPaid,
    renderFailed,
    renderExpired,
    renderTimedOut,
    renderNotFound,
    renderError,
    ...divProps
  } = props;
  type _NoOptionOnTheDiv = Never<Extract<keyof typeof divProps, keyof UseFlowwiseOrderOptions | 'checkoutOrigins'>>;
  const fromUrl = useReturnOrderId();
  const orderId = given ?? fromUrl;
  // The options are taken from the props as they are, so none can be dropped; `checkoutOrigins` is
  // resolved with them, once.
  const [{ data, error, timedOut }, config] = useOrderQuery('<FlowwiseOrderStatus>', orderId ?? undefined, props);
  const words = { ...defaultStatusMessages, ...config.messages };

  const state: FlowwiseOrderStatusState =
    orderId === null || error?.code === 'not_found' || error?.code === 'invalid_order_id'
      ? 'not_found'
      : data && data.outcome !== 'pending'
        ? data.outcome
        : timedOut
          ? 'timed_out'
          : error && !data
            ? 'error'
            : 'pending';

  let content: React.ReactNode;
  if (state === 'paid') content = renderPaid ? renderPaid(data!) : words.status_paid;
  else if (state === 'expired') content = renderExpired ? renderExpired(data!) : words.status_expired;
  else if (state === 'timed_out') content = renderTimedOut ? renderTimedOut(data!) : words.status_timed_out;
  else if (state === 'not_found') content = renderNotFound ? renderNotFound() : words.status_not_found;
  else if (state === 'error') content = renderError ? renderError(error!) : error!.message;
  else if (state === 'failed') {
    let retryUrl: string | undefined;
    try {
      // Only a page on an allowed checkout origin: a summary is the store's answer, but a link is a link.
      retryUrl = verifyCheckoutUrl(data!.checkout_url, config.checkoutOrigins);
    } catch {
      // No checkout URL (the order can no longer be paid) or not a safe one: no "Try again".
    }
    content = renderFailed
      ? renderFailed(data!, retryUrl)
      : [
          words.status_failed,
          retryUrl && [
            ' ',
            <a key="retry" href={retryUrl}>
              {words.status_retry}
            </a>,
          ],
        ];
  } else content = renderPending ? renderPending(data) : words.status_pending;

  return (
    <div {...divProps} ref={ref} role="status" data-state={state}>
      {content}
    </div>
  );
}

/**
 * A return page's status line: a `role="status"` live region that says what the store's server says
 * about the order, and updates itself while the payment is being confirmed ("Confirming your payment…",
 * "Payment received.", "The payment did not go through." with a "Try again" link to the order's verified
 * `checkout_url`, "This order has expired.", not found, or an error). It reads `orderId`, or the
 * `order_id` of the current URL, with `useFlowwiseOrder`; nothing else in the URL is trusted. The words
 * come from `messages` (`status_pending`, `status_paid`, …); each state can be replaced with a render prop.
 * `data-state` is the {@link FlowwiseOrderStatusState}.
 *
 * @example
 * ```tsx
 * <FlowwiseOrderStatus renderPaid={(summary) => <Receipt orderId={summary.order_id} />} />
 * ```
 */
export const FlowwiseOrderStatus = /* @__PURE__ */ React.forwardRef(OrderStatus);
// Named in React DevTools in development builds. A production build drops the statement, which leaves one
// pure expression above, so a page that never renders the status (a checkout) leaves it out.
if (process.env.NODE_ENV !== 'production') FlowwiseOrderStatus.displayName = 'FlowwiseOrderStatus';
