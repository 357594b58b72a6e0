import * as React from 'react';
import { useFlowwiseOrder, type UseFlowwiseOrderOptions, type UseFlowwiseOrderResult } from './useFlowwiseOrder';

/**
 * What {@link useFlowwiseReturn} returns: {@link useFlowwiseOrder}'s result and the `orderId` read from
 * the URL: `undefined` while there is no URL to read (on the server, and while hydrating), `null` when it
 * has no `order_id`.
 */
export type UseFlowwiseReturnResult = UseFlowwiseOrderResult & { orderId: string | null | undefined };

function subscribe(onChange: () => void) {
  // Back and forward within the page's history change the URL without a new page.
  addEventListener('popstate', onChange);
  return () => removeEventListener('popstate', onChange);
}

/**
 * The `order_id` of the current URL: `undefined` while there is no URL to read (on the server, and while
 * hydrating, so that the first render matches the server's), `null` when the URL has none.
 */
export function useReturnOrderId(): string | null | undefined {
  const search = React.useSyncExternalStore<string | undefined>(
    subscribe,
    () => location.search,
    () => undefined,
  );
  return search === undefined ? undefined : new URLSearchParams(search).get('order_id') || null;
}

/**
 * For the page Flowwise sends the shopper back to (`return_base_url?order_id=…`): reads `order_id` from
 * the current URL and calls {@link useFlowwiseOrder} with it. Only `order_id` is read: nothing else in a
 * URL is proof of anything (anyone can type `?order_status=PAID`), so what the page shows comes from the
 * server's summary. Safe in server rendering: there it reads nothing and sends no request.
 *
 * @example
 * const { orderId, data } = useFlowwiseReturn();
 * if (data?.outcome === 'paid') return <p>Thank you! Order {orderId} is paid.</p>;
 */
export function useFlowwiseReturn(options: UseFlowwiseOrderOptions = {}): UseFlowwiseReturnResult {
  const orderId = useReturnOrderId();
  return { ...useFlowwiseOrder(orderId ?? undefined, options), orderId };
}
