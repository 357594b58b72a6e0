import { createFlowwiseClient, createMemoryOrderStore, createOrderHandler, createOrderStatusHandler } from '@flowwise/react/server';
import { cartSchema, priceCart } from '@/lib/catalogue';

// The credentials are read from FLOWWISE_CLIENT_ID and FLOWWISE_CLIENT_SECRET when a request needs
// them, so `next build` needs none.
const client = createFlowwiseClient({
  environment: 'sandbox',
  // The local sandbox (`npm run sandbox` in the repository) unless FLOWWISE_BASE_URL says otherwise.
  baseUrl: process.env.FLOWWISE_BASE_URL ?? 'http://127.0.0.1:4010/router',
});

// Every order is recorded here before the shopper is sent to pay it. In memory for this example (gone
// on restart); a shop keeps it in Postgres: createPostgresOrderStore({ db }).
const store = createMemoryOrderStore();

// The browser posts the cart; the order is built here. With no order_id returned, the handler makes
// a new one for each request, so shoppers of the same prerendered page never share one.
export const POST = createOrderHandler({
  client,
  store,
  schema: cartSchema,
  prepareOrder: (cart, request) => ({
    ...priceCart(cart),
    customer_details: {}, // the signed-in customer, from your session
    // Back to the site the shopper is on: the handler has refused other sites' pages, so Origin is
    // the shop's own. (Next.js builds request.url on localhost, whatever the shopper's address.)
    return_base_url: new URL('/return', request.headers.get('origin') ?? request.url).href,
  }),
});

// The return page asks here whether the order is paid: `GET /api/flowwise/orders?order_id=…`. Only
// Flowwise's answer counts, never the return URL.
export const GET = createOrderStatusHandler({ client });
