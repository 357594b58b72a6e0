import {
  createMemoryOrderStore,
  createOrderHandler,
  createOrderStatusHandler,
  type FetchHandler,
  type FlowwiseClient,
  type OnPaid,
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

/** The demo's fulfilment, once per paid order, whether the return page or the reconciler learnt it was paid: a real store would ship `payload` (the cart it priced). */
export const logFulfilment: OnPaid = ({ orderId }) => console.log(`Fulfilled ${orderId}`);

/** The demo's session cookie: the shop has no sign-in, so each browser gets a random session on its first checkout. */
const sessionOf = (request: Request) => /(?:^|;\s*)demo_session=([\w-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];

/**
 * The store's merchant endpoint, `/api/flowwise/orders`. `POST`: the browser posts the products and
 * quantities the shopper chose (`checkoutSchema`); the amount, the note and the return URL are set
 * here, from the store's own data, and the handler gives every order a fresh `order_id`, recorded in
 * the order store with the shopper's session before the shopper is sent to pay. `GET ?order_id=`: the
 * return page asks whether the order is paid, answered from the store; the session that created it
 * sees it in full (with "Try again"), anyone else holding the id only its outcome; a paid order is
 * fulfilled once. The orders are kept in memory: a real store passes `createPostgresOrderStore({ db })`.
 */
export function createStorefrontHandler({
  client,
  storeUrl,
  store = createMemoryOrderStore(),
  onPaid = logFulfilment,
}: {
  client: FlowwiseClient;
  storeUrl: string;
  store?: OrderStore;
  onPaid?: OnPaid;
}): FetchHandler {
  const status = createOrderStatusHandler({
    client,
    store,
    owner: sessionOf,
    onPaid,
  });
  const create = createOrderHandler({
    client,
    // Recorded with the shopper's session before the shopper is sent to pay.
    store,
    owner: sessionOf,
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
  return async (request) => {
    if (request.method === 'GET') return status(request);
    const session = sessionOf(request);
    if (session) return create(request);
    // A new session for a browser's first checkout, given to the handler with the request and to the browser with the answer.
    const fresh = crypto.randomUUID();
    const headers = new Headers(request.headers);
    headers.set('cookie', [request.headers.get('cookie'), `demo_session=${fresh}`].filter(Boolean).join('; '));
    const answer = await create(new Request(request, { headers }));
    const answered = new Headers(answer.headers);
    answered.append('set-cookie', `demo_session=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return new Response(answer.body, { status: answer.status, headers: answered });
  };
}
