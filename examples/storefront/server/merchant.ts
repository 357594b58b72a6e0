import {
  createOrderHandler,
  FlowwiseError,
  type CreateOrderRequest,
  type FetchHandler,
  type FlowwiseClient,
} from '@flowwise/react/server';
import { cartTotalPaise, CURRENCY, decodeCart, describeCart, encodeCart } from '../src/catalogue';

/**
 * The store's merchant endpoint. The browser sends the cart in `order_tags.cart`; the amount, the
 * currency, the note and the return URL it sends are all replaced here, from the store's own data.
 */
export function createStorefrontHandler({ client, storeUrl }: { client: FlowwiseClient; storeUrl: string }): FetchHandler {
  return createOrderHandler({
    client,
    prepareOrder(order): CreateOrderRequest {
      const decoded = decodeCart(order.order_tags?.cart);
      if ('problem' in decoded) throw new FlowwiseError('validation', decoded.problem, { code: 'invalid_cart' });
      const { cart } = decoded;
      return {
        order_id: order.order_id,
        order_amount: cartTotalPaise(cart) / 100,
        order_currency: CURRENCY,
        customer_details: order.customer_details,
        order_note: describeCart(cart),
        order_tags: { cart: encodeCart(cart), source: 'storefront-demo' },
        expiry_time_in_minutes: 30,
        // Never the browser's: a return URL from the request would let anyone bounce shoppers elsewhere.
        return_base_url: new URL('/return', storeUrl).href,
      };
    },
  });
}
