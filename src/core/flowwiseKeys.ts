import { checkoutKey } from './checkout';
import { createOrderKey } from './createOrder';
import { orderKey } from './getOrderSummary';

// Each key is defined beside what it keys, and the hooks import it from there: a bundler keeps an object
// whole, and keeps a module whole in one chunk of an app, so a checkout's route has no key of a return page.

/**
 * The TanStack keys of everything this package puts in a `QueryClient`, for `useIsMutating`,
 * `useMutationState`, `invalidateQueries`, `getQueryData` and `setQueryData`. Plain data with no React,
 * so a server can import it too (to prefetch an order, say).
 *
 * - `all`: every Flowwise query and mutation (`['flowwise']`).
 * - `createOrder`: the mutations of `useCreateOrder`, whose data is the `CreateOrderResponse`.
 * - `checkout`: every checkout (`useFlowwiseCheckout`, `<FlowwiseCheckoutButton>`), whose data is a
 *   `CheckoutResult` (`{ response, redirecting }`) and whose variables are what was given to `checkout()`.
 * - `order(orderId)`: the query of `useFlowwiseOrder` for that order, whose data is its `OrderSummary`.
 *
 * @example
 * ```tsx
 * const pending = useIsMutating({ mutationKey: flowwiseKeys.all });
 * queryClient.invalidateQueries({ queryKey: flowwiseKeys.order('order_1001') });
 * ```
 */
export const flowwiseKeys = {
  all: ['flowwise'] as const,
  createOrder: createOrderKey,
  checkout: checkoutKey,
  order: orderKey,
};
