import { useOrderQuery, type UseFlowwiseOrderOptions, type UseFlowwiseOrderResult } from './useFlowwiseOrder';
import { useReturnOrderId } from './useReturnOrderId';

/** Options for {@link useFlowwiseReturn}: those of `useFlowwiseOrder`. */
export type UseFlowwiseReturnOptions = UseFlowwiseOrderOptions;

/**
 * What {@link useFlowwiseReturn} returns: `useFlowwiseOrder`'s result and the `orderId` read from the URL:
 * `undefined` while there is no URL to read (on the server, and while hydrating), `null` when it has no
 * `order_id`.
 */
export type UseFlowwiseReturnResult = UseFlowwiseOrderResult & { orderId: string | null | undefined };

/**
 * For the page Flowwise sends the shopper back to (`return_base_url?order_id=…`): reads `order_id` from
 * the current URL and calls `useFlowwiseOrder` with it. Only `order_id` is read: nothing else in a URL is
 * proof of anything (anyone can type `?order_status=PAID`), so what the page shows comes from the server's
 * summary. Safe in server rendering: there it reads nothing and sends no request.
 *
 * @example
 * ```tsx
 * const { orderId, data } = useFlowwiseReturn();
 * if (data?.outcome === 'paid') return <p>Thank you! Order {orderId} is paid.</p>;
 * ```
 */
export function useFlowwiseReturn(options: UseFlowwiseReturnOptions = {}): UseFlowwiseReturnResult {
  const orderId = useReturnOrderId();
  return { ...useOrderQuery('useFlowwiseReturn()', orderId ?? undefined, options)[0], orderId };
}
