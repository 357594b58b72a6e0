import {
  createMemoryOrderStore,
  createOrderHandler,
  createOrderStatusHandler,
  type FetchHandler,
  type FlowwiseClient,
  type OrderStore,
  type PreparedOrder,
} from '@flowwise/react/server';
import * as z from 'zod';
import { cartTotalPaise, CURRENCY, describeCart, findProduct, MAX_QUANTITY, type Cart, type CheckoutPayload } from '../src/catalogue';

/** What the page may post (kept on the server, so the shop's pages do not download a validator). */
export const checkoutSchema: z.ZodType<CheckoutPayload> = z.object({
  items: z
    .array(
      z.object({
        id: z.string().refine((id) => findProduct(id) !== undefined, 'is no longer sold here'),
        quantity: z.int().min(1).max(MAX_QUANTITY),
      }),
    )
    .min(1, 'is empty')
    .refine((items) => new Set(items.map(({ id }) => id)).size === items.length, 'lists a product twice'),
  email: z.optional(z.email()),
});

function cartOf(payload: CheckoutPayload): Cart {
  return Object.fromEntries(payload.items.map(({ id, quantity }) => [id, quantity]));
}

/**
 * The store's merchant endpoint, `/api/flowwise/orders`. `POST`: the browser posts the products and
 * quantities the shopper chose (`checkoutSchema`); the amount, the note and the return URL are set
 * here, from the store's own data, and the handler gives every order a fresh `order_id`. `GET
 * ?order_id=`: the return page asks whether the order is paid, and a paid order is fulfilled once.
 */
export function createStorefrontHandler({
  client,
  storeUrl,
  store = createMemoryOrderStore(),
}: {
  client: FlowwiseClient;
  storeUrl: string;
  /** Where the orders are recorded. Defaults to one in memory, gone when the demo stops. */
  store?: OrderStore;
}): FetchHandler {
  const fulfilled = new Set<string>();
  const status = createOrderStatusHandler({
    client,
    // At least once per paid order: a real store would mark it in its database; the demo prints it once.
    onPaid: ({ order_id }) => {
      if (fulfilled.has(order_id)) return;
      fulfilled.add(order_id);
      console.log(`Fulfilled ${order_id}`);
    },
  });
  const create = createOrderHandler({
    client,
    store,
    schema: checkoutSchema,
    prepareOrder(payload): PreparedOrder {
      const cart = cartOf(payload);
      return {
        order_amount: cartTotalPaise(cart) / 100,
        order_currency: CURRENCY,
        customer_details: payload.email ? { customer_email: payload.email } : {},
        order_note: describeCart(cart),
        order_tags: { source: 'storefront-demo' },
        expiry_time_in_minutes: 30,
        // Never the browser's: a return URL from the request would let anyone bounce shoppers elsewhere.
        return_base_url: new URL('/return', storeUrl).href,
      };
    },
  });
  return (request) => (request.method === 'GET' ? status(request) : create(request));
}
